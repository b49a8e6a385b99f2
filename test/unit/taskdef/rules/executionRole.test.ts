import * as assert from 'node:assert/strict';
import {
  EXECUTION_ROLE_PLACEHOLDER_ARN,
  isPrivateEcrImage,
} from '../../../../src/taskdef/rules/executionRole';
import { applyEveryFix, doc, parseDoc, problemsOf, ruleCases, type TaskDef, web } from './helpers';

const noRole = (change: (td: TaskDef) => void = () => {}) =>
  doc((td) => {
    delete td.executionRoleArn;
    web(td).image = 'public.ecr.aws/docker/library/nginx:1.27';
    delete web(td).logConfiguration;
    change(td);
  });

ruleCases('execution-role-required', {
  pass: [
    ['a public image without logs needs no role', noRole()],
    ['role present', doc()],
    [
      'EC2: the instance role pulls ECR images and writes awslogs',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), delete td.executionRoleArn)),
    ],
  ],
  fail: [
    [
      'private ECR image, at the image',
      noRole((td) => (web(td).image = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2')),
      '"123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2"',
    ],
    [
      'awslogs, at the driver',
      doc((td) => ((web(td).image = 'nginx:1.27'), delete td.executionRoleArn)),
      '"awslogs"',
    ],
    [
      'secrets, at the list',
      noRole((td) => (web(td).secrets = [{ name: 'A', valueFrom: '/prod/a' }])),
      '"secrets"',
    ],
    [
      'environmentFiles',
      noRole((td) => (web(td).environmentFiles = [{ value: 'arn:aws:s3:::b/app.env', type: 's3' }])),
      '"environmentFiles"',
    ],
    [
      'repositoryCredentials',
      noRole(
        (td) =>
          (web(td).repositoryCredentials = {
            credentialsParameter: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:r-AbCdEf',
          }),
      ),
      '"repositoryCredentials"',
    ],
    [
      'log secretOptions',
      noRole(
        (td) =>
          (web(td).logConfiguration = {
            logDriver: 'splunk',
            secretOptions: [{ name: 'splunk-token', valueFrom: '/splunk/token' }],
          }),
      ),
      '"secretOptions"',
    ],
    ['an empty executionRoleArn is reported on itself', doc((td) => (td.executionRoleArn = '')), '""'],
  ],
});

describe('execution role', () => {
  it('recognises private ECR image names (also FIPS and China), not public ECR or Docker Hub', () => {
    assert.ok(isPrivateEcrImage('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1'));
    assert.ok(isPrivateEcrImage('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app@sha256:abc'));
    assert.ok(isPrivateEcrImage('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app'));
    assert.ok(!isPrivateEcrImage('public.ecr.aws/nginx/nginx:1'));
    assert.ok(!isPrivateEcrImage('nginx:1'));
  });

  it('says why, per container, and inserts the placeholder role for the editor to fill in', () => {
    const text = doc((td) => delete td.executionRoleArn);
    const [p] = problemsOf(text, 'execution-role-required');
    assert.equal(
      p!.message,
      `Add "executionRoleArn" (e.g. ${EXECUTION_ROLE_PLACEHOLDER_ARN}, with AmazonECSTaskExecutionRolePolicy): container "web" pulls a private ECR image and uses the awslogs log driver.`,
    );
    assert.equal(EXECUTION_ROLE_PLACEHOLDER_ARN, 'arn:aws:iam::<account-id>:role/ecsTaskExecutionRole');
    const [fixed] = applyEveryFix(text, 'execution-role-required');
    assert.equal(parseDoc(fixed!).executionRoleArn, EXECUTION_ROLE_PLACEHOLDER_ARN);
    const [replaced] = applyEveryFix(
      doc((td) => (td.executionRoleArn = '')),
      'execution-role-required',
    );
    assert.equal(parseDoc(replaced!).executionRoleArn, EXECUTION_ROLE_PLACEHOLDER_ARN);
  });
});
