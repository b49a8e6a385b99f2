/**
 * Preflight: before building anything, check what would certainly make the rollout fail, in the
 * spirit of `ecspresso verify`: the cluster exists; the execution role exists and trusts
 * ecs-tasks.amazonaws.com; each awslogs log group exists or will be created (by the deploy, or by
 * ECS with `awslogs-create-group`, whose permission the IAM policy simulator checks); the subnets
 * and security groups exist (in one VPC). The image's platform against `runtimePlatform` can only
 * be checked once the image is built (checkImagePlatform, run right after the build).
 * The checks run concurrently; a check that cannot be made (access denied…) is reported as
 * unverified and does not stop the deploy. Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { CREATE_LOG_GROUP_POLICY_NAME, logGroupArn, trustsEcsTasks } from '../../aws/iamGateway';
import { architectureOfPlatform } from '../../docker/dockerfileFacts';
import { normalizePlatform } from '../../docker/imageBuilder';
import type { JsonObject } from '../../taskdef/normalize';
import { awslogsGroups, retentionLabel, type AwslogsGroup } from '../logGroups';
import type { DeployDeps } from './deployDeps';
import type { DeployNetwork, DeployTarget } from './deployTarget';
import { platformOfTaskDefinition } from './renderTaskDefinition';

export type CheckStatus = 'passed' | 'failed' | 'unverified';

export interface PreflightCheck {
  readonly name: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly message: string;
  /** For a failed check: how to fix it. */
  readonly fix?: string;
  /** For a failed permission check: the inline policy that would fix it (offered after the deploy). */
  readonly grant?: { readonly roleName: string; readonly groupArns: readonly string[] };
}

export interface PreflightDeps extends Pick<DeployDeps, 'ecs' | 'iam' | 'ec2'> {
  readonly logs: Pick<DeployDeps['logs'], 'region' | 'describeLogGroup'>;
}

export interface PreflightInput {
  readonly target: DeployTarget;
  readonly taskDefinition: JsonObject;
  /** The existing service (its network configuration is checked when the target has none). */
  readonly service?: Service;
  /** Set when the deploy creates missing log groups itself (with this retention, 0: never expire). */
  readonly logRetentionDays?: number;
}

const passed = (name: string, message: string): PreflightCheck => ({ name, status: 'passed', message });
const failed = (name: string, message: string, fix: string): PreflightCheck => ({
  name,
  status: 'failed',
  message,
  fix,
});

/** A check whose lookup threw: not a reason to stop, but the user should know it was not made. */
async function guarded(name: string, check: () => Promise<PreflightCheck[]>): Promise<PreflightCheck[]> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [{ name, status: 'unverified', message: `Could not check (${reason}).` }];
  }
}

/** `arn:aws:iam::123:role/path/name` → `name` (GetRole takes the name without the path). */
export function roleNameOf(arn: string): string {
  return arn.split('/').pop() ?? arn;
}

async function checkCluster(deps: PreflightDeps, cluster: string, signal: AbortSignal) {
  const name = 'Cluster';
  const { items } = await deps.ecs.describeClusters([cluster], signal);
  const found = items.find((c) => c.status === 'ACTIVE');
  if (found) return [passed(name, `Cluster ${cluster} exists.`)];
  return [
    failed(
      name,
      `Cluster ${cluster} does not exist in ${deps.logs.region}${items[0] ? ` (it is ${items[0].status})` : ''}.`,
      'Create it (ECS: Create Cluster), or fix "cluster" in .vscode/ecs-deploy.json (or switch region).',
    ),
  ];
}

async function checkExecutionRole(deps: PreflightDeps, taskDefinition: JsonObject, signal: AbortSignal) {
  const name = 'Execution role';
  const arn = taskDefinition.executionRoleArn;
  if (typeof arn !== 'string' || arn === '') return [];
  const role = await deps.iam.getRole(roleNameOf(arn), signal);
  if (!role) {
    return [
      failed(
        name,
        `The execution role does not exist: ${arn}`,
        'Create it (ECS: Create Task Execution Role creates ecsTaskExecutionRole), or fix "executionRoleArn".',
      ),
    ];
  }
  if (!trustsEcsTasks(role.trustPolicy)) {
    return [
      failed(
        name,
        `The execution role does not let ECS tasks assume it: ${role.name}`,
        'Add a trust policy statement allowing sts:AssumeRole for the service principal ecs-tasks.amazonaws.com.',
      ),
    ];
  }
  return [passed(name, `Execution role ${role.name} exists and trusts ecs-tasks.amazonaws.com.`)];
}

