import * as assert from 'node:assert/strict';
import { taskLogSources } from '../../../src/logs/logTargets';
import { streamPrefix, waitingText } from '../../../src/logs/waitingNotice';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const TASK_ID = 'e02c38a9d1f04c6b9a0e5f1d2c3b4a59';
const [source] = taskLogSources(
  { taskArn: `arn:aws:ecs:us-east-1:123456789012:task/production/${TASK_ID}` },
  {
    family: 'orders-api',
    containerDefinitions: [
      {
        name: 'orders-api',
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/orders-api', 'awslogs-stream-prefix': 'ecs' },
        },
      },
    ],
  },
  { region: 'us-east-1' },
).sources;

describe('the waiting notice, by the task’s state and age', () => {
  it('knows the stream prefix from the stream ECS names', () => {
    assert.equal(streamPrefix(source!), 'ecs');
  });

  it('says a starting task has no log stream yet', () => {
    const text = waitingText(source!, { lastStatus: 'PENDING' }, NOW);
    assert.equal(
      text,
      'Waiting for the logs of task e02c38a9: it is PENDING, and a task that is starting has no log stream yet…',
    );
  });

  it('says a task running for days has written no logs where its task definition says', () => {
    const text = waitingText(source!, { lastStatus: 'RUNNING', startedAt: NOW - 3 * 24 * 3600_000 }, NOW);
    assert.equal(
      text,
      'Task e02c38a9, running for 3d: this task has written no logs to /ecs/orders-api ' +
        `(stream prefix ecs) — there is no stream ecs/orders-api/${TASK_ID}. Waiting for one…`,
    );
    assert.doesNotMatch(text, /starting/);
  });

  it('still waits calmly for a task that started running seconds ago', () => {
    const text = waitingText(source!, { lastStatus: 'RUNNING', startedAt: NOW - 10_000 }, NOW);
    assert.match(text, /^Waiting for the logs of task e02c38a9: it has just started/);
  });

  it('says a stopping task has written nothing, and without a state names where it looks', () => {
    assert.match(
      waitingText(source!, { lastStatus: 'STOPPED' }, NOW),
      /^Task e02c38a9 is STOPPED and has written no logs to \/ecs\/orders-api \(stream prefix ecs\)/,
    );
    assert.equal(
      waitingText(source!, undefined, NOW),
      'Waiting for the logs of task e02c38a9 to appear in /ecs/orders-api (stream prefix ecs)…',
    );
  });
});
