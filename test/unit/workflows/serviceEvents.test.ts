import * as assert from 'node:assert/strict';
import { formatServiceEvents, localTime, utcOffset } from '../../../src/workflows/serviceEvents';
import { aService } from '../../fakes/ecsBuilders';
import { taskDefinitionArn } from '../../fakes/fakeTaskDefinitionGateway';

describe('serviceEvents (deployments and events, newest last)', () => {
  const t = (iso: string) => new Date(iso);
  const service = aService('web', {
    taskDefinition: taskDefinitionArn('web', 8),
    deployments: [
      {
        status: 'PRIMARY',
        taskDefinition: taskDefinitionArn('web', 8),
        rolloutState: 'IN_PROGRESS',
        rolloutStateReason: 'ECS deployment ecs-svc/2 in progress.',
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 1,
        failedTasks: 0,
        createdAt: t('2026-11-27T11:58:00Z'),
      },
      {
        status: 'ACTIVE',
        taskDefinition: taskDefinitionArn('web', 7),
        rolloutState: 'COMPLETED',
        desiredCount: 1,
        runningCount: 1,
        createdAt: t('2026-11-26T09:00:00Z'),
      },
    ],
    // As ECS returns them: newest first.
    events: [
      {
        id: '3',
        createdAt: t('2026-11-27T11:59:30Z'),
        message: '(service web) has started 1 tasks: (task abc).',
      },
      { id: '2', createdAt: t('2026-11-27T11:58:01Z'), message: '(service web) registered 1 targets.' },
      { id: '1', createdAt: t('2026-11-26T09:05:00Z'), message: '(service web) has reached a steady state.' },
    ],
  });

  it('puts the oldest first and the newest last, for deployments and events', () => {
    const text = formatServiceEvents(service, 'prod', t('2026-11-27T12:00:00Z'));
    const steady = text.indexOf('has reached a steady state');
    const registered = text.indexOf('registered 1 targets');
    const started = text.indexOf('has started 1 tasks');
    assert.ok(steady > 0 && steady < registered && registered < started, text);
    assert.ok(text.indexOf('web:7') < text.indexOf('PRIMARY'), 'the older deployment first');
    assert.match(text, /Deployments \(2, newest last\):/);
    assert.match(text, /Events \(3, newest last\):/);
  });

  it('shows each deployment with its status, revision, counts and rollout state', () => {
    const text = formatServiceEvents(service, 'prod', t('2026-11-27T12:00:00Z'));
    assert.match(
      text,
      /PRIMARY +web:8 · 1\/2 running, 1 pending, 0 failed · IN_PROGRESS — ECS deployment ecs-svc\/2 in progress\./,
    );
    assert.match(text, /Service web in cluster prod — ACTIVE/);
    assert.match(text, /Task definition: web:8/);
  });

  it('writes local times (not UTC) and says the offset', () => {
    const when = t('2026-11-27T11:59:30Z');
    const expected = `${when.getFullYear()}-${String(when.getMonth() + 1).padStart(2, '0')}-${String(when.getDate()).padStart(2, '0')} ${String(when.getHours()).padStart(2, '0')}:${String(when.getMinutes()).padStart(2, '0')}:30`;
    assert.equal(localTime(when), expected);
    const text = formatServiceEvents(service, 'prod', t('2026-11-27T12:00:00Z'));
    assert.ok(text.includes(`${expected}  (service web) has started 1 tasks`), text);
    assert.match(text, new RegExp(`Times are local \\(${utcOffset(when).replace('+', '\\+')}\\)`));
  });

  it('says when there are none, and notes ECS keeps only 100 events', () => {
    const empty = formatServiceEvents(aService('idle', { deployments: [], events: [] }), 'prod');
    assert.match(empty, /Deployments \(0, newest last\):\n {2}\(none\)/);
    assert.match(empty, /Events \(0, newest last\):\n {2}\(none\)/);
    const many = Array.from({ length: 100 }, (_, i) => ({
      id: String(i),
      createdAt: new Date(i * 1000),
      message: `e${i}`,
    }));
    assert.match(
      formatServiceEvents(aService('busy', { events: many }), 'prod'),
      /ECS keeps only the latest 100/,
    );
  });
});
