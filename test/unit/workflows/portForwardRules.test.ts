import * as assert from 'node:assert/strict';
import type { Task } from '@aws-sdk/client-ecs';
import { ecsSessionTarget } from '../../../src/aws/ssmGateway';
import {
  isAgentVersionGreater,
  portForwardMode,
  smuxKeepAliveWanted,
} from '../../../src/workflows/portForward/agentVersion';
import {
  forwardableContainers,
  portForwardProblem,
  portProblem,
  remoteHostProblem,
} from '../../../src/workflows/portForward/forwardTargets';

describe('port forwarding rules', () => {
  it('compares agent versions as versionvalidator.go does (greater only, same number of parts)', () => {
    // The plugin's own test vectors (versionvalidator_test.go).
    for (const old of ['1.2.3.4', '2.3.4.5', '3.0.195.100', '2.99.1000.0', '3.0.196.0'])
      assert.equal(isAgentVersionGreater(old, '3.0.196.0'), false, old);
    for (const newer of ['3.1.0.0', '3.0.197.0', '3.0.196.1', '4.0.0.0'])
      assert.equal(isAgentVersionGreater(newer, '3.0.196.0'), true, newer);
    assert.equal(isAgentVersionGreater('4.0', '3.0.196.0'), false, 'different lengths are not greater');
    assert.equal(isAgentVersionGreater(undefined, '3.0.196.0'), false);
  });

  it('multiplexes only LocalPortForwarding sessions with agents after 3.0.196.0; keepalive up to 3.1.1511.0', () => {
    assert.equal(portForwardMode('3.3.1802.0', 'LocalPortForwarding'), 'multiplexed');
    assert.equal(portForwardMode('3.0.196.0', 'LocalPortForwarding'), 'basic');
    assert.equal(portForwardMode('3.3.1802.0', undefined), 'basic');
    assert.equal(smuxKeepAliveWanted('3.1.1511.0'), true);
    assert.equal(smuxKeepAliveWanted('3.1.1512.0'), false);
  });

  it('builds the target from the cluster name, the task id and the runtime id (ARNs accepted)', () => {
    assert.equal(
      ecsSessionTarget(
        'arn:aws:ecs:us-east-1:123456789012:cluster/prod_blue',
        'arn:aws:ecs:us-east-1:123456789012:task/prod_blue/0123456789abcdef0123456789abcdef',
        '0123456789abcdef0123456789abcdef-1234',
      ),
      'ecs:prod_blue_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1234',
    );
  });

  it('offers the TCP container ports of the task definition, per container with its runtime id', () => {
    const task: Task = {
      containers: [
        { name: 'web', runtimeId: 'r-web' },
        { name: 'sidecar', runtimeId: 'r-side' },
      ],
    };
    const containers = forwardableContainers(task, [
      {
        name: 'web',
        portMappings: [
          { containerPort: 8080 },
          { containerPort: 8080 },
          { containerPort: 53, protocol: 'udp' },
        ],
      },
      { name: 'sidecar' },
    ]);
    assert.deepEqual(containers, [
      { name: 'web', runtimeId: 'r-web', ports: [8080] },
      { name: 'sidecar', runtimeId: 'r-side', ports: [] },
    ]);
  });

  it('explains why a task cannot be reached instead of failing later', () => {
    const base: Task = {
      taskArn: 'arn:aws:ecs:us-east-1:1:task/prod/abc',
      lastStatus: 'RUNNING',
      enableExecuteCommand: true,
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      containers: [
        {
          name: 'web',
          runtimeId: 'r',
          managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }],
        },
      ],
    };
    assert.equal(portForwardProblem(base), undefined);
    assert.match(
      portForwardProblem({ ...base, lastStatus: 'PENDING' }) ?? '',
      /PENDING: a port can only be forwarded to a RUNNING task/,
    );
    assert.match(
      portForwardProblem({ ...base, enableExecuteCommand: false }) ?? '',
      /ECS Exec is off .*enableExecuteCommand/,
    );
    assert.match(portForwardProblem({ ...base, platformVersion: '1.3.0' }) ?? '', /needs 1\.4\.0 or later/);
    assert.match(
      portForwardProblem({
        ...base,
        containers: [
          {
            name: 'web',
            runtimeId: 'r',
            managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'PENDING' }],
          },
        ],
      }) ?? '',
      /ECS Exec agent in container web is PENDING/,
    );
  });

  it('validates a remote host and a port', () => {
    assert.equal(remoteHostProblem('mydb.abc.us-east-1.rds.amazonaws.com'), undefined);
    assert.equal(remoteHostProblem('10.0.1.17'), undefined);
    assert.match(remoteHostProblem('https://db:5432') ?? '', /without a scheme/);
    assert.match(remoteHostProblem('  ') ?? '', /Enter the host/);
    assert.equal(portProblem('5432'), undefined);
    assert.ok(portProblem('0'));
    assert.ok(portProblem('65536'));
    assert.ok(portProblem('80a'));
  });
});
