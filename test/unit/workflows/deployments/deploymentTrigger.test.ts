import * as assert from 'node:assert/strict';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type {
  CloudTrailGateway,
  LookupKey,
  TimeWindow,
  TrailEvent,
} from '../../../../src/aws/cloudTrailGateway';
import {
  describeEvent,
  eventNamesService,
  lookUpTriggers,
  lookupWindow,
  triggerFor,
} from '../../../../src/workflows/deployments/deploymentTrigger';
import { formatDeploymentRecord } from '../../../../src/workflows/deployments/deploymentView';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const MIN = 60_000;
const ACCOUNT = '123456789012';
const SERVICE = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/web`;

function deployment(
  id: string,
  createdAt: number,
  extra: Partial<ServiceDeployment> = {},
): ServiceDeployment {
  return {
    serviceDeploymentArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/prod/web/${id}`,
    serviceArn: SERVICE,
    createdAt: new Date(createdAt),
    status: 'SUCCESSFUL',
    ...extra,
  };
}

/** An event as LookupEvents returns it; `record` is the CloudTrail record (CloudTrailEvent). */
function event(eventName: string, at: number, record: Record<string, unknown>): TrailEvent {
  return { eventName, eventTime: new Date(at), cloudTrailEvent: JSON.stringify({ eventName, ...record }) };
}

