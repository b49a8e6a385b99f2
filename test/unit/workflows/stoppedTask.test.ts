import * as assert from 'node:assert/strict';
import type { Task } from '@aws-sdk/client-ecs';
import { explainStoppedTask, formatStoppedTaskReport } from '../../../src/workflows/stoppedTask';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';
const START = new Date('2025-01-15T12:00:00Z');
const at = (seconds: number) => new Date(START.getTime() + seconds * 1000);

function stopped(fields: Partial<Task>): Task {
  return { taskArn: ARN, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', ...fields };
}

const titles = (task: Task, evidence?: Parameters<typeof explainStoppedTask>[1]) =>
  explainStoppedTask(task, evidence).causes.map((c) => c.title);

describe('explainStoppedTask', () => {
  it('a job whose essential container exited 0 succeeded, with no causes', () => {
    const report = explainStoppedTask(
      stopped({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [{ name: 'job', exitCode: 0 }],
      }),
    );
    assert.equal(report.succeeded, true);
    assert.deepEqual(report.causes, []);
    assert.match(
      formatStoppedTaskReport(report).join('\n'),
      /Succeeded: every essential container exited with code 0/,
    );
  });

  it('a non-essential sidecar that exited 137 does not fail a job whose essential container exited 0', () => {
    const report = explainStoppedTask(
      stopped({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
        containers: [
          { name: 'job', exitCode: 0 },
          { name: 'xray', exitCode: 137 },
        ],
      }),
      { essentialContainers: ['job'] },
    );
    assert.equal(report.succeeded, true);
    assert.deepEqual(
      report.containers.map((c) => [c.name, c.essential]),
      [
        ['job', true],
        ['xray', false],
      ],
    );
  });

  it('CannotPullContainerError with a network timeout puts public IP / NAT / VPC endpoints first', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest: failed to do request: Head "https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/latest": dial tcp 52.46.0.1:443: i/o timeout';
    const report = explainStoppedTask(
      stopped({
        stopCode: 'TaskFailedToStart',
        stoppedReason: reason,
        containers: [{ name: 'web', reason }],
      }),
    );
    assert.equal(report.succeeded, false);
    assert.equal(report.causes.length, 1, 'one cause, though the task and the container both carry the text');
    const cause = report.causes[0]!;
    assert.match(cause.title, /image could not be pulled/);
    assert.match(cause.nextSteps[0]!, /Public IP/);
    assert.match(cause.nextSteps[1]!, /NAT gateway|VPC endpoints/);
    assert.ok(
      cause.nextSteps.some((s) => /AmazonECSTaskExecutionRolePolicy/.test(s)),
      'ECR permissions still listed',
    );
  });

  it('CannotPullContainerError "not found" puts the image URI and tag first', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9: 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:v9: not found';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.nextSteps[0]!, /image URI and that the tag exists/);
  });

  it('CannotPullContainerError 403 puts the execution role ECR permissions first', () => {
    const reason =
      'CannotPullContainerError: pull image manifest has been retried 1 time(s): failed to resolve ref 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:latest: unexpected status from HEAD request to https://123456789012.dkr.ecr.us-east-1.amazonaws.com/v2/web/manifests/latest: 403 Forbidden';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.nextSteps[0]!, /execution role ECR pull permissions/);
  });

  it('ResourceInitializationError for a missing log group names the log group and the role', () => {
    const reason =
      'ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist. : exit status 1';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.title, /ResourceInitializationError/);
    assert.match(cause!.detail, /log group/);
    assert.match(cause!.nextSteps[0]!, /awslogs-create-group/);
    assert.match(
      cause!.nextSteps[0]!,
      /Register Task Definition, Run Task on the file and Deploy create a missing group/,
    );
  });

  it('ResourceInitializationError for secrets names the execution role and the secret ARNs', () => {
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:db from secrets manager: AccessDeniedException: User is not authorized';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.nextSteps[0]!, /secretsmanager:GetSecretValue/);
  });

  it('ResourceInitializationError for DNS puts the VPC DNS settings first', () => {
    const reason =
      'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve ecr registry auth: service call has been retried 3 time(s): RequestError: send request failed caused by: Post "https://api.ecr.us-east-1.amazonaws.com/": dial tcp: lookup api.ecr.us-east-1.amazonaws.com: no such host';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.nextSteps[0]!, /enableDnsSupport/);
  });

  it('"exec format error" in the logs is the architecture, naming the task platform', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedAt: at(0),
      executionStoppedAt: at(1),
      containers: [{ name: 'web', exitCode: 1 }],
    });
    const report = explainStoppedTask(task, {
      logLines: ['exec /usr/local/bin/docker-entrypoint.sh: exec format error'],
      cpuArchitecture: 'X86_64',
    });
    assert.equal(report.causes.length, 1);
    assert.match(report.causes[0]!.title, /another CPU architecture \(exec format error\)/);
    assert.match(report.causes[0]!.detail, /runs on X86_64/);
    assert.match(report.causes[0]!.nextSteps.join(' '), /--platform linux\/amd64/);
  });

  it('exit 1 within seconds of starting, with no logs, hints at the architecture and the exit', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedAt: at(0),
      executionStoppedAt: at(2),
      containers: [{ name: 'web', exitCode: 1 }],
    });
    assert.deepEqual(titles(task), [
      'web exited with code 1 right after starting: possibly an image built for another CPU architecture',
      'Essential container web exited with code 1',
    ]);
  });

  it('exit 1 after a long run is only the essential container exit (no architecture guess)', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      startedAt: at(0),
      executionStoppedAt: at(600),
      containers: [{ name: 'web', exitCode: 1 }],
    });
    assert.deepEqual(titles(task), ['Essential container web exited with code 1']);
  });

  it('OutOfMemoryError says to raise memory', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'api', exitCode: 137, reason: 'OutOfMemoryError: Container killed due to memory usage' },
      ],
    });
    const report = explainStoppedTask(task);
    assert.equal(report.causes.length, 1);
    assert.match(report.causes[0]!.title, /api ran out of memory/);
    assert.match(report.causes[0]!.nextSteps[0]!, /Raise the task-level memory/);
  });

  it('an essential container exit names the code, with a hint for 127', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'job', exitCode: 127 }],
    });
    const [cause] = explainStoppedTask(task).causes;
    assert.equal(cause!.title, 'Essential container job exited with code 127');
    assert.match(cause!.detail, /command was not found/);
    assert.match(cause!.nextSteps[0]!, /job's logs/);
  });

  it('SpotInterruption and CannotStartContainerError are recognised', () => {
    assert.match(
      titles(stopped({ stopCode: 'SpotInterruption', stoppedReason: 'Your Spot Task was interrupted.' }))[0]!,
      /Spot/,
    );
    const reason =
      'CannotStartContainerError: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "node": executable file not found in $PATH: unknown';
    const [cause] = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: reason }),
    ).causes;
    assert.match(cause!.detail, /not in the image/);
  });

  it('an unknown reason is still shown, raw, with no invented cause', () => {
    const report = explainStoppedTask(
      stopped({ stopCode: 'TaskFailedToStart', stoppedReason: 'Something new happened' }),
    );
    assert.deepEqual(report.causes, []);
    const text = formatStoppedTaskReport(report).join('\n');
    assert.match(text, /TaskFailedToStart\): Something new happened/);
    assert.match(text, /No known cause matched/);
  });

  it('the formatted report lists containers, causes and numbered next steps', () => {
    const task = stopped({
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [{ name: 'job', exitCode: 2, reason: 'exit status 2' }],
    });
    const lines = formatStoppedTaskReport(explainStoppedTask(task));
    assert.equal(
      lines[0],
      'Task 0123456789abcdef0123456789abcdef stopped (EssentialContainerExited): Essential container in task exited',
    );
    assert.equal(lines[1], '  Container job: exit code 2 — exit status 2');
    assert.ok(lines.includes('Why: Essential container job exited with code 2'));
    assert.ok(lines.some((l) => /^ {4}1\. Look at job's logs/.test(l)));
  });
});
