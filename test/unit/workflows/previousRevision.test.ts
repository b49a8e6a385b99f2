import * as assert from 'node:assert/strict';
import { choosePreviousRevision, findPreviousRevision } from '../../../src/workflows/previousRevision';
import { aService } from '../../fakes/ecsBuilders';
import { FakeTaskDefinitionGateway, taskDefinitionArn } from '../../fakes/fakeTaskDefinitionGateway';

const arns = (...revisions: number[]) => revisions.map((r) => taskDefinitionArn('web', r));
const at = (minutes: number) => new Date(Date.parse('2026-11-27T12:00:00Z') - minutes * 60_000);

describe('previousRevision (which revision Roll Back goes to)', () => {
  it("prefers the previous deployment's task definition while ECS lists it, and says so", () => {
    const service = aService('web', {
      taskDefinition: taskDefinitionArn('web', 9),
      deployments: [
        { id: 'new', status: 'PRIMARY', taskDefinition: taskDefinitionArn('web', 9), createdAt: at(2) },
        { id: 'old', status: 'ACTIVE', taskDefinition: taskDefinitionArn('web', 5), createdAt: at(60) },
      ],
    });
    const choice = choosePreviousRevision(service, arns(9, 8, 7, 5));
    assert.ok(choice.found);
    assert.equal(choice.label, 'web:5', 'not web:8: the previous deployment ran web:5');
    assert.equal(choice.currentLabel, 'web:9');
    assert.equal(choice.source, 'previousDeployment');
    assert.equal(choice.taskDefinitionArn, taskDefinitionArn('web', 5));
    assert.match(choice.why, /previous deployment/);
  });

  it('takes the most recent of several older deployments', () => {
    const service = aService('web', {
      taskDefinition: taskDefinitionArn('web', 9),
      deployments: [
        { status: 'PRIMARY', taskDefinition: taskDefinitionArn('web', 9), createdAt: at(1) },
        {
          status: 'INACTIVE',
          taskDefinition: taskDefinitionArn('web', 4),
          createdAt: at(300),
          updatedAt: at(200),
        },
        {
          status: 'ACTIVE',
          taskDefinition: taskDefinitionArn('web', 6),
          createdAt: at(100),
          updatedAt: at(5),
        },
      ],
    });
    const choice = choosePreviousRevision(service, arns(9, 6, 4));
    assert.ok(choice.found);
    assert.equal(choice.label, 'web:6');
  });

  it('falls back to the highest ACTIVE revision below the current one when no previous deployment is listed', () => {
    const service = aService('web', { taskDefinition: taskDefinitionArn('web', 7) });
    const choice = choosePreviousRevision(service, arns(8, 7, 5, 3)); // 6 was deregistered; 8 is newer
    assert.ok(choice.found);
    assert.equal(choice.label, 'web:5');
    assert.equal(choice.source, 'previousActiveRevision');
    assert.match(choice.why, /no longer lists a previous deployment.*highest ACTIVE revision of web below 7/);
  });

  it('skips a previous deployment whose revision is no longer ACTIVE (ECS would refuse it)', () => {
    const service = aService('web', {
      taskDefinition: taskDefinitionArn('web', 7),
      deployments: [
        { status: 'PRIMARY', taskDefinition: taskDefinitionArn('web', 7), createdAt: at(1) },
        { status: 'ACTIVE', taskDefinition: taskDefinitionArn('web', 6), createdAt: at(50) },
      ],
    });
    const choice = choosePreviousRevision(service, arns(7, 4));
    assert.ok(choice.found);
    assert.equal(choice.label, 'web:4');
    assert.equal(choice.source, 'previousActiveRevision');
    assert.match(choice.why, /web:6 is not an ACTIVE revision of web/);
  });

  it('says why there is nothing to roll back to', () => {
    const only = choosePreviousRevision(
      aService('web', { taskDefinition: taskDefinitionArn('web', 1) }),
      arns(1, 2),
    );
    assert.equal(only.found, false);
    assert.match(only.found ? '' : only.reason, /runs web:1 and there is no ACTIVE revision of web below it/);
    const none = choosePreviousRevision(aService('web', { taskDefinition: undefined }), []);
    assert.equal(none.found, false);
  });

  it("lists only the family's ACTIVE revisions through the gateway", async () => {
    const gateway = new FakeTaskDefinitionGateway().addFamily('web', 7, { inactive: 5 }).addFamily('api', 9);
    const service = aService('web', { taskDefinition: taskDefinitionArn('web', 7) });
    const choice = await findPreviousRevision(service, gateway);
    assert.deepEqual(gateway.callsTo('listRevisions'), [['web', 'ACTIVE']]);
    assert.ok(choice.found);
    assert.equal(choice.label, 'web:6');
  });
});
