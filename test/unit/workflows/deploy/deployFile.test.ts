import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'jsonc-parser';
import {
  DeployFileError,
  editDeployFile,
  parseDeployFile,
  readDeployFile,
  removeTarget,
  upsertTarget,
  writeCreated,
  writeScaling,
} from '../../../../src/workflows/deploy/deployFile';
import { savedConnection, type DeployTarget } from '../../../../src/workflows/deploy/deployTarget';
import {
  validateDeployFileValue,
  workspacePathProblem,
} from '../../../../src/workflows/deploy/validateDeployTarget';

const web: DeployTarget = {
  name: 'web',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: 'ecs/task-definition.json',
  container: 'app',
  repository: 'my-app',
  cluster: 'production',
  service: 'web',
  region: 'eu-west-1',
  profile: 'dev',
};

const COMMENTED = `// Our deploy targets: keep this comment.
{
    "version": 1,
    "targets": [
        {
            "name": "web", // the public site
            "dockerfile": "Dockerfile",
            "taskDefinitionFile": "ecs/task-definition.json",
            /* the container that gets the new image */
            "container": "app",
            "repository": "my-app",
            "cluster": "production",
            "service": "web"
        }
    ]
}
`;

function problemOf(fn: () => unknown): DeployFileError {
  try {
    fn();
  } catch (error) {
    assert.ok(DeployFileError.is(error), `expected a DeployFileError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the call to throw');
}

describe('deploy file (.vscode/ecs-deploy.json)', () => {
  describe('reading', () => {
    it('reads targets from JSON with comments and trailing commas', () => {
      const file = parseDeployFile(COMMENTED.replace('"service": "web"', '"service": "web",'));
      assert.equal(file.targets.length, 1);
      assert.equal(file.targets[0]?.container, 'app');
    });

    it('reads "profile": "environment" (the pseudo-profile of environment credentials) as no profile', () => {
      const text = upsertTarget(undefined, { ...web, profile: 'environment' });
      const [target] = parseDeployFile(text).targets;
      assert.equal(target?.profile, undefined);
      assert.equal(target?.region, 'eu-west-1');
      assert.equal(parseDeployFile(upsertTarget(undefined, web)).targets[0]?.profile, 'dev');
    });

    it('a new target records a real profile, but not the environment pseudo-profile', () => {
      assert.deepEqual(savedConnection({ profile: 'dev', profileKind: 'static', region: 'eu-west-1' }), {
        region: 'eu-west-1',
        profile: 'dev',
      });
      const env = savedConnection({
        profile: 'environment',
        profileKind: 'environment',
        region: 'us-east-1',
      });
      assert.deepEqual(env, { region: 'us-east-1' });
      const text = upsertTarget(undefined, { ...web, profile: undefined, ...env });
      assert.doesNotMatch(text, /"profile"/);
    });

    it('names the line of a syntax error', () => {
      const text =
        '{\n  "version": 1,\n  "targets": [\n    { "name": "web" "dockerfile": "Dockerfile" }\n  ]\n}\n';
      const error = problemOf(() => parseDeployFile(text));
      assert.equal(error.line, 4);
      assert.match(error.message, /\.vscode\/ecs-deploy\.json is not valid: line 4: a comma is missing/);
    });

    it('names the JSON path and line of an invalid value', () => {
      const text = COMMENTED.replace('"dockerfile": "Dockerfile"', '"dockerfile": "../other/Dockerfile"');
      const error = problemOf(() => parseDeployFile(text));
      assert.equal(error.problems.length, 1);
      assert.deepEqual(
        { path: error.problems[0]?.path, line: error.line },
        { path: 'targets[0].dockerfile', line: 7 },
      );
      assert.match(error.message, /must stay inside the workspace folder, not "\.\.\/other\/Dockerfile"/);
    });

    it('points a missing property at its object', () => {
      const text = COMMENTED.replace('"container": "app",', '');
      const error = problemOf(() => parseDeployFile(text));
      assert.equal(error.problems[0]?.path, 'targets[0]');
      assert.equal(error.line, 5);
      assert.match(error.message, /is missing "container"/);
    });

    it('reads no targets when the file does not exist, and the file when it does', async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-file-'));
      try {
        assert.deepEqual((await readDeployFile(root)).targets, []);
        fs.mkdirSync(path.join(root, '.vscode'));
        fs.writeFileSync(path.join(root, '.vscode', 'ecs-deploy.json'), COMMENTED);
        assert.equal((await readDeployFile(root)).targets[0]?.name, 'web');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe('validation messages', () => {
    const messages = (target: Record<string, unknown>): string[] =>
      validateDeployFileValue({ version: 1, targets: [target] }).map(
        (p) => `${p.path.join('.')}: ${p.message}`,
      );

    it('accepts a complete target', () => {
      assert.deepEqual(messages({ ...web }), []);
    });

    it('rejects absolute and escaping paths, bad names and unknown properties', () => {
      const found = messages({
        ...web,
        dockerfile: '/etc/Dockerfile',
        taskDefinitionFile: 'a/../../td.json',
        container: 'my app',
        repository: 'My_Repo',
        cluster: 'prod cluster',
        taskDefintionFile: 'typo.json',
      });
      assert.deepEqual(found, [
        'targets.0.taskDefintionFile: unknown property "taskDefintionFile" (expected one of: name, dockerfile, buildContext, taskDefinitionFile, container, repository, cluster, service, runTask, network, createService, updateTaskDefinitionFile, region, profile, scaling, created)',
        'targets.0.dockerfile: must be relative to the workspace folder, not "/etc/Dockerfile"',
        'targets.0.taskDefinitionFile: must stay inside the workspace folder, not "a/../../td.json"',
        'targets.0.container: "my app" is not a valid container name (up to 255 letters, digits, "-" and "_")',
        'targets.0.repository: "My_Repo": A repository name uses lowercase letters, digits and single ".", "_", "-" or "/" between them',
        'targets.0.cluster: "prod cluster" is not a valid cluster name (up to 255 letters, digits, "-" and "_")',
      ]);
    });

    it('needs exactly one of service or runTask, and network for a task or a new service', () => {
      const { service: _service, ...noService } = web;
      assert.deepEqual(messages(noService), [
        'targets.0: needs exactly one of "service" (roll out to a service) or "runTask" (run as a one-off task)',
      ]);
      assert.deepEqual(messages({ ...noService, runTask: { count: 11 } }), [
        'targets.0.runTask.count: must be a whole number from 1 to 10, not 11',
        'targets.0: runs a task, so it needs "network" (subnets, security groups, public IP)',
      ]);
      assert.deepEqual(messages({ ...web, createService: { desiredCount: 1, circuitBreaker: true } }), [
        'targets.0: creates a service, so it needs "network" (subnets, security groups, public IP)',
      ]);
    });

    it('checks counts, network id shapes and the load balancer', () => {
      const found = messages({
        ...web,
        network: {
          subnets: ['subnet-12345678', 'subnet-xyz'],
          securityGroups: ['sg-0123456789abcdef0'],
          assignPublicIp: 'yes',
        },
        createService: {
          desiredCount: -1,
          circuitBreaker: true,
          loadBalancer: {
            targetGroupArn:
              'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef',
            containerName: 'app',
            containerPort: 70000,
          },
        },
      });
      assert.deepEqual(found, [
        'targets.0.network.subnets.1: "subnet-xyz" is not a subnet id (like subnet-0123456789abcdef0)',
        'targets.0.network.assignPublicIp: must be true or false, not "yes"',
        'targets.0.createService.desiredCount: must be a whole number from 0 to 5000, not -1',
        'targets.0.createService.loadBalancer.containerPort: must be a whole number from 1 to 65535, not 70000',
      ]);
    });

    it('rejects duplicate names and a newer file version', () => {
      const problems = validateDeployFileValue({ version: 2, targets: [web, web] }).map((p) => p.message);
      assert.match(problems[0] ?? '', /written by a newer version of the extension/);
      assert.match(problems[1] ?? '', /"web" is used by another target: names must be unique/);
    });

    it('keeps paths inside the workspace', () => {
      assert.equal(workspacePathProblem('app/Dockerfile'), undefined);
      assert.equal(workspacePathProblem('./a/../Dockerfile'), undefined);
      assert.match(workspacePathProblem('..\\x\\Dockerfile') ?? '', /inside the workspace/);
      assert.match(workspacePathProblem('C:\\app\\Dockerfile') ?? '', /relative/);
    });
  });

  describe('editing', () => {
    it('creates a commented file that reads back as the target', () => {
      const text = upsertTarget(undefined, web);
      assert.match(text, /^\/\/ Deploy targets of "ECS: Deploy"/);
      assert.deepEqual(parseDeployFile(text).targets, [web]);
    });

    it('adds a target, keeping comments and the 4-space indentation', () => {
      const api: DeployTarget = { ...web, name: 'api', service: 'api' };
      const text = upsertTarget(COMMENTED, api);
      for (const comment of [
        '// Our deploy targets: keep this comment.',
        '// the public site',
        '/* the container that gets the new image */',
      ]) {
        assert.ok(text.includes(comment), `kept ${comment}`);
      }
      assert.deepEqual(
        parseDeployFile(text).targets.map((t) => t.name),
        ['web', 'api'],
      );
      assert.match(text, /\n {8}\{\n {12}"name": "api"/, 'the new target is indented like the file');
    });

    it('updates a target of the same name property by property', () => {
      const text = upsertTarget(COMMENTED, {
        ...web,
        container: 'worker',
        profile: undefined,
        region: 'us-east-1',
      });
      assert.ok(
        text.includes('/* the container that gets the new image */\n            "container": "worker"'),
      );
      assert.ok(text.includes('"name": "web", // the public site'));
      const [target] = parseDeployFile(text).targets;
      assert.equal(target?.container, 'worker');
      assert.equal(target?.region, 'us-east-1');
    });

    it('writes the scaling range only when it changed, and removes it', () => {
      const withRange = writeScaling(COMMENTED, 'web', { min: 2, max: 6 });
      assert.deepEqual(parseDeployFile(withRange).targets[0]?.scaling, { min: 2, max: 6 });
      assert.ok(withRange.includes('// the public site'));
      assert.equal(writeScaling(withRange, 'web', { min: 2, max: 6 }), withRange, 'same range: same text');
      assert.equal(parseDeployFile(writeScaling(withRange, 'web', undefined)).targets[0]?.scaling, undefined);
      assert.throws(() => writeScaling(COMMENTED, 'nope', { min: 1, max: 2 }), /no target named "nope"/);
    });

    it('records what a deploy created and removes a target', () => {
      const created = writeCreated(writeCreated(COMMENTED, 'web', { repository: true }), 'web', {
        service: true,
      });
      assert.deepEqual(parseDeployFile(created).targets[0]?.created, { repository: true, service: true });
      const two = upsertTarget(created, { ...web, name: 'api', service: 'api' });
      const removed = removeTarget(two, 'web');
      assert.deepEqual(
        parseDeployFile(removed).targets.map((t) => t.name),
        ['api'],
      );
      assert.ok(removed.includes('// Our deploy targets: keep this comment.'));
    });

    it('never rewrites a malformed file', async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-file-'));
      const file = path.join(root, '.vscode', 'ecs-deploy.json');
      try {
        fs.mkdirSync(path.dirname(file));
        const broken = COMMENTED.replace('"cluster": "production",', '"cluster": "production"');
        fs.writeFileSync(file, broken);
        await assert.rejects(
          editDeployFile(root, (text) => upsertTarget(text, { ...web, name: 'api' })),
          (error: unknown) => DeployFileError.is(error) && error.line === 13,
        );
        assert.equal(fs.readFileSync(file, 'utf8'), broken, 'the file is unchanged');
        fs.writeFileSync(file, COMMENTED);
        const result = await editDeployFile(root, (text) => writeScaling(text ?? '', 'web', undefined));
        assert.equal(result.written, false, 'an edit that changes nothing does not write');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    it('an edit that leaves a deleted file alone does not create it', async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deploy-file-'));
      try {
        const result = await editDeployFile(root, (text) => (text === undefined ? undefined : text));
        assert.equal(result.written, false);
        assert.equal(fs.existsSync(path.join(root, '.vscode', 'ecs-deploy.json')), false, 'no empty file');
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });
});

describe('deploy file JSON schema (schemas/ecs-deploy.schema.json)', () => {
  // The schema gives completion and hover in the editor; it must agree with what the deploy enforces.
  const schemaFile = path.resolve(__dirname, '../../../../../schemas/ecs-deploy.schema.json');
  const validate = new Ajv({ strict: false, allErrors: true }).compile(
    JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as object,
  );
  const network = { subnets: ['subnet-0123456789abcdef0'], securityGroups: [], assignPublicIp: true };

  it('accepts what the wizard writes, read back through jsonc', () => {
    const { service: _service, ...base } = web;
    const targets: DeployTarget[] = [
      web,
      { ...base, name: 'job', runTask: { count: 2 }, network },
      {
        ...web,
        name: 'new',
        network,
        createService: { desiredCount: 1, circuitBreaker: true },
        scaling: { min: 1, max: 3 },
        updateTaskDefinitionFile: true,
      },
    ];
    let text = upsertTarget(undefined, targets[0]!);
    for (const target of targets.slice(1)) text = upsertTarget(text, target);
    const value = parse(text);
    assert.ok(validate(value), JSON.stringify(validate.errors));
    assert.deepEqual(validateDeployFileValue(value), []);
  });

  it('rejects what the validator rejects', () => {
    const bad: Array<Record<string, unknown>> = [
      { ...web, dockerfile: '../Dockerfile' },
      { ...web, dockerfile: '/abs/Dockerfile' },
      { ...web, container: 'two words' },
      { ...web, repository: 'Upper' },
      { ...web, runTask: { count: 1 }, network },
      { ...web, network: { ...network, subnets: ['subnet-nothex'] } },
      { ...web, typo: 1 },
      { ...web, updateTaskDefinitionFile: 'yes' },
    ];
    for (const target of bad) {
      const value = { version: 1, targets: [target] };
      assert.notDeepEqual(validateDeployFileValue(value), [], JSON.stringify(target));
      assert.equal(validate(value), false, `the schema also rejects ${JSON.stringify(target)}`);
    }
  });
});
