import * as assert from 'node:assert/strict';
import type { DefaultNetwork } from '../../../src/aws/ec2Gateway';
import {
  buildRunTaskInput,
  countProblem,
  parseIds,
  RunTaskInputError,
  STARTED_BY,
  type RunTaskChoices,
} from '../../../src/workflows/runTask/runTaskInput';
import { networkOfDefaultVpc, networkOfService } from '../../../src/workflows/runTask/runTaskNetwork';
import { parseOverrides, overridesTemplate } from '../../../src/workflows/runTask/runTaskOverrides';
import { RunTaskMemory } from '../../../src/workflows/runTask/runTaskMemory';

const SUBNET_A = 'subnet-0123456789abcdef0';
const SUBNET_B = 'subnet-0123456789abcdef1';
const SG = 'sg-0123456789abcdef0';

const choices = (over: Partial<RunTaskChoices> = {}): RunTaskChoices => ({
  cluster: 'prod',
  taskDefinition: 'web:3',
  network: { subnets: [SUBNET_A], securityGroups: [SG], assignPublicIp: true },
  capacity: { launchType: 'FARGATE' },
  count: 1,
  enableExecuteCommand: false,
  ...over,
});

describe('runTask input builder', () => {
  it('builds a FARGATE launch-type request with awsvpc networking and startedBy', () => {
    assert.deepEqual(buildRunTaskInput(choices()), {
      cluster: 'prod',
      taskDefinition: 'web:3',
      count: 1,
      launchType: 'FARGATE',
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [SUBNET_A], securityGroups: [SG], assignPublicIp: 'ENABLED' },
      },
      enableExecuteCommand: false,
      startedBy: STARTED_BY,
    });
  });

  it('FARGATE_SPOT is a capacity provider strategy, never together with a launch type', () => {
    const input = buildRunTaskInput(choices({ capacity: { capacityProvider: 'FARGATE_SPOT' } }));
    assert.equal(input.launchType, undefined);
    assert.deepEqual(input.capacityProviderStrategy, [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
  });

  it('public IP off and no security groups: DISABLED, and securityGroups omitted (the VPC default applies)', () => {
    const input = buildRunTaskInput(
      choices({ network: { subnets: [SUBNET_A, SUBNET_B], securityGroups: [], assignPublicIp: false } }),
    );
    assert.deepEqual(input.networkConfiguration?.awsvpcConfiguration, {
      subnets: [SUBNET_A, SUBNET_B],
      assignPublicIp: 'DISABLED',
    });
  });

  it('count must be an integer from 1 to 10', () => {
    for (const bad of [0, 11, 1.5, -1]) {
      assert.throws(
        () => buildRunTaskInput(choices({ count: bad })),
        (e: unknown) => {
          assert.ok(e instanceof RunTaskInputError);
          assert.equal(e.step, 'Count');
          return true;
        },
      );
    }
    assert.equal(buildRunTaskInput(choices({ count: 10 })).count, 10);
    assert.equal(countProblem('3'), undefined);
    assert.match(countProblem('')!, /1 to 10/);
    assert.match(countProblem('abc')!, /not in that range/);
  });

  it('networking: a subnet is required, ids are checked, and the limits of 16 subnets and 5 groups apply', () => {
    const network = (subnets: string[], securityGroups: string[] = []) =>
      choices({ network: { subnets, securityGroups, assignPublicIp: true } });
    assert.throws(() => buildRunTaskInput(network([])), /Networking: Enter at least one subnet/);
    assert.throws(() => buildRunTaskInput(network(['vpc-123'])), /"vpc-123" is not a subnet id/);
    assert.throws(
      () => buildRunTaskInput(network([SUBNET_A], ['default'])),
      /"default" is not a security group id/,
    );
    const many = Array.from({ length: 17 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`);
    assert.throws(() => buildRunTaskInput(network(many)), /At most 16 subnets/);
    const groups = Array.from({ length: 6 }, (_, i) => `sg-${String(i).padStart(8, '0')}`);
    assert.throws(() => buildRunTaskInput(network([SUBNET_A], groups)), /At most 5 security groups/);
  });

  it('parseIds splits on commas and whitespace and drops duplicates', () => {
    assert.deepEqual(parseIds(` ${SUBNET_A}, ${SUBNET_B}\n${SUBNET_A} ,`), [SUBNET_A, SUBNET_B]);
  });

  it('overrides are sent only when they change something', () => {
    const overrides = { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] };
    assert.deepEqual(buildRunTaskInput(choices({ overrides })).overrides, overrides);
    assert.equal(buildRunTaskInput(choices({ overrides: { containerOverrides: [] } })).overrides, undefined);
  });
});

describe('runTask overrides', () => {
  const containers = ['web', 'worker'];

  it('accepts name, command and environment for containers of the revision', () => {
    const text = JSON.stringify({
      containerOverrides: [
        { name: 'worker', command: ['node', 'job.js'], environment: [{ name: 'MODE', value: 'once' }] },
      ],
    });
    assert.deepEqual(parseOverrides(text, containers), {
      ok: true,
      overrides: {
        containerOverrides: [
          { name: 'worker', command: ['node', 'job.js'], environment: [{ name: 'MODE', value: 'once' }] },
        ],
      },
    });
  });

  it('the untouched template (empty command and environment) means no overrides', () => {
    assert.deepEqual(parseOverrides(overridesTemplate(containers), containers), {
      ok: true,
      overrides: undefined,
    });
    assert.deepEqual(parseOverrides('', containers), { ok: true, overrides: undefined });
  });

  const rejected: Array<[string, string, RegExp]> = [
    ['bad JSON', '{"containerOverrides": [', /Not valid JSON/],
    [
      'unknown container',
      '{"containerOverrides":[{"name":"db","command":["x"]}]}',
      /"db" is not a container of this revision \(web, worker\)/,
    ],
    [
      'command not strings',
      '{"containerOverrides":[{"name":"web","command":"npm start"}]}',
      /command must be an array of strings/,
    ],
    [
      'environment shape',
      '{"containerOverrides":[{"name":"web","environment":[{"name":"A","value":1}]}]}',
      /environment\[0\] must be/,
    ],
    ['unoffered key', '{"containerOverrides":[{"name":"web","cpu":256}]}', /cpu is not offered here/],
    ['top-level key', '{"taskRoleArn":"arn:aws:iam::1:role/x"}', /"taskRoleArn" is not offered here/],
    [
      'duplicate',
      '{"containerOverrides":[{"name":"web","command":["a"]},{"name":"web","command":["b"]}]}',
      /appears twice/,
    ],
    [
      'too long',
      `{"containerOverrides":[{"name":"web","command":["${'x'.repeat(8200)}"]}]}`,
      /limited to 8192 characters/,
    ],
  ];
  for (const [what, text, problem] of rejected) {
    it(`rejects ${what}`, () => {
      const parsed = parseOverrides(text, containers);
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.match(parsed.problem, problem);
    });
  }
});

describe('runTask networking choices', () => {
  it('the default VPC gives its default-for-AZ subnets, its default security group, and a public IP', () => {
    const vpc: DefaultNetwork = {
      vpcId: 'vpc-1',
      subnets: [
        {
          subnetId: SUBNET_A,
          vpcId: 'vpc-1',
          availabilityZone: 'us-east-1a',
          mapPublicIpOnLaunch: true,
          defaultForAz: true,
        },
        {
          subnetId: SUBNET_B,
          vpcId: 'vpc-1',
          availabilityZone: 'us-east-1b',
          mapPublicIpOnLaunch: false,
          defaultForAz: false,
        },
      ],
      securityGroup: { groupId: SG, groupName: 'default', vpcId: 'vpc-1' },
    };
    assert.deepEqual(networkOfDefaultVpc(vpc), {
      source: 'default VPC vpc-1',
      subnets: [SUBNET_A],
      securityGroups: [SG],
      assignPublicIp: true,
    });
    assert.equal(networkOfDefaultVpc({ ...vpc, subnets: [] }), undefined);
  });

  it('a service gives its awsvpcConfiguration; one without awsvpc gives nothing', () => {
    assert.deepEqual(
      networkOfService({
        serviceName: 'api',
        networkConfiguration: {
          awsvpcConfiguration: { subnets: [SUBNET_B], securityGroups: [SG], assignPublicIp: 'DISABLED' },
        },
      }),
      { source: 'service api', subnets: [SUBNET_B], securityGroups: [SG], assignPublicIp: false },
    );
    assert.equal(networkOfService({ serviceName: 'old' }), undefined);
  });
});

describe('runTask last-run memory', () => {
  it("is kept per profile and region, so one account's cluster is never offered in another", async () => {
    const values = new Map<string, unknown>();
    const memory = new RunTaskMemory({
      get: <T>(key: string) => values.get(key) as T | undefined,
      update: (key: string, value: unknown) => {
        values.set(key, value);
        return Promise.resolve();
      },
    });
    await memory.remember({ profile: 'dev', region: 'us-east-1' }, { cluster: 'jobs', count: 3 });
    assert.deepEqual(memory.get({ profile: 'dev', region: 'us-east-1' }), { cluster: 'jobs', count: 3 });
    assert.deepEqual(memory.get({ profile: 'dev', region: 'eu-west-1' }), {});
    assert.deepEqual(memory.get({ profile: 'prod', region: 'us-east-1' }), {});
  });
});
