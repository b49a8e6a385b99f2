import * as assert from 'node:assert/strict';
import { ECSClient, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import {
  createTaskDefinitionGateway,
  parseTaskDefinitionId,
  TASK_DEFINITION_LIST_PAGE_SIZE,
  type TaskDefinitionGateway,
} from '../../../src/aws/taskDefinitionGateway';
import { formatJson, normalizeForCompare, toRegisterable } from '../../../src/taskdef/normalize';
import { FakeAws } from '../../fakeAws/server';

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';

function fargate(family: string, image: string, over: Partial<RegisterTaskDefinitionCommandInput> = {}) {
  return {
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: ROLE,
    containerDefinitions: [{ name: family, image, portMappings: [{ containerPort: 8080 }] }],
    ...over,
  } satisfies RegisterTaskDefinitionCommandInput;
}

const names = (arns: string[]) =>
  arns.map((arn) => {
    const id = parseTaskDefinitionId(arn);
    return `${id?.family}:${id?.revision}`;
  });

describe('TaskDefinitionGateway against the fake ECS endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let client: ECSClient;
  let gateway: TaskDefinitionGateway;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new ECSClient({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDTASKDEFS', secretAccessKey: 'taskdefs-secret' },
    });
    gateway = createTaskDefinitionGateway(client);
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  async function registerRevisions(family: string, count: number): Promise<void> {
    for (let i = 1; i <= count; i++) await gateway.register(fargate(family, `${family}:${i}`));
  }

  it('lists families, and a family’s revisions newest first (3 revisions of 2 families)', async () => {
    await registerRevisions('web', 3);
    await registerRevisions('worker', 3);
    assert.deepEqual(await gateway.listFamilies('ACTIVE'), ['web', 'worker']);
    assert.deepEqual(names(await gateway.listRevisions('web')), ['web:3', 'web:2', 'web:1']);
    assert.deepEqual(names(await gateway.listRevisions('worker')), ['worker:3', 'worker:2', 'worker:1']);
    assert.equal(fake.stats.calls('ListTaskDefinitions'), 2, 'one call per family');
  });

  it('keeps a family’s revisions to that family exactly (web is not web-api)', async () => {
    await registerRevisions('web', 2);
    await registerRevisions('web-api', 2);
    assert.deepEqual(names(await gateway.listRevisions('web')), ['web:2', 'web:1']);
    assert.deepEqual(await gateway.listFamilies(), ['web', 'web-api']);
  });

  it('pages through more than 100 revisions and families, 100 at a time', async () => {
    for (let i = 1; i <= 130; i++) fake.ecs.registerTaskDefinition(fargate('batch', `batch:${i}`));
    const arns = await gateway.listRevisions('batch');
    assert.equal(arns.length, 130);
    assert.deepEqual(names(arns.slice(0, 2)), ['batch:130', 'batch:129']);
    assert.equal(names(arns).at(-1), 'batch:1');
    assert.equal(fake.stats.calls('ListTaskDefinitions'), Math.ceil(130 / TASK_DEFINITION_LIST_PAGE_SIZE));

    for (let i = 0; i < 120; i++)
      fake.ecs.registerTaskDefinition(fargate(`svc-${String(i).padStart(3, '0')}`, 'x'));
    const families = await gateway.listFamilies('ACTIVE');
    assert.equal(families.length, 121);
    assert.equal(families[0], 'batch');
    assert.equal(fake.stats.calls('ListTaskDefinitionFamilies'), 2);
  });

  it('describes by family, family:revision and ARN, with tags', async () => {
    const tags = [
      { key: 'team', value: 'payments' },
      { key: 'app', value: 'web' },
    ];
    const first = await gateway.register(fargate('web', 'web:1', { tags }));
    await gateway.register(fargate('web', 'web:2'));
    const latest = await gateway.describe('web');
    assert.equal(latest.taskDefinition.revision, 2);
    assert.deepEqual(latest.tags, []);
    const byRevision = await gateway.describe('web:1');
    assert.equal(byRevision.taskDefinition.containerDefinitions?.[0]?.image, 'web:1');
    assert.deepEqual(byRevision.tags, tags);
    const byArn = await gateway.describe(first.taskDefinitionArn ?? '');
    assert.equal(byArn.taskDefinition.revision, 1);
    assert.ok(byArn.taskDefinition.registeredAt instanceof Date);
    await assert.rejects(gateway.describe('web:9'), { name: 'ClientException' });
  });

  it('deregisters: the revision becomes INACTIVE and leaves the ACTIVE listing', async () => {
    await registerRevisions('web', 3);
    await registerRevisions('job', 1);
    const deregistered = await gateway.deregister('web:2');
    assert.equal(deregistered?.status, 'INACTIVE');
    assert.deepEqual(names(await gateway.listRevisions('web')), ['web:3', 'web:1']);
    assert.deepEqual(names(await gateway.listRevisions('web', 'INACTIVE')), ['web:2']);
    assert.equal((await gateway.describe('web:2')).taskDefinition.status, 'INACTIVE');

    await gateway.deregister('job:1');
    assert.deepEqual(await gateway.listFamilies('ACTIVE'), ['web']);
    assert.deepEqual(await gateway.listFamilies('INACTIVE'), ['job']);
    assert.deepEqual(await gateway.listFamilies(), ['job', 'web'], 'the API default lists both');
  });

  it('round-trips: a saved revision registers as is and compares equal to its source file', async () => {
    const file = fargate('web', 'web:1', {
      cpu: '.25 vCPU',
      tags: [{ key: 'app', value: 'web' }],
      containerDefinitions: [
        {
          name: 'web',
          image: 'web:1',
          environment: [
            { name: 'B', value: '2' },
            { name: 'A', value: '1' },
          ],
          portMappings: [{ containerPort: 8080 }],
        },
      ],
    });
    await gateway.register(file);
    const registered = await gateway.describe('web:1');
    // ECS wrote its defaults into the revision; the comparison still sees the same definition.
    assert.equal(registered.taskDefinition.containerDefinitions?.[0]?.essential, true);
    assert.equal(registered.taskDefinition.cpu, '256');
    const saved = toRegisterable(registered.taskDefinition, registered.tags);
    assert.equal(formatJson(normalizeForCompare(saved)), formatJson(normalizeForCompare(file)));

    const again = await gateway.register(saved as unknown as RegisterTaskDefinitionCommandInput);
    assert.equal(again.revision, 2);
    const second = await gateway.describe('web:2');
    assert.deepEqual(second.tags, [{ key: 'app', value: 'web' }]);
    assert.deepEqual(
      normalizeForCompare(toRegisterable(second.taskDefinition, second.tags)),
      normalizeForCompare(saved),
    );
  });

  it('limits DescribeTaskDefinition calls in flight (there is no batch describe)', async () => {
    fake.faults.latencyMs = 20;
    for (let i = 1; i <= 12; i++) fake.ecs.registerTaskDefinition(fargate('web', `web:${i}`));
    const limited = createTaskDefinitionGateway(client, { concurrency: () => 3 });
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => limited.describe(`web:${i + 1}`)));
    assert.equal(all.length, 12);
    assert.equal(fake.stats.peakConcurrency('DescribeTaskDefinition'), 3);
  });

  it('stops paging when aborted', async () => {
    for (let i = 1; i <= 150; i++) fake.ecs.registerTaskDefinition(fargate('web', `web:${i}`));
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(gateway.listRevisions('web', 'ACTIVE', controller.signal), { name: 'AbortError' });
    assert.equal(fake.stats.calls('ListTaskDefinitions'), 0);
  });
});
