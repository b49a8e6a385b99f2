import * as assert from 'node:assert/strict';
import { countsOf, evaluateRollout, revisionOf } from '../../../../src/workflows/deploy/rolloutStatus';

describe('deploy/rolloutStatus', () => {
  it('names revisions and counts as people read them', () => {
    assert.equal(revisionOf('arn:aws:ecs:us-east-1:1:task-definition/web:3'), 'web:3');
    assert.equal(
      countsOf({ desiredCount: 1, runningCount: 0, pendingCount: 1, failedTasks: 2 }),
      '0 of 1 task running, 1 pending, 2 failed',
    );
  });

  it('COMPLETED with fewer running than desired is still pending', () => {
    const verdict = evaluateRollout(
      {
        status: 'ACTIVE',
        deployments: [
          { id: 'd1', status: 'PRIMARY', rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 1 },
        ],
      },
      'd1',
    );
    assert.equal(verdict.kind, 'pending');
  });

  it('FAILED without a rollback names the circuit breaker', () => {
    const verdict = evaluateRollout(
      {
        status: 'ACTIVE',
        deployments: [
          {
            id: 'd1',
            status: 'PRIMARY',
            rolloutState: 'FAILED',
            rolloutStateReason: 'tasks failed to start.',
          },
        ],
      },
      'd1',
    );
    assert.deepEqual(verdict, {
      kind: 'failed',
      message: 'The deployment circuit breaker marked the deployment FAILED: tasks failed to start.',
      rolledBack: false,
    });
  });
});
