/**
 * Networking questions of the deploy-target wizard: the default VPC (its default subnets, its
 * "default" security group, a public IP) offered first, ids typed otherwise; and an optional load
 * balancer target group, picked from the region's `ip` groups of the tasks' VPC (or an ARN typed and
 * checked through ELB) before it is saved.
 */
import * as vscode from 'vscode';
import type { TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { userCancelled } from '../../ui/errors';
import { pickFromListing } from '../../ui/pickers';
import type { DeployLoadBalancer, DeployNetwork } from '../../workflows/deploy/deployTarget';
import { MAX_SECURITY_GROUPS, MAX_SUBNETS } from '../../workflows/deploy/validateDeployTarget';
import type { DeployCommandDeps } from './deployCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;

function splitIds(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export function idsProblem(
  text: string,
  shape: RegExp,
  what: string,
  min: number,
  max: number,
): string | undefined {
  const ids = splitIds(text);
  if (ids.length < min || ids.length > max)
    return `Between ${min} and ${max} ${what} ids, separated by commas`;
  const bad = ids.find((id) => !shape.test(id));
  return bad ? `${bad} is not a ${what} id` : undefined;
}

async function input(
  title: string,
  prompt: string,
  check: (v: string) => string | undefined,
  value = '',
): Promise<string> {
  const answer = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => check(v.trim()),
  });
  return answer === undefined ? userCancelled() : answer.trim();
}

async function typedNetwork(title: string): Promise<DeployNetwork> {
  const subnets = await input(title, 'Subnet ids (same VPC), separated by commas', (v) =>
    idsProblem(v, SUBNET_ID, 'subnet', 1, MAX_SUBNETS),
  );
  const groups = await input(
    title,
    'Security group ids, separated by commas (empty: the VPC default)',
    (v) =>
      v === '' ? undefined : idsProblem(v, SECURITY_GROUP_ID, 'security group', 1, MAX_SECURITY_GROUPS),
  );
  const publicIp = await vscode.window.showQuickPick(
    [
      { label: 'Public IP', description: 'public subnets: pulls from ECR over the internet', value: true },
      {
        label: 'No public IP',
        description: 'private subnets with a NAT gateway or VPC endpoints',
        value: false,
      },
    ],
    { title, placeHolder: 'Give the tasks a public IP?', ignoreFocusOut: true },
  );
  if (!publicIp) userCancelled();
  return { subnets: splitIds(subnets), securityGroups: splitIds(groups), assignPublicIp: publicIp.value };
}

/** The default VPC's networking (confirmed in a quick pick), or ids typed by the user. */
export async function askNetwork(deps: DeployCommandDeps, title: string): Promise<DeployNetwork> {
  const network = await withBusyIndicator('ECS: Reading the default VPC…', () => deps.ec2().defaultNetwork());
  if (!network || network.subnets.length === 0) {
    void vscode.window.showInformationMessage(
      'This region has no default VPC: enter the subnets and security groups to use.',
    );
    return typedNetwork(title);
  }
  const group = network.securityGroup;
  const chosen = await vscode.window.showQuickPick(
    [
      {
        label: `Default VPC ${network.vpcId}`,
        description: `${network.subnets.length} default subnets · security group ${group ? group.groupName : '(VPC default)'} · public IP`,
        detail: network.subnets.map((s) => `${s.subnetId} (${s.availabilityZone})`).join(', '),
        typed: false,
      },
      { label: 'Other subnets and security groups…', typed: true },
    ],
    { title, placeHolder: 'Where do the tasks run?', ignoreFocusOut: true },
  );
  if (!chosen) userCancelled();
  if (chosen.typed) return typedNetwork(title);
  return {
    subnets: network.subnets.map((s) => s.subnetId),
    securityGroups: group ? [group.groupId] : [],
    // Default subnets are public: without a public IP the task cannot reach ECR to pull the image.
    assignPublicIp: true,
  };
}

