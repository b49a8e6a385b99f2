import '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import {
  compactPolicyJson,
  createLogGroupPolicy,
  EXECUTION_ROLE_TRUST_POLICY,
} from '../../../src/aws/iamGateway';
import { executionRolePlan } from '../../../src/commands/taskDefinition/createExecutionRole';

/**
 * VS Code's modal dialog sets the detail with `innerText`: line breaks stay, leading spaces collapse.
 * What the user reads is each line with its indentation gone.
 */
const asShown = (detail: string): string[] => detail.split('\n').map((line) => line.replace(/^\s+/, ''));

describe('the Create Task Execution Role dialog', () => {
  it('shows the trust policy one statement per line, readable without indentation', () => {
    const lines = asShown(executionRolePlan('Account 123456789012'));
    const statement = JSON.stringify(EXECUTION_ROLE_TRUST_POLICY.Statement[0]);
    assert.ok(lines.includes(statement), lines.join('\n'));
    const start = lines.findIndex((l) => l.startsWith('{"Version"'));
    const end = lines.indexOf(']}', start);
    assert.ok(start >= 0 && end === start + 2, `the policy takes three lines: ${lines.join('\n')}`);
    assert.deepEqual(JSON.parse(lines.slice(start, end + 1).join('\n')), EXECUTION_ROLE_TRUST_POLICY);
    assert.ok(lines.some((l) => /does not allow logs:CreateLogGroup/.test(l)));
  });

  it('writes any policy as valid JSON, one statement per line', () => {
    const policy = createLogGroupPolicy(['arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web']);
    const text = compactPolicyJson(policy);
    assert.deepEqual(JSON.parse(text), policy);
    assert.equal(text.split('\n').length, 3);
  });
});