async function checkLogGroup(
  deps: PreflightDeps,
  target: AwslogsGroup,
  retentionDays: number | undefined,
  signal: AbortSignal,
) {
  const name = `Log group ${target.group}`;
  if (target.region && target.region !== deps.logs.region) {
    const message = `It is in ${target.region}, which this connection (${deps.logs.region}) cannot check.`;
    return [{ name, status: 'unverified' as const, message }];
  }
  if (await deps.logs.describeLogGroup(target.group, signal)) return [passed(name, 'The log group exists.')];
  if (retentionDays !== undefined) {
    return [
      passed(
        name,
        `It does not exist yet: the deploy creates it before registering (retention ${retentionLabel(retentionDays)}).`,
      ),
    ];
  }
  if (target.createGroup)
    return [passed(name, 'It does not exist yet: ECS creates it (awslogs-create-group).')];
  return [
    failed(
      name,
      `The log group does not exist, so ${target.containers.join(', ')} cannot start (ResourceInitializationError).`,
      `Create it (aws logs create-log-group --log-group-name ${target.group}).`,
    ),
  ];
}

/** `arn:aws:iam::123456789012:role/x` → its partition and account. */
function roleArnParts(arn: string): { partition: string; account: string } | undefined {
  const match = /^arn:(aws[a-z-]*):iam::(\d{12}):role\//.exec(arn);
  return match ? { partition: match[1]!, account: match[2]! } : undefined;
}

/**
 * `awslogs-create-group` makes the task call logs:CreateLogGroup with the execution role, which
 * AmazonECSTaskExecutionRolePolicy does not allow (docs/aws-facts.md): ask IAM's policy simulator.
 * A caller who may not simulate gets "could not check", not a failure.
 */
async function checkCreateGroupPermission(
  deps: PreflightDeps,
  target: AwslogsGroup,
  roleArn: string,
  signal: AbortSignal,
): Promise<PreflightCheck[]> {
  const name = `Log group ${target.group}: execution role may create it`;
  const parts = roleArnParts(roleArn);
  if (!parts) return [];
  const region = target.region ?? deps.logs.region;
  const groupArn = logGroupArn(parts.partition, region, parts.account, target.group);
  let decision: string;
  try {
    decision = await deps.iam.simulatePrincipalPolicy(roleArn, 'logs:CreateLogGroup', [groupArn], signal);
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const denied = error instanceof Error && /AccessDenied/.test(error.name);
    const message = denied
      ? 'Could not check: your credentials may not call iam:SimulatePrincipalPolicy. If the execution role lacks logs:CreateLogGroup, the task stops with a ResourceInitializationError.'
      : `Could not check (${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}).`;
    return [{ name, status: 'unverified', message }];
  }
  if (decision === 'allowed') {
    return [passed(name, `${roleNameOf(roleArn)} may call logs:CreateLogGroup (awslogs-create-group).`)];
  }
  return [
    {
      ...failed(
        name,
        `"awslogs-create-group" is set, but ${roleNameOf(roleArn)} may not call logs:CreateLogGroup (${decision}), so ` +
          `${target.containers.join(', ')} would stop with a ResourceInitializationError.`,
        'Remove "awslogs-create-group" from the task definition (the deploy then creates the group itself), or give the role ' +
          `the permission ("ECS: Allow the Execution Role to Create Log Groups…" adds the inline policy ${CREATE_LOG_GROUP_POLICY_NAME}).`,
      ),
      grant: { roleName: roleNameOf(roleArn), groupArns: [groupArn] },
    },
  ];
}

