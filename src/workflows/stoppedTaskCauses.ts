/**
 * The known reasons a Fargate task stops, each as a matcher over the stopped task's text plus the
 * explanation and next steps (most likely first). Matching is on the documented prefixes
 * (CannotPullContainerError, ResourceInitializationError, OutOfMemoryError…, see
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stopped-task-error-codes.html) and on
 * the words inside the agent's message that tell the sub-cases apart (a timeout is networking, a
 * 403 is the execution role, "not found" is the image reference). Editor-free; used by stoppedTask.ts.
 */
import type { StoppedTaskCause } from './stoppedTask';

const TIMEOUT = /i\/o timeout|timeout|deadline exceeded|request canceled|dial tcp|no route to host/i;
const NOT_FOUND = /not found|manifest unknown|name unknown|does not exist|repository .*not/i;
const DENIED = /\b403\b|access ?denied|not authori[sz]ed|unauthori[sz]ed|pull access denied|forbidden/i;
const DNS = /no such host|lookup \S+|\bdns\b/i;
const LOG_GROUP = /log group|logger|log stream|CreateLogStream|cloudwatch/i;
const SECRETS = /secret|\bssm\b|\basm\b|parameter store|GetParameters|kms/i;

const NETWORK_STEPS = [
  'In a public subnet, run the task with "Public IP" on (assignPublicIp ENABLED): without a public IP a Fargate task cannot reach ECR or Docker Hub.',
  'In a private subnet, give the subnet a route to a NAT gateway, or add VPC endpoints (ecr.api, ecr.dkr, an S3 gateway endpoint, and logs / secretsmanager / ssm as used).',
  'Check that the security group allows outbound HTTPS (port 443).',
];
const IMAGE_STEPS = [
  'Check the image URI and that the tag exists in the repository (the Repositories view lists the tags); push the image again if it is missing.',
  'An ECR image must be in the same partition, and its repository policy must allow this account when it is in another account.',
];
const ROLE_ECR_STEPS = [
  'Give the task execution role ECR pull permissions: attach the AWS managed policy AmazonECSTaskExecutionRolePolicy (ecr:GetAuthorizationToken, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer), e.g. with "ECS: Create Task Execution Role…".',
  'For a private registry other than ECR, set repositoryCredentials and let the execution role read that secret.',
];

function ordered(...groups: Array<[boolean, readonly string[]]>): string[] {
  return [...groups.filter(([first]) => first), ...groups.filter(([first]) => !first)].flatMap(
    ([, steps]) => steps,
  );
}

export function pullErrorCause(text: string): StoppedTaskCause {
  const timeout = TIMEOUT.test(text);
  const notFound = NOT_FOUND.test(text);
  const denied = DENIED.test(text);
  return {
    title: 'The image could not be pulled (CannotPullContainerError)',
    detail: timeout
      ? 'Fargate could not reach the registry in time: the task has no network path to it (no public IP, no NAT gateway, no VPC endpoints).'
      : notFound
        ? 'The registry answered that the image or tag does not exist.'
        : denied
          ? 'The registry refused the pull: the task execution role (or the registry credentials) lacks permission.'
          : 'Fargate could not pull the container image. The usual causes are networking, a wrong image URI or tag, and missing ECR permissions on the task execution role.',
    nextSteps: ordered([timeout, NETWORK_STEPS], [notFound, IMAGE_STEPS], [denied, ROLE_ECR_STEPS]),
  };
}

export function resourceInitCause(text: string): StoppedTaskCause {
  const logs = LOG_GROUP.test(text);
  const secrets = SECRETS.test(text) && !logs;
  const dns = DNS.test(text);
  const timeout = TIMEOUT.test(text);
  const logSteps = [
    'Create the awslogs log group named in the task definition: ECS: Register Task Definition, Run Task on the file and Deploy create a missing group (or run aws logs create-log-group). With "awslogs-create-group": "true" the execution role itself needs logs:CreateLogGroup (ECS: Allow the Execution Role to Create Log Groups…). The execution role also needs logs:CreateLogStream and logs:PutLogEvents.',
  ];
  const secretSteps = [
    'Let the task execution role read the secrets the task definition names: secretsmanager:GetSecretValue or ssm:GetParameters on their ARNs (and kms:Decrypt for a customer managed key); check that the ARNs exist in this region.',
  ];
  const dnsSteps = [
    'Turn on DNS resolution and DNS hostnames for the VPC (enableDnsSupport, enableDnsHostnames): Fargate resolves the AWS endpoints through the VPC DNS.',
  ];
  return {
    title: 'Fargate could not prepare the task (ResourceInitializationError)',
    detail: logs
      ? 'The awslogs log driver could not be set up: the log group is missing or the execution role may not write to it.'
      : secrets
        ? 'The secrets or registry credentials could not be retrieved before the containers started.'
        : dns
          ? 'A name could not be resolved inside the VPC.'
          : 'Fargate could not retrieve what the task needs before starting it (secrets, registry auth, log configuration).',
    nextSteps: ordered([dns, dnsSteps], [timeout, NETWORK_STEPS], [logs, logSteps], [secrets, secretSteps]),
  };
}

