import * as assert from 'node:assert/strict';
import {
  containerArn,
  containerMetadata,
  taskMetadata,
} from '../../../../src/workflows/local/endpoints/metadataShapes';
import type { MetadataTask } from '../../../../src/workflows/local/endpoints/metadataTask';

const TASK_ARN = 'arn:aws:ecs:local:000000000000:task/local/0123456789abcdef0123456789abcdef';

function sampleTask(): MetadataTask {
  return {
    taskArn: TASK_ARN,
    cluster: 'local',
    family: 'web',
    revision: 7,
    desiredStatus: 'RUNNING',
    knownStatus: 'RUNNING',
    cpu: '512',
    memory: '1024',
    availabilityZone: 'us-east-1-local',
    network: { ipv4Address: '172.18.0.2', subnetCidr: '172.18.0.0/16', gateway: '172.18.0.1' },
    containers: [
      {
        name: 'app',
        image: 'web:1',
        imageId: 'sha256:abc',
        dockerId: 'd0cker1d',
        dockerName: 'ecs-local-web-app',
        knownStatus: 'RUNNING',
        cpu: 256,
        memory: 512,
        startedAt: new Date('2026-12-07T10:00:00Z'),
        createdAt: new Date('2026-12-07T09:59:59Z'),
        health: { status: 'HEALTHY', since: new Date('2026-12-07T10:00:30Z') },
        ports: [{ containerPort: 8080, hostPort: 8080, hostIp: '127.0.0.1' }],
        labels: { team: 'payments' },
      },
      { name: 'init', image: 'busybox', knownStatus: 'STOPPED', exitCode: 0 },
    ],
  };
}

describe('task metadata v4 shapes (Fargate)', () => {
  it('answers the container path with the fields Fargate sends, the real Docker id first', () => {
    const task = sampleTask();
    const c = containerMetadata(task, task.containers[0]!);
    assert.deepEqual(Object.keys(c), [
      'DockerId',
      'Name',
      'DockerName',
      'Image',
      'ImageID',
      'Ports',
      'Labels',
      'DesiredStatus',
      'KnownStatus',
      'Limits',
      'CreatedAt',
      'StartedAt',
      'Type',
      'Networks',
      'Health',
      'ContainerARN',
    ]);
    assert.equal(c.DockerId, 'd0cker1d');
    assert.equal(c.DesiredStatus, 'RUNNING');
    assert.deepEqual(c.Limits, { CPU: 256, Memory: 512 });
    assert.equal(c.Type, 'NORMAL');
    assert.equal(c.StartedAt, '2026-12-07T10:00:00.000Z');
    assert.deepEqual(c.Health, { status: 'HEALTHY', statusSince: '2026-12-07T10:00:30.000Z' });
    assert.deepEqual(c.Ports, [
      { ContainerPort: 8080, Protocol: 'tcp', HostPort: 8080, HostIp: '127.0.0.1' },
    ]);
    assert.deepEqual(c.Labels, {
      'com.amazonaws.ecs.cluster': 'local',
      'com.amazonaws.ecs.container-name': 'app',
      'com.amazonaws.ecs.task-arn': TASK_ARN,
      'com.amazonaws.ecs.task-definition-family': 'web',
      'com.amazonaws.ecs.task-definition-version': '7',
      team: 'payments',
    });
    assert.deepEqual(c.Networks, [
      {
        NetworkMode: 'awsvpc',
        IPv4Addresses: ['172.18.0.2'],
        AttachmentIndex: 0,
        IPv4SubnetCIDRBlock: '172.18.0.0/16',
        SubnetGatewayIpv4Address: '172.18.0.1/16',
      },
    ]);
  });

  it('omits what is not known yet (no Docker id: empty string, as the agent does; no health check: no Health)', () => {
    const task = sampleTask();
    const c = containerMetadata(task, task.containers[1]!);
    assert.equal(c.DockerId, '');
    assert.equal(c.ImageID, '');
    assert.equal(c.ExitCode, 0);
    assert.equal('Health' in c, false);
    assert.equal('Ports' in c, false);
    assert.deepEqual(c.Limits, { CPU: 0, Memory: 0 });
  });

  it('answers /task with the task fields, CPU in vCPUs, LaunchType FARGATE and every container', () => {
    const now = new Date('2026-12-07T11:00:00Z');
    const t = taskMetadata(sampleTask(), now);
    assert.equal(t.Cluster, 'local');
    assert.equal(t.TaskARN, TASK_ARN);
    assert.equal(t.Revision, '7');
    assert.deepEqual(t.Limits, { CPU: 0.5, Memory: 1024 });
    assert.equal(t.LaunchType, 'FARGATE');
    assert.equal(t.AvailabilityZone, 'us-east-1-local');
    assert.deepEqual(
      t.Containers?.map((c) => c.Name),
      ['app', 'init'],
    );
    assert.deepEqual(t.EphemeralStorageMetrics, { Utilized: 0, Reserved: 20480 });
    assert.equal(t.ClockDrift.ReferenceTimestamp, '2026-12-07T11:00:00.000Z');
    assert.equal(t.FaultInjectionEnabled, false);
    assert.equal('PullStartedAt' in t, false);
  });

  it('leaves Limits out of /task when the task definition sets neither cpu nor memory', () => {
    const { cpu: _cpu, memory: _memory, ...rest } = sampleTask();
    assert.equal('Limits' in taskMetadata(rest), false);
  });

  it("names a container ARN in the task ARN's account and region", () => {
    assert.equal(
      containerArn(TASK_ARN, 'app'),
      'arn:aws:ecs:local:000000000000:container/local/0123456789abcdef0123456789abcdef/app',
    );
    assert.equal(containerArn('not-an-arn', 'app'), undefined);
  });
});
