import * as assert from 'node:assert/strict';
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import {
  formatJson,
  normalizeForCompare,
  OUTPUT_ONLY_FIELDS,
  parseTaskDefinitionText,
  toRegisterable,
  type JsonObject,
} from '../../../src/taskdef/normalize';
import { aTaskDefinition } from '../../fakes/fakeTaskDefinitionGateway';

/** The members RegisterTaskDefinition takes (RegisterTaskDefinitionRequest in the SDK model). */
const REQUEST_MEMBERS = new Set([
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
]);

/** A realistic DescribeTaskDefinition result, with every output-only field set. */
function described(): TaskDefinition {
  return aTaskDefinition('web', 7, {
    deregisteredAt: new Date('2026-11-20T10:00:00Z'),
    deleteRequestedAt: new Date('2026-11-21T10:00:00Z'),
    status: 'INACTIVE',
    volumes: [{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-12345678', rootDirectory: '/' } }],
    ephemeralStorage: { sizeInGiB: 30 },
  });
}

/** What someone keeps in the repository for the same definition: written in their own order and style. */
const LOCAL_FILE = `{
  "family": "web",
  "requiresCompatibilities": ["FARGATE"],
  "networkMode": "awsvpc",
  "cpu": ".25 vCPU",
  "memory": "512",
  "runtimePlatform": { "operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64" },
  "ephemeralStorage": { "sizeInGiB": 30 },
  "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
  "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
  "volumes": [{ "name": "data", "efsVolumeConfiguration": { "rootDirectory": "/", "fileSystemId": "fs-12345678" } }],
  "containerDefinitions": [
    {
      "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.7.0",
      "name": "web",
      "secrets": [{ "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/db-password", "name": "DB_PASSWORD" }],
      "environment": [
        { "name": "APP_ENV", "value": "production" },
        { "name": "LOG_LEVEL", "value": "info" }
      ],
      "portMappings": [{ "containerPort": 8080, "name": "http", "appProtocol": "http" }],
      "logConfiguration": {
        "logDriver": "awslogs",
        "options": {
          "awslogs-stream-prefix": "ecs",
          "awslogs-region": "us-east-1",
          "awslogs-group": "/ecs/web"
        }
      }
    }
  ],
  "tags": [{ "key": "team", "value": "payments" }, { "key": "app", "value": "web" }]
}`;

const TAGS = [
  { key: 'app', value: 'web' },
  { key: 'team', value: 'payments' },
];

describe('task definition normalization', () => {
  describe('toRegisterable', () => {
    it('strips every output-only field and keeps every request member that was set', () => {
      const td = described();
      const out = toRegisterable(td, TAGS);
      for (const field of OUTPUT_ONLY_FIELDS) assert.equal(field in out, false, field);
      for (const key of Object.keys(out)) assert.ok(REQUEST_MEMBERS.has(key), `not a request member: ${key}`);
      for (const key of Object.keys(td)) {
        if (REQUEST_MEMBERS.has(key) && key !== 'placementConstraints') assert.ok(key in out, `lost: ${key}`);
      }
      assert.equal(out.family, 'web');
      assert.equal(out.cpu, '256');
      assert.equal(out.executionRoleArn, 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
      assert.deepEqual(out.runtimePlatform, { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' });
      assert.deepEqual(out.ephemeralStorage, { sizeInGiB: 30 });
      assert.equal(out.enableFaultInjection, false);
    });

    it('puts family first and the tags last, and drops only the empty lists ECS adds by default', () => {
      const out = toRegisterable(described(), TAGS);
      const keys = Object.keys(out);
      assert.equal(keys[0], 'family');
      assert.equal(keys.at(-1), 'tags');
      assert.deepEqual(out.tags, TAGS);
      assert.equal('placementConstraints' in out, false, '[] by default: dropped');
      const container = (out.containerDefinitions as JsonObject[])[0]!;
      for (const empty of ['mountPoints', 'volumesFrom', 'systemControls'])
        assert.equal(empty in container, false);
      assert.equal(container.essential, true);
      assert.equal(container.cpu, 0);
      assert.equal((container.environment as JsonObject[]).length, 2);
      assert.deepEqual(container.portMappings, [
        { containerPort: 8080, hostPort: 8080, protocol: 'tcp', name: 'http', appProtocol: 'http' },
      ]);
    });

    it('leaves out Dates and undefined values, and has no tags key without tags', () => {
      const out = toRegisterable(aTaskDefinition('web', 1, { pidMode: undefined }));
      assert.equal('tags' in out, false);
      assert.equal('pidMode' in out, false);
      assert.doesNotMatch(JSON.stringify(out), /registeredAt|T\d\d:\d\d/);
    });

    it('round-trips: the saved JSON compares equal to the revision it came from', () => {
      const td = described();
      const saved = parseTaskDefinitionText(formatJson(toRegisterable(td, TAGS)));
      assert.deepEqual(normalizeForCompare(saved), normalizeForCompare(toRegisterable(td, TAGS)));
    });
  });

  describe('normalizeForCompare', () => {
    it('makes a reordered, differently written local file equal to its registered revision', () => {
      const local = normalizeForCompare(parseTaskDefinitionText(LOCAL_FILE));
      const revision = normalizeForCompare(toRegisterable(described(), TAGS));
      assert.equal(formatJson(local), formatJson(revision));
    });

    it('shows a changed image (and nothing else) as a difference', () => {
      const changed = LOCAL_FILE.replace('web:1.7.0', 'web:1.8.0');
      const local = formatJson(normalizeForCompare(parseTaskDefinitionText(changed)));
      const revision = formatJson(normalizeForCompare(toRegisterable(described(), TAGS)));
      assert.notEqual(local, revision);
      const differing = local.split('\n').filter((line, i) => line !== revision.split('\n')[i]);
      assert.deepEqual(differing, [
        '      "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.8.0",',
      ]);
    });

    it('treats a pasted describe-task-definition output like the definition it wraps', () => {
      const pasted = { taskDefinition: toRegisterable(described()), tags: TAGS };
      assert.deepEqual(
        normalizeForCompare(
          JSON.parse(
            JSON.stringify({
              ...pasted,
              taskDefinition: { ...pasted.taskDefinition, revision: 7, status: 'ACTIVE' },
            }),
          ),
        ),
        normalizeForCompare(toRegisterable(described(), TAGS)),
      );
    });

    it('writes out documented defaults: essential, container cpu, protocol, hostPort, networkMode', () => {
      const bridge = normalizeForCompare({
        family: 'batch',
        containerDefinitions: [
          { name: 'job', image: 'job:1', memory: 512, portMappings: [{ containerPort: 80 }] },
        ],
      });
      assert.equal(bridge.networkMode, 'bridge');
      assert.equal(bridge.enableFaultInjection, false);
      const job = (bridge.containerDefinitions as JsonObject[])[0]!;
      assert.equal(job.essential, true);
      assert.equal(job.cpu, 0);
      assert.equal(job.versionConsistency, 'enabled');
      assert.deepEqual(job.portMappings, [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }]);

      const windows = normalizeForCompare({
        family: 'win',
        runtimePlatform: { operatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
        containerDefinitions: [{ name: 'iis', image: 'iis' }],
      });
      assert.equal(windows.networkMode, undefined, 'Windows has its own default network mode');
    });

    it('keeps an explicit value that differs from the default as a difference', () => {
      const base = {
        family: 'web',
        networkMode: 'awsvpc',
        containerDefinitions: [{ name: 'web', image: 'web' }],
      };
      const sidecar = { ...base, containerDefinitions: [{ name: 'web', image: 'web', essential: false }] };
      assert.notDeepEqual(normalizeForCompare(base), normalizeForCompare(sidecar));
    });

    it('sorts order-free lists and containers by name, keeps order that matters', () => {
      const a = normalizeForCompare({
        family: 'web',
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE', 'EC2'],
        containerDefinitions: [
          {
            name: 'web',
            image: 'web',
            command: ['serve', '--port', '80'],
            dnsServers: ['10.0.0.2', '10.0.0.3'],
            environmentFiles: [
              { type: 's3', value: 'arn:aws:s3:::b/second.env' },
              { type: 's3', value: 'arn:aws:s3:::b/first.env' },
            ],
            ulimits: [
              { name: 'nproc', softLimit: 1, hardLimit: 2 },
              { name: 'nofile', softLimit: 1, hardLimit: 2 },
            ],
            dependsOn: [
              { containerName: 'proxy', condition: 'START' },
              { containerName: 'log-router', condition: 'START' },
            ],
          },
          { name: 'proxy', image: 'envoy' },
          { name: 'log-router', image: 'fluent-bit' },
        ],
      });
      assert.deepEqual(a.requiresCompatibilities, ['EC2', 'FARGATE']);
      const containers = a.containerDefinitions as JsonObject[];
      assert.deepEqual(
        containers.map((c) => c.name),
        ['log-router', 'proxy', 'web'],
      );
      const web = containers[2]!;
      assert.deepEqual(web.command, ['serve', '--port', '80']);
      assert.deepEqual(web.dnsServers, ['10.0.0.2', '10.0.0.3']);
      assert.deepEqual(
        (web.environmentFiles as JsonObject[]).map((f) => f.value),
        ['arn:aws:s3:::b/second.env', 'arn:aws:s3:::b/first.env'],
        'environment files are processed top-down: their order is kept',
      );
      assert.deepEqual(
        (web.ulimits as JsonObject[]).map((u) => u.name),
        ['nofile', 'nproc'],
      );
      assert.deepEqual(
        (web.dependsOn as JsonObject[]).map((d) => d.containerName),
        ['log-router', 'proxy'],
      );
      assert.deepEqual(Object.keys(web).slice(0, 2), ['name', 'image'], 'name and image lead');
      assert.equal(Object.keys(a)[0], 'family');
    });

    it('drops nulls, empty lists and empty maps, but keeps an empty command', () => {
      const out = normalizeForCompare({
        family: 'web',
        networkMode: 'awsvpc',
        tags: [],
        pidMode: null,
        containerDefinitions: [{ name: 'web', image: 'web', command: [], dockerLabels: {}, links: [] }],
      });
      assert.equal('tags' in out, false);
      assert.equal('pidMode' in out, false);
      const web = (out.containerDefinitions as JsonObject[])[0]!;
      assert.deepEqual(web.command, []);
      assert.equal('dockerLabels' in web, false);
      assert.equal('links' in web, false);
    });

    it('writes task cpu and memory the way ECS stores them', () => {
      const out = normalizeForCompare({
        family: 'web',
        cpu: '1 vCPU',
        memory: '2 GB',
        containerDefinitions: [],
      });
      assert.equal(out.cpu, '1024');
      assert.equal(out.memory, '2048');
      assert.equal(normalizeForCompare({ family: 'web', cpu: 512 }).cpu, '512');
      assert.equal(
        normalizeForCompare({ family: 'web', cpu: 'lots' }).cpu,
        'lots',
        'unknown forms are left alone',
      );
    });
  });

  describe('files', () => {
    it('formats with 2 spaces and a trailing newline', () => {
      assert.equal(formatJson({ family: 'web', cpu: '256' }), '{\n  "family": "web",\n  "cpu": "256"\n}\n');
    });

    it('reads strict JSON (as the AWS CLI does) and says where a broken file breaks', () => {
      assert.equal(parseTaskDefinitionText('\uFEFF{ "family": "web" }').family, 'web');
      assert.throws(
        () => parseTaskDefinitionText('{\n  "family": "web"\n  "cpu": "256"\n}', 'task-definition.json'),
        /^Error: task-definition\.json is not valid JSON on line 3: Expected ',' or '}' after property value\.$/,
      );
      assert.throws(() => parseTaskDefinitionText('{ "a": 1, }'), /not valid JSON on line 1/);
      assert.throws(() => parseTaskDefinitionText(''), /not valid JSON: Unexpected end of JSON input/);
      assert.throws(() => parseTaskDefinitionText('[1, 2]'), /does not hold a JSON object/);
    });
  });
});
