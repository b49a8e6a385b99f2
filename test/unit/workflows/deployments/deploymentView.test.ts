import * as assert from 'node:assert/strict';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import {
  failureFacts,
  formatDeploymentRecord,
  fromTo,
  stageLine,
} from '../../../../src/workflows/deployments/deploymentView';

const now = Date.UTC(2026, 11, 7, 12, 0, 0);
const names = new Map([
  ['arn:rev/old', 'web:11'],
  ['arn:rev/new', 'web:12'],
]);
const base: ServiceDeployment = {
  serviceDeploymentArn: 'arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/AbC',
  status: 'IN_PROGRESS',
  sourceServiceRevisions: [{ arn: 'arn:rev/old', requestedProductionTrafficWeight: 80 }],
  targetServiceRevision: {
    arn: 'arn:rev/new',
    requestedProductionTrafficWeight: 20,
    requestedTaskCount: 4,
    runningTaskCount: 2,
  },
};

describe('service deployment view', () => {
  it('says where an in-progress deployment stands', () => {
    assert.equal(
      stageLine({ ...base, lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT' }, { now }),
      'shifting production traffic: new 20 % / old 80 %',
    );
    assert.equal(
      stageLine({ ...base, lifecycleStage: 'SCALE_UP' }, { now }),
      'scaling up the new revision: 2/4 new tasks running',
    );
    assert.equal(
      stageLine(
        { ...base, lifecycleStage: 'BAKE_TIME', deploymentConfiguration: { bakeTimeInMinutes: 10 } },
        { now, stageSince: now - 3 * 60_000 },
      ),
      'bake time: 7 min left of 10',
    );
    assert.equal(
      stageLine(
        {
          ...base,
          lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
          lifecycleHookDetails: [
            {
              hookId: 'h1',
              targetType: 'PAUSE',
              status: 'AWAITING_ACTION',
              expiresAt: new Date(now + 10 * 60_000),
              timeoutAction: 'ROLLBACK',
            },
          ],
        },
        { now },
      ),
      'paused (after the test traffic shift): waiting for Continue or Roll Back, rolls back by itself in 10 min',
    );
  });

  it('names the revisions and why it failed', () => {
    assert.equal(fromTo(base, names), 'web:11 → web:12');
    assert.equal(fromTo(base), 'revision old → revision new');
    assert.deepEqual(
      failureFacts({
        ...base,
        status: 'ROLLBACK_SUCCESSFUL',
        rollback: { reason: 'CloudWatch alarm web-5xx went into ALARM' },
        alarms: { status: 'TRIGGERED', triggeredAlarmNames: ['web-5xx'] },
        deploymentCircuitBreaker: { status: 'MONITORING', failureCount: 2, threshold: 10 },
      }),
      [
        'CloudWatch alarm web-5xx went into ALARM',
        'alarm fired: web-5xx',
        'circuit breaker: 2 failed tasks of 10 allowed',
      ],
    );
  });

  it('writes the whole record for Show Deployment', () => {
    const lines = formatDeploymentRecord(
      {
        ...base,
        lifecycleStage: 'PRODUCTION_TRAFFIC_SHIFT',
        deploymentConfiguration: {
          strategy: 'LINEAR',
          linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
        },
        lifecycleHookDetails: [{ hookId: 'h1', targetType: 'PAUSE', status: 'SUCCEEDED' }],
      },
      names,
      now,
    );
    const text = lines.join('\n');
    assert.match(text, /Revisions\s+web:11 → web:12/);
    assert.match(text, /Linear\s+20 % every 5 min/);
    assert.match(text, /Stage\s+shifting production traffic: new 20 % \/ old 80 %/);
    assert.match(text, /Lifecycle hook\s+PAUSE SUCCEEDED \(hook id h1\)/);
  });
});