export function architectureCause(
  container: string,
  certain: boolean,
  cpuArchitecture: string | undefined,
): StoppedTaskCause {
  const platform = cpuArchitecture ?? 'X86_64 (the Fargate default)';
  return {
    title: certain
      ? `${container}: the image is built for another CPU architecture (exec format error)`
      : `${container} exited with code 1 right after starting: possibly an image built for another CPU architecture`,
    detail: `The task runs on ${platform}. An image built on Apple Silicon is arm64 unless built with --platform; its programs cannot run on X86_64 ("exec format error"), and the other way round.`,
    nextSteps: [
      "Build the image for the task's platform: docker buildx build --platform linux/amd64 (or linux/arm64), then push it again.",
      'Or set runtimePlatform.cpuArchitecture in the task definition (X86_64 or ARM64) to match the image, and register a new revision.',
      ...(certain ? [] : ["If the architecture matches, look at the container's logs for the error."]),
    ],
  };
}

export function outOfMemoryCause(container: string, reason: string): StoppedTaskCause {
  return {
    title: `${container} ran out of memory (OutOfMemoryError)`,
    detail: `${reason}. The container used more memory than its limit (the container's memory, or the task's memory).`,
    nextSteps: [
      "Raise the task-level memory (with a valid Fargate cpu/memory pair) and the container's memory / memoryReservation, then register a new revision.",
      "Check the application's own heap limits (e.g. JVM -Xmx, Node --max-old-space-size) against the container memory.",
    ],
  };
}

const EXIT_HINTS: Readonly<Record<number, string>> = {
  126: 'Exit code 126: the command was found but is not executable (file mode or interpreter).',
  127: 'Exit code 127: the command was not found in the image (check command / entryPoint and PATH).',
  137: 'Exit code 137: the process was killed (SIGKILL): out of memory, or it did not stop within stopTimeout.',
  139: 'Exit code 139: the process crashed (segmentation fault).',
  143: 'Exit code 143: the process was stopped with SIGTERM.',
};

export function containerExitedCause(container: string, exitCode: number, reason?: string): StoppedTaskCause {
  const hint = EXIT_HINTS[exitCode];
  return {
    title: `Essential container ${container} exited with code ${exitCode}`,
    detail: `When an essential container exits, ECS stops the whole task.${reason ? ` Reason: ${reason}.` : ''}${hint ? ` ${hint}` : ''}`,
    nextSteps: [
      `Look at ${container}'s logs (Show Logs) for the error it printed before exiting.`,
      'Run the image locally with the same command and environment (docker run) to reproduce it.',
      'Check the command, entryPoint and environment variables in the task definition (or in the Run Task overrides).',
    ],
  };
}

export function cannotStartCause(text: string): StoppedTaskCause {
  return {
    title: 'A container could not be started (CannotStartContainerError)',
    detail: /executable file not found/i.test(text)
      ? 'The command or entryPoint names a program that is not in the image.'
      : 'The container runtime could not start the container.',
    nextSteps: [
      'Check command and entryPoint in the task definition against the image (docker run the image locally with the same command).',
      "Check the container's memory settings: a limit below what the process needs at start also stops it here.",
    ],
  };
}

export const SPOT_INTERRUPTION_CAUSE: StoppedTaskCause = {
  title: 'Fargate Spot reclaimed the capacity (SpotInterruption)',
  detail: "FARGATE_SPOT tasks can be stopped with two minutes' warning when AWS needs the capacity back.",
  nextSteps: [
    'Run the task again, or run it on FARGATE (not Spot) when it must not be interrupted.',
    'Make the job restartable: handle SIGTERM and save progress.',
  ],
};

export function healthCheckCause(elb: boolean): StoppedTaskCause {
  return elb
    ? {
        title: 'The task failed the load balancer health checks',
        detail: 'The target group marked the task unhealthy, so ECS replaced it.',
        nextSteps: [
          'Check the target group health check path and port against what the container serves (and the container port mapping).',
          "Allow the load balancer's security group to reach the task's port.",
          "Raise the service's healthCheckGracePeriodSeconds when the application starts slowly.",
        ],
      }
    : {
        title: 'The task failed its container health check',
        detail: "An essential container's healthCheck command kept failing, so ECS stopped the task.",
        nextSteps: [
          'Run the healthCheck command inside the image locally; the tool it calls (curl, wget) must exist in the image.',
          "Raise the health check's startPeriod when the application starts slowly.",
        ],
      };
}