async function checkNetwork(deps: PreflightDeps, network: DeployNetwork, signal: AbortSignal) {
  const [subnets, groups] = await Promise.all([
    network.subnets.length > 0 ? deps.ec2.describeSubnets(network.subnets, signal) : undefined,
    network.securityGroups.length > 0
      ? deps.ec2.describeSecurityGroups(network.securityGroups, signal)
      : undefined,
  ]);
  const checks: PreflightCheck[] = [];
  const fixNetwork = 'Pick existing ones in "network" of .vscode/ecs-deploy.json (or switch region).';
  if (subnets) {
    if (subnets.missing.length > 0) {
      checks.push(failed('Subnets', `Subnets not found: ${subnets.missing.join(', ')}`, fixNetwork));
    } else {
      const vpcs = new Set(subnets.found.map((s) => s.vpcId));
      checks.push(
        vpcs.size > 1
          ? failed('Subnets', `The subnets are in different VPCs: ${[...vpcs].join(', ')}`, fixNetwork)
          : passed('Subnets', `${subnets.found.length} subnet(s) exist.`),
      );
    }
  }
  if (groups) {
    const subnetVpc = subnets?.found[0]?.vpcId;
    const otherVpc = groups.found.filter((g) => subnetVpc !== undefined && g.vpcId !== subnetVpc);
    if (groups.missing.length > 0) {
      const message = `Security groups not found: ${groups.missing.join(', ')}`;
      checks.push(failed('Security groups', message, fixNetwork));
    } else if (otherVpc.length > 0) {
      const message = `Security groups not in the subnets' VPC (${subnetVpc}): ${otherVpc.map((g) => g.groupId).join(', ')}`;
      checks.push(failed('Security groups', message, fixNetwork));
    } else checks.push(passed('Security groups', `${groups.found.length} security group(s) exist.`));
  }
  return checks;
}

/** The network the tasks will use: the target's, else the existing service's. */
export function networkOf(target: DeployTarget, service: Service | undefined): DeployNetwork | undefined {
  if (target.network) return target.network;
  const vpc = service?.networkConfiguration?.awsvpcConfiguration;
  if (!vpc) return undefined;
  return {
    subnets: vpc.subnets ?? [],
    securityGroups: vpc.securityGroups ?? [],
    assignPublicIp: vpc.assignPublicIp === 'ENABLED',
  };
}

export async function runPreflight(
  input: PreflightInput,
  deps: PreflightDeps,
  signal: AbortSignal,
): Promise<PreflightCheck[]> {
  const network = networkOf(input.target, input.service);
  const groups = awslogsGroups(input.taskDefinition);
  const roleArn = input.taskDefinition.executionRoleArn;
  const results = await Promise.all([
    guarded('Cluster', () => checkCluster(deps, input.target.cluster, signal)),
    guarded('Execution role', () => checkExecutionRole(deps, input.taskDefinition, signal)),
    ...groups.map((g) =>
      guarded(`Log group ${g.group}`, () => checkLogGroup(deps, g, input.logRetentionDays, signal)),
    ),
    ...(typeof roleArn === 'string'
      ? groups.filter((g) => g.createGroup).map((g) => checkCreateGroupPermission(deps, g, roleArn, signal))
      : []),
    ...(network ? [guarded('Network', () => checkNetwork(deps, network, signal))] : []),
  ]);
  return results.flat();
}

/** Right after the build: the image must be for the platform `runtimePlatform` asks for. */
export function checkImagePlatform(imagePlatform: string, taskDefinition: JsonObject): PreflightCheck {
  const name = 'Image platform';
  const wanted = platformOfTaskDefinition(taskDefinition);
  const got = normalizePlatform(imagePlatform);
  const want = normalizePlatform(wanted);
  if (got.os === want.os && got.architecture === want.architecture) {
    return passed(name, `The image is ${imagePlatform}, as runtimePlatform asks.`);
  }
  const arch = architectureOfPlatform(imagePlatform);
  return failed(
    name,
    `The image is ${imagePlatform} but the task definition runs ${wanted} (runtimePlatform); ` +
      'Fargate would stop the task with "exec format error".',
    `Build for ${wanted} (docker buildx, or qemu on this machine)` +
      (arch ? `, or set "runtimePlatform": {"cpuArchitecture": "${arch}"} in the task definition.` : '.'),
  );
}

/** Lines for the output channel: ✓/✗/? per check, and the fix under each failure. */
export function formatChecks(checks: readonly PreflightCheck[]): string[] {
  const mark: Record<CheckStatus, string> = { passed: '✓', failed: '✗', unverified: '?' };
  return checks.flatMap((c) => [
    `  ${mark[c.status]} ${c.name}: ${c.message}`,
    ...(c.fix ? [`      fix: ${c.fix}`] : []),
  ]);
}
