import * as assert from 'node:assert/strict';
import {
  CloudTrailClient,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { buildDemoFleet, ManualClock } from '../fakeAws';
import { assumedRole } from '../fakeAws/cloudtrail/fakeCloudTrail';
import { createWeb, deploy, registerWeb } from './deploymentHelpers';
import { CREDENTIALS, rejection, useFake } from './helpers';

/** The fields of a CloudTrail record these tests read. */
interface TrailRecordJson {
  eventSource: string;
  eventType: string;
  managementEvent: boolean;
  readOnly: boolean;
  eventTime: string;
  userAgent: string;
  userIdentity: { type: string; arn?: string; accessKeyId?: string };
  requestParameters: { taskDefinition?: string };
}

const SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/default/web';

describe('fake AWS: CloudTrail event history (LookupEvents) of ECS deployment calls', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  let trail: CloudTrailClient;
  before(() => {
    trail = new CloudTrailClient({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => trail.destroy());
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    registerWeb(ctx.fake);
  });

  const lookup = (input: LookupEventsCommandInput) => trail.send(new LookupEventsCommand(input));
  const byService = {
    LookupAttributes: [{ AttributeKey: 'ResourceName' as const, AttributeValue: SERVICE_ARN }],
  };

  it('records CreateService and UpdateService with the caller, its User-Agent and the service as resource', async () => {
    ctx.fake.cloudTrail.identities.set(
      CREDENTIALS.accessKeyId,
      assumedRole('123456789012', 'deploy-bot', 'ci-run-42'),
    );
    await createWeb(ctx.ecs, clock);
    await deploy(ctx.ecs);
    await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }));
    const out = await lookup(byService);
    assert.deepEqual(
      out.Events?.map((e) => e.EventName),
      ['UpdateService', 'CreateService'],
      'newest first; a read-only DescribeServices is not a deployment event',
    );
    const update = out.Events[0]!;
    assert.equal(update.Username, 'ci-run-42');
    assert.deepEqual(update.Resources, [{ ResourceType: 'AWS::ECS::Service', ResourceName: SERVICE_ARN }]);
    const record = JSON.parse(update.CloudTrailEvent!) as TrailRecordJson;
    assert.equal(record.eventSource, 'ecs.amazonaws.com');
    assert.equal(record.eventType, 'AwsApiCall');
    assert.equal(record.managementEvent, true);
    assert.equal(record.readOnly, false);
    assert.equal(record.userIdentity.type, 'AssumedRole');
    assert.equal(record.userIdentity.arn, 'arn:aws:sts::123456789012:assumed-role/deploy-bot/ci-run-42');
    assert.equal(record.userIdentity.accessKeyId, CREDENTIALS.accessKeyId);
    assert.match(record.userAgent, /aws-sdk-js/, 'the SDK client’s own User-Agent header');
    assert.equal(record.requestParameters.taskDefinition, 'web:2');
    assert.equal(new Date(record.eventTime).getTime(), Math.floor(update.EventTime!.getTime() / 1000) * 1000);
  });

  it('indexEcsResources off: ECS events have no resources; EventName finds them (exact name, window, newest first, pages)', async () => {
    ctx.fake.cloudTrail.indexEcsResources = false;
    await createWeb(ctx.ecs, clock);
    clock.advance(60_000);
    await deploy(ctx.ecs);
    clock.advance(60_000);
    await deploy(ctx.ecs);
    assert.deepEqual((await lookup(byService)).Events, [], 'not found by the service ARN');
    const byName = (name: string, extra: LookupEventsCommandInput = {}) =>
      lookup({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: name }], ...extra });
    const updates = await byName('UpdateService');
    assert.deepEqual(
      updates.Events?.map((e) => e.EventName),
      ['UpdateService', 'UpdateService'],
      'the CreateService is not an UpdateService',
    );
    assert.ok(updates.Events[0]!.EventTime! > updates.Events[1]!.EventTime!, 'newest first');
    assert.deepEqual(updates.Events[0]!.Resources, []);
    assert.deepEqual((await byName('updateservice')).Events, [], 'the name is matched exactly');
    const older = await byName('UpdateService', { EndTime: new Date(clock.now() - 30_000) });
    assert.equal(older.Events?.length, 1, 'the time window applies');
    const first = await byName('UpdateService', { MaxResults: 1 });
    assert.equal(first.Events?.length, 1);
    const second = await byName('UpdateService', { MaxResults: 1, NextToken: first.NextToken! });
    assert.equal(second.Events?.length, 1);
    assert.ok(second.Events[0]!.EventTime! < first.Events[0]!.EventTime!, 'the next page is older');
    assert.equal(second.NextToken, undefined);
    assert.deepEqual(ctx.fake.cloudTrail.lookups.slice(0, 2), [
      { key: 'ResourceName', value: SERVICE_ARN },
      { key: 'EventName', value: 'UpdateService' },
    ]);
  });

  it('an unknown access key is an IAM user by default', async () => {
    await createWeb(ctx.ecs, clock);
    const record = JSON.parse((await lookup(byService)).Events![0]!.CloudTrailEvent!) as TrailRecordJson;
    assert.equal(record.userIdentity.type, 'IAMUser');
  });

  it('filters by the time range', async () => {
    const start = clock.now();
    await createWeb(ctx.ecs, clock); // advances 60 s
    clock.advance(10 * 60_000);
    await deploy(ctx.ecs);
    const early = await lookup({
      ...byService,
      StartTime: new Date(start),
      EndTime: new Date(start + 5 * 60_000),
    });
    assert.deepEqual(
      early.Events?.map((e) => e.EventName),
      ['CreateService'],
    );
    const late = await lookup({ ...byService, StartTime: new Date(start + 5 * 60_000) });
    assert.deepEqual(
      late.Events?.map((e) => e.EventName),
      ['UpdateService'],
    );
  });

  it('pages by at most 50 with NextToken; MaxResults above 50 is refused', async () => {
    for (let i = 0; i < 60; i++) {
      ctx.fake.cloudTrail.record({
        eventName: 'UpdateService',
        at: clock.now() - i * 1000,
        resources: [{ ResourceType: 'AWS::ECS::Service', ResourceName: SERVICE_ARN }],
      });
    }
    const first = await lookup(byService);
    assert.equal(first.Events?.length, 50);
    assert.ok(first.NextToken);
    const second = await lookup({ ...byService, NextToken: first.NextToken });
    assert.equal(second.Events?.length, 10);
    assert.equal(second.NextToken, undefined);
    const err = await rejection(lookup({ ...byService, MaxResults: 51 }));
    assert.equal(err.name, 'InvalidMaxResultsException');
  });

  it('takes one lookup attribute only (InvalidLookupAttributesException for two)', async () => {
    const err = await rejection(
      lookup({
        LookupAttributes: [
          { AttributeKey: 'ResourceName', AttributeValue: SERVICE_ARN },
          { AttributeKey: 'EventName', AttributeValue: 'UpdateService' },
        ],
      }),
    );
    assert.equal(err.name, 'InvalidLookupAttributesException');
    assert.equal(err.$metadata.httpStatusCode, 400);
  });

  it('filters by EventName and Username', async () => {
    await createWeb(ctx.ecs, clock);
    await deploy(ctx.ecs);
    const updates = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateService' }],
    });
    assert.deepEqual(
      updates.Events?.map((e) => e.EventName),
      ['UpdateService'],
    );
    const nobody = await lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'nobody' }],
    });
    assert.deepEqual(nobody.Events, []);
  });

  it('a start after the end is InvalidTimeRangeException', async () => {
    const err = await rejection(
      lookup({ StartTime: new Date(clock.now()), EndTime: new Date(clock.now() - 1000) }),
    );
    assert.equal(err.name, 'InvalidTimeRangeException');
  });

  it('only the last 90 days are kept', async () => {
    ctx.fake.cloudTrail.record({
      eventName: 'UpdateService',
      at: clock.now() - 91 * 24 * 60 * 60_000,
      resources: [{ ResourceType: 'AWS::ECS::Service', ResourceName: SERVICE_ARN }],
    });
    assert.deepEqual((await lookup(byService)).Events, []);
  });

  it('denyOperation makes it AccessDeniedException', async () => {
    ctx.fake.faults.denyOperation('LookupEvents');
    const err = await rejection(lookup(byService));
    assert.equal(err.name, 'AccessDeniedException');
    assert.match(err.message, /cloudtrail:LookupEvents/);
  });

  it('the demo fleet: checkout deployed by the deploy-bot role through CodePipeline, catalog in the console', async () => {
    const f = ctx.fake;
    buildDemoFleet(f.ecs, f.autoScaling, f.elb, f.codeDeploy, f.cloudTrail);
    const arn = (service: string) => `arn:aws:ecs:us-east-1:123456789012:service/releases/${service}`;
    const first = async (service: string) => {
      const out = await lookup({
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn(service) }],
      });
      assert.equal(out.Events?.length, 1, `${service}: one UpdateService`);
      return JSON.parse(out.Events[0]!.CloudTrailEvent!) as TrailRecordJson & {
        userIdentity: { invokedBy?: string; userName?: string };
      };
    };
    const checkout = await first('checkout');
    assert.match(checkout.userIdentity.arn ?? '', /assumed-role\/deploy-bot\//);
    assert.equal(checkout.userIdentity.invokedBy, 'codepipeline.amazonaws.com');
    const catalog = await first('catalog');
    assert.equal(catalog.userIdentity.userName, 'maria');
    assert.equal(catalog.userAgent, 'console.amazonaws.com');
    const search = await lookup({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn('search') }],
    });
    assert.deepEqual(
      search.Events?.map((e) => e.EventName),
      ['UpdateService'],
      'the alarm rollback was ECS’s own: no StopServiceDeployment',
    );
  });
});