/** An optional target group for a new service, checked: exists, target type ip, same VPC. */
export async function askLoadBalancer(
  deps: DeployCommandDeps,
  title: string,
  network: DeployNetwork,
  container: { readonly name: string; readonly ports: readonly number[] },
): Promise<DeployLoadBalancer | undefined> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: 'No load balancer', attach: false },
      {
        label: 'Register the tasks with a target group…',
        description: 'an Application or Network Load Balancer',
        attach: true,
      },
    ],
    { title, placeHolder: 'Put the service behind a load balancer?', ignoreFocusOut: true },
  );
  if (!choice) userCancelled();
  if (!choice.attach) return undefined;
  const subnetVpc = await subnetsVpc(deps, network);
  const group = (await pickTargetGroup(deps, title, subnetVpc)) ?? (await askTargetGroupArn(deps, title));
  const name = group.TargetGroupName ?? group.TargetGroupArn ?? '';
  if (group.TargetType && group.TargetType !== 'ip') {
    throw new Error(
      `Target group ${name} has target type "${group.TargetType}": Fargate tasks register by IP, so use a target group of type "ip".`,
    );
  }
  if (group.VpcId && subnetVpc && group.VpcId !== subnetVpc) {
    throw new Error(
      `Target group ${name} is in ${group.VpcId}, but the tasks' subnets are in ${subnetVpc}: use a target group of the same VPC.`,
    );
  }
  const targetGroupArn = group.TargetGroupArn ?? '';
  const [only] = container.ports;
  const port =
    container.ports.length === 1 && only !== undefined
      ? only
      : Number(
          await input(
            title,
            `Container port of ${container.name} that receives the load balancer's traffic`,
            (v) =>
              /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'A port from 1 to 65535',
            String(container.ports[0] ?? group.Port ?? 80),
          ),
        );
  return { targetGroupArn, containerName: container.name, containerPort: port };
}

/**
 * The region's target groups that can take Fargate tasks (type `ip`, in the subnets' VPC), listed
 * inside the open pick; "Enter a target group ARN…" for one this list does not show. Undefined: typed.
 */
async function pickTargetGroup(
  deps: DeployCommandDeps,
  title: string,
  vpc: string | undefined,
): Promise<TargetGroup | undefined> {
  const chosen = await pickFromListing<TargetGroup | undefined>(
    title,
    async (signal) => {
      const usable = (await deps.elb().listTargetGroups(signal))
        .filter((g) => g.TargetType === 'ip' && (!vpc || g.VpcId === vpc))
        .sort((a, b) => (a.TargetGroupName ?? '').localeCompare(b.TargetGroupName ?? ''));
      return [
        ...usable.map((g) => ({
          label: g.TargetGroupName ?? g.TargetGroupArn ?? '',
          description: `${g.Protocol ?? ''} ${g.Port ?? ''}`.trim(),
          detail: g.LoadBalancerArns?.length
            ? `behind ${g.LoadBalancerArns.map((arn) => arn.split('/').at(-2) ?? arn).join(', ')}`
            : 'not attached to a load balancer yet',
          value: g,
        })),
        { label: '$(edit) Enter a target group ARN…', value: undefined },
      ];
    },
    'No target groups in this region.',
    { placeHolder: 'Which target group (type ip, in the tasks’ VPC)?', ignoreFocusOut: true },
  );
  return chosen;
}

async function askTargetGroupArn(deps: DeployCommandDeps, title: string): Promise<TargetGroup> {
  const targetGroupArn = await input(title, 'Target group ARN', (v) =>
    TARGET_GROUP_ARN.test(v)
      ? undefined
      : 'arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>',
  );
  const [group] = await deps.elb().describeTargetGroups([targetGroupArn]);
  if (!group) throw new Error(`Target group ${targetGroupArn} was not found in this region.`);
  return group;
}

async function subnetsVpc(deps: DeployCommandDeps, network: DeployNetwork): Promise<string | undefined> {
  const { found } = await deps.ec2().describeSubnets(network.subnets);
  return found[0]?.vpcId;
}