const alice = { type: 'IAMUser', arn: `arn:aws:iam::${ACCOUNT}:user/alice`, userName: 'alice' };
const deployBot = {
  type: 'AssumedRole',
  arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy-bot/ci-run-42`,
};

describe('deployment trigger: who started a service deployment, from CloudTrail', () => {
  describe('describeEvent (one identity in a few words)', () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      [
        'IAM user with the CLI',
        { userIdentity: alice, userAgent: 'aws-cli/2.17.4 Python/3.11' },
        'alice (IAM user) via aws-cli',
      ],
      [
        'assumed role with its session',
        { userIdentity: deployBot, userAgent: 'Boto3/1.34' },
        'role/deploy-bot (assumed role, session ci-run-42)',
      ],
      [
        'assumed role through CodePipeline',
        {
          userIdentity: { ...deployBot, invokedBy: 'codepipeline.amazonaws.com' },
          userAgent: 'codepipeline.amazonaws.com',
        },
        'role/deploy-bot (assumed role, session ci-run-42) via CodePipeline',
      ],
      [
        'an AWS service',
        { userIdentity: { type: 'AWSService', invokedBy: 'codepipeline.amazonaws.com' } },
        'CodePipeline',
      ],
      [
        'the root user in the console',
        {
          userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT}:root` },
          userAgent: 'console.amazonaws.com',
        },
        'the root user via the console',
      ],
      [
        'an IAM user in the console',
        { userIdentity: alice, userAgent: 'console.amazonaws.com' },
        'alice (IAM user) via the console',
      ],
      [
        'this extension',
        {
          userIdentity: alice,
          userAgent: 'aws-sdk-js/3.1164.0 ua/2.1 os/linux lang/js api/ecs#3.1164.0 ecs-fargate-vscode',
        },
        'alice (IAM user) via this extension',
      ],
    ];
    for (const [name, record, expected] of cases) {
      it(name, () => assert.equal(describeEvent(event('UpdateService', NOW, record)), expected));
    }

    it('a record that cannot be parsed falls back to the Username LookupEvents gives', () => {
      assert.equal(
        describeEvent({ eventName: 'UpdateService', username: 'bob', cloudTrailEvent: '{not json' }),
        'bob',
      );
    });
  });

  describe('triggerFor (matching)', () => {
    const d = deployment('a', NOW - 30 * MIN);

    it('takes the CreateService/UpdateService event closest to createdAt within 60 s', () => {
      const events = [
        event('UpdateService', NOW - 30 * MIN - 50_000, { userIdentity: alice, userAgent: 'aws-cli/2' }),
        event('UpdateService', NOW - 30 * MIN + 2_000, { userIdentity: deployBot }),
        event('DescribeServices', NOW - 30 * MIN, { userIdentity: alice }),
      ];
      assert.equal(
        triggerFor(d, { kind: 'events', events }, NOW).startedBy,
        'role/deploy-bot (assumed role, session ci-run-42)',
      );
    });

    it('an event more than 60 s away is not the trigger', () => {
      const events = [event('UpdateService', NOW - 28 * MIN, { userIdentity: alice })];
      assert.equal(
        triggerFor(d, { kind: 'events', events }, NOW).startedBy,
        'unknown (no matching CloudTrail event)',
      );
    });

    it("an update of ANOTHER service at the same second is not this one's trigger", () => {
      const events = [
        event('UpdateService', NOW - 30 * MIN, {
          userIdentity: alice,
          requestParameters: { cluster: 'prod', service: 'api' },
        }),
      ];
      assert.match(triggerFor(d, { kind: 'events', events }, NOW).startedBy, /^unknown/);
    });

    it('a deployment older than 90 days says so', () => {
      const old = deployment('old', NOW - 100 * 24 * 60 * MIN);
      assert.equal(
        triggerFor(old, { kind: 'events', events: [] }, NOW).startedBy,
        "unknown (not in CloudTrail's last 90 days)",
      );
    });

    it('a rollback asked for (StopServiceDeployment) names who asked', () => {
      const rolled = deployment('r', NOW - 30 * MIN, {
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: { reason: 'StopServiceDeployment', startedAt: new Date(NOW - 20 * MIN) },
      });
      const events = [
        event('UpdateService', NOW - 30 * MIN, { userIdentity: deployBot }),
        event('StopServiceDeployment', NOW - 20 * MIN + 1_000, {
          userIdentity: alice,
          userAgent: 'console.amazonaws.com',
        }),
      ];
      assert.deepEqual(triggerFor(rolled, { kind: 'events', events }, NOW), {
        startedBy: 'role/deploy-bot (assumed role, session ci-run-42)',
        rolledBackBy: 'alice (IAM user) via the console',
      });
    });

    it('a rollback ECS started itself: the alarm or the circuit breaker from the record', () => {
      const byAlarm = deployment('x', NOW - 30 * MIN, {
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: { reason: 'Alarm triggered', startedAt: new Date(NOW - 25 * MIN) },
        alarms: {
          status: 'TRIGGERED',
          alarmNames: ['storefront-5xx'],
          triggeredAlarmNames: ['storefront-5xx'],
        },
      });
      const byBreaker = deployment('y', NOW - 30 * MIN, {
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: { reason: 'Circuit breaker triggered', startedAt: new Date(NOW - 25 * MIN) },
        deploymentCircuitBreaker: { status: 'TRIGGERED', failureCount: 3, threshold: 3 },
      });
      const none = { kind: 'events' as const, events: [] };
      assert.equal(triggerFor(byAlarm, none, NOW).rolledBackBy, 'ECS (alarm storefront-5xx)');
      assert.equal(triggerFor(byBreaker, none, NOW).rolledBackBy, 'ECS (circuit breaker)');
    });

    it('an unavailable lookup gives its reason', () => {
      assert.equal(
        triggerFor(d, { kind: 'unavailable', reason: 'no cloudtrail:LookupEvents permission' }, NOW)
          .startedBy,
        'unknown (no cloudtrail:LookupEvents permission)',
      );
    });
  });

  describe('lookupWindow', () => {
    it('spans the page from 2 min before the oldest to 2 min after the newest', () => {
      const w = lookupWindow([deployment('a', NOW - 3 * 60 * MIN), deployment('b', NOW - 60 * MIN)], NOW);
      assert.deepEqual(w, { start: new Date(NOW - 3 * 60 * MIN - 2 * MIN), end: new Date(NOW - 58 * MIN) });
    });

    it('is the same window a minute later (the gateway cache answers a refresh)', () => {
      const page = [deployment('a', NOW - 3 * 60 * MIN), deployment('b', NOW - 60 * MIN)];
      assert.deepEqual(lookupWindow(page, NOW), lookupWindow(page, NOW + MIN));
    });

    it('is undefined when every deployment is older than 90 days', () => {
      assert.equal(lookupWindow([deployment('a', NOW - 91 * 24 * 60 * MIN)], NOW), undefined);
    });
  });

  describe('eventNamesService (the EventName fallback ties an event to this service by its request)', () => {
    const web = { cluster: 'prod', name: 'web' };
    const update = (requestParameters: Record<string, unknown> | null) =>
      event('UpdateService', NOW, { requestParameters });
    it('service as a name, in the cluster named or by ARN', () => {
      assert.equal(eventNamesService(update({ cluster: 'prod', service: 'web' }), web), true);
      assert.equal(
        eventNamesService(
          update({ cluster: `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`, service: 'web' }),
          web,
        ),
        true,
      );
    });
    it('service as an ARN (the cluster in the ARN, or the parameter for an old-format ARN)', () => {
      assert.equal(eventNamesService(update({ service: SERVICE }), web), true);
      assert.equal(
        eventNamesService(
          update({ cluster: 'prod', service: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/web` }),
          web,
        ),
        true,
      );
      assert.equal(
        eventNamesService(update({ service: `arn:aws:ecs:us-east-1:${ACCOUNT}:service/staging/web` }), web),
        false,
      );
    });
    it('no cluster means "default"', () => {
      assert.equal(eventNamesService(update({ service: 'web' }), web), false);
      assert.equal(eventNamesService(update({ service: 'web' }), { cluster: 'default', name: 'web' }), true);
    });
    it('another cluster’s same-named service, another service, or no parameters: not this one', () => {
      assert.equal(eventNamesService(update({ cluster: 'staging', service: 'web' }), web), false);
      assert.equal(eventNamesService(update({ cluster: 'prod', service: 'api' }), web), false);
      assert.equal(eventNamesService(update(null), web), false);
    });
    it('CreateService names it serviceName; StopServiceDeployment by its deployment ARN', () => {
      assert.equal(
        eventNamesService(
          event('CreateService', NOW, { requestParameters: { cluster: 'prod', serviceName: 'web' } }),
          web,
        ),
        true,
      );
      const stop = (arn: string) =>
        event('StopServiceDeployment', NOW, { requestParameters: { serviceDeploymentArn: arn } });
      assert.equal(eventNamesService(stop(deployment('a', NOW).serviceDeploymentArn!), web), true);
      assert.equal(
        eventNamesService(stop(`arn:aws:ecs:us-east-1:${ACCOUNT}:service-deployment/staging/web/x`), web),
        false,
      );
    });
  });

  describe('lookUpTriggers (one lookup per page; the EventName fallback)', () => {
    function gateway(answer: (name: string, window: TimeWindow) => Promise<readonly TrailEvent[]>) {
      const calls: Array<{ name: string; window: TimeWindow }> = [];
      let key: LookupKey = 'ResourceName';
      const g: CloudTrailGateway = {
        lookupEvents: (attribute, window) => {
          calls.push({ name: attribute.value, window });
          return answer(attribute.value, window);
        },
        serviceEventsKey: () => key,
        rememberServiceEventsKey: (k) => {
          key = k;
        },
      };
      return { g, calls };
    }

    it('asks once for the service ARN and answers every deployment', async () => {
      const page = [deployment('a', NOW - 10 * MIN), deployment('b', NOW - 50 * MIN)];
      const { g, calls } = gateway(() =>
        Promise.resolve([
          event('UpdateService', NOW - 10 * MIN, { userIdentity: alice }),
          event('CreateService', NOW - 50 * MIN, { userIdentity: deployBot }),
        ]),
      );
      const triggers = await lookUpTriggers(g, page, NOW);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.name, SERVICE);
      assert.deepEqual(
        page.map((d) => triggers.get(d.serviceDeploymentArn!)?.startedBy),
        ['alice (IAM user)', 'role/deploy-bot (assumed role, session ci-run-42)'],
      );
    });

    it('nothing by ResourceName: UpdateService by EventName, this service’s only; remembered for the next page', async () => {
      const page = [deployment('a', NOW - 10 * MIN, { sourceServiceRevisions: [{ arn: 'r1' }] })];
      const updates = [
        event('UpdateService', NOW - 10 * MIN, {
          userIdentity: deployBot,
          requestParameters: { cluster: 'staging', service: 'web' },
        }),
        event('UpdateService', NOW - 10 * MIN + 5_000, {
          userIdentity: alice,
          requestParameters: { cluster: 'prod', service: 'web' },
        }),
      ];
      const { g, calls } = gateway((name) => Promise.resolve(name === 'UpdateService' ? updates : []));
      const triggers = await lookUpTriggers(g, page, NOW);
      assert.deepEqual(
        calls.map((c) => c.name),
        [SERVICE, 'UpdateService'],
      );
      assert.equal(triggers.get(page[0]!.serviceDeploymentArn!)?.startedBy, 'alice (IAM user)');
      assert.equal(g.serviceEventsKey(), 'EventName');
      await lookUpTriggers(g, page, NOW);
      assert.deepEqual(
        calls.slice(2).map((c) => c.name),
        ['UpdateService'],
        'straight to EventName',
      );
    });

    it('the service’s first deployment still unmatched: CreateService too', async () => {
      const page = [deployment('a', NOW - 10 * MIN)];
      const { g, calls } = gateway((name) =>
        Promise.resolve(
          name === 'CreateService'
            ? [
                event('CreateService', NOW - 10 * MIN, {
                  userIdentity: alice,
                  requestParameters: { cluster: 'prod', serviceName: 'web' },
                }),
              ]
            : [],
        ),
      );
      const triggers = await lookUpTriggers(g, page, NOW);
      assert.deepEqual(
        calls.map((c) => c.name),
        [SERVICE, 'UpdateService', 'CreateService'],
      );
      assert.equal(triggers.get(page[0]!.serviceDeploymentArn!)?.startedBy, 'alice (IAM user)');
    });

    it('a denied lookup still answers every deployment, with the reason', async () => {
      const denied = Object.assign(new Error('User is not authorized to perform: cloudtrail:LookupEvents'), {
        name: 'AccessDeniedException',
      });
      const { g } = gateway(() => Promise.reject(denied));
      const triggers = await lookUpTriggers(g, [deployment('a', NOW - 10 * MIN)], NOW);
      assert.deepEqual(
        [...triggers.values()],
        [{ startedBy: 'unknown (no cloudtrail:LookupEvents permission)' }],
      );
    });
  });

  it('Show Deployment writes who triggered it and who rolled it back', () => {
    const lines = formatDeploymentRecord(deployment('a', NOW - 10 * MIN), undefined, NOW, {
      startedBy: 'alice (IAM user) via the console',
      rolledBackBy: 'ECS (alarm web-5xx)',
    });
    assert.ok(lines.some((l) => /^Triggered by\s+alice \(IAM user\) via the console$/.test(l)));
    assert.ok(lines.some((l) => /^Rolled back by\s+ECS \(alarm web-5xx\)$/.test(l)));
  });
});
