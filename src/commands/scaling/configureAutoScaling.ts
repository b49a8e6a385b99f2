import * as vscode from 'vscode';
import type { Service } from '@aws-sdk/client-ecs';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import type { ElbGateway } from '../../aws/elbGateway';
import {
  labelMatchesTargetGroup,
  resourceLabel,
  serviceTargetGroups,
  targetGroupName,
} from '../../scaling/requestCount';
import {
  applyScaling,
  currentRequestLabel,
  describeConfiguration,
  describePlan,
  initialInput,
  planScaling,
  POLICY_NAMES,
  validateCooldown,
  validateMax,
  validateMin,
  validateRequestCount,
  validateTargetPercent,
  type ScalingInput,
} from '../../scaling/scalingConfig';
import { UserCancelledError } from '../../ui/errors';
import { pickCluster, pickService } from '../../ui/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { ScalingCommandDeps } from './scalingCommandDeps';

/** "Configure Auto Scaling" also needs ELBv2, for a request-count policy (absent: the question is skipped). */
export interface ConfigureAutoScalingDeps extends ScalingCommandDeps {
  readonly elb?: () => ElbGateway;
}

/** The service a scaling command is about: the clicked node's, or one picked. */
export async function scalingSubject(
  deps: ScalingCommandDeps,
  node: ExplorerNode | undefined,
): Promise<{ cluster: string; service: Service; name: string }> {
  const ecs = deps.ecs();
  const cluster = node instanceof ServiceNode ? node.clusterName : await pickCluster(ecs);
  const service = node instanceof ServiceNode ? node.service : await pickService(ecs, cluster);
  return { cluster, service, name: service.serviceName ?? '' };
}

async function ask(
  title: string,
  prompt: string,
  value: string,
  validateInput: (text: string) => string | undefined,
): Promise<string> {
  const answer = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    validateInput,
    ignoreFocusOut: true,
  });
  if (answer === undefined) throw new UserCancelledError();
  return answer;
}

/** Picks one of several target groups (the current policy's first); one is taken as it is. */
async function pickTargetGroup(
  title: string,
  arns: readonly string[],
  current: string | undefined,
): Promise<string> {
  const [only] = arns;
  if (arns.length === 1 && only !== undefined) return only;
  const items = arns.map((arn) => ({
    label: targetGroupName(arn),
    description: labelMatchesTargetGroup(current, arn) ? 'current policy' : undefined,
    detail: arn,
    arn,
  }));
  items.sort((a, b) => Number(b.description !== undefined) - Number(a.description !== undefined));
  const picked = await vscode.window.showQuickPick(items, {
    title,
    placeHolder: 'Count the requests of which target group?',
    ignoreFocusOut: true,
  });
  if (!picked) throw new UserCancelledError();
  return picked.arn;
}

/** The ResourceLabel of the target group, from ELBv2 (its load balancer ARN); throws when unusable. */
async function requestLabelFor(elb: ElbGateway, targetGroupArn: string): Promise<string> {
  const [group] = await elb.describeTargetGroups([targetGroupArn]);
  const result = resourceLabel(targetGroupArn, group?.LoadBalancerArns ?? []);
  if (!result.ok) throw new Error(`Auto scaling not changed: ${result.error}`);
  return result.label;
}

/**
 * `ecsFargate.configureAutoScaling`: shows the current configuration, asks the range, the CPU and
 * memory targets, the ALB requests per target (when the service has a target group, and ELBv2 is
 * wired: then the target group is picked and its ResourceLabel built from its load balancer's ARN)
 * and the cooldowns, confirms the summary in a modal, then registers the target and
 * puts the policies. Every check runs before the first call (scalingConfig.planScaling).
 */
export function registerConfigureAutoScaling(deps: ConfigureAutoScalingDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.configureAutoScaling',
    'Configuring auto scaling',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, service, name } = await scalingSubject(deps, node);
      const scaling = deps.scaling();
      const target = await scaling.describeTarget(cluster, name);
      const policies = target ? await scaling.describePolicies(cluster, name) : [];
      const current = describeConfiguration(target, policies).join(' ');
      const start = initialInput(target, policies, service.desiredCount ?? 0);
      const title = `Auto Scaling: ${name}`;

      const min = await ask(title, `${current} Minimum number of tasks:`, start.min, validateMin);
      const minValue = Number(min.trim());
      const max = await ask(title, `Maximum number of tasks (at least ${minValue}):`, start.max, (text) =>
        validateMax(text, minValue),
      );
      const cpuTarget = await ask(
        title,
        'Target average CPU utilization in percent (1–100; blank: no CPU policy):',
        start.cpuTarget,
        validateTargetPercent,
      );
      const memoryTarget = await ask(
        title,
        'Target average memory utilization in percent (1–100; blank: no memory policy):',
        start.memoryTarget,
        validateTargetPercent,
      );
      // Only a service behind a load balancer's target group can scale on requests per target.
      const targetGroups = deps.elb ? serviceTargetGroups(service) : [];
      let requestTarget = '';
      let requestLabel: string | undefined;
      const askRequests = deps.elb !== undefined && targetGroups.length > 0;
      if (deps.elb && askRequests) {
        requestTarget = await ask(
          title,
          'Target ALB requests per target (per task, per minute; blank: no request-count policy):',
          start.requestTarget ?? '',
          validateRequestCount,
        );
        if (requestTarget.trim() !== '') {
          const arn = await pickTargetGroup(title, targetGroups, currentRequestLabel(policies));
          requestLabel = await requestLabelFor(deps.elb(), arn);
        }
      }
      const scaleOutCooldown = await ask(
        title,
        'Scale-out cooldown in seconds (wait after adding tasks before adding more):',
        start.scaleOutCooldown,
        validateCooldown,
      );
      const scaleInCooldown = await ask(
        title,
        'Scale-in cooldown in seconds (wait after removing tasks before removing more):',
        start.scaleInCooldown,
        validateCooldown,
      );
      const input: ScalingInput = {
        min,
        max,
        cpuTarget,
        memoryTarget,
        requestTarget,
        scaleInCooldown,
        scaleOutCooldown,
      };
      const plan = planScaling(
        input,
        // A request-count policy not asked about this time (no target group now) is left alone.
        policies.flatMap((p) =>
          p.PolicyName && (askRequests || p.PolicyName !== POLICY_NAMES.requests) ? [p.PolicyName] : [],
        ),
        requestLabel,
      );
      if (!plan.ok) throw new Error(`Auto scaling not changed: ${plan.errors.join(' ')}`);

      const apply = 'Apply';
      const answer = await vscode.window.showWarningMessage(
        `Configure auto scaling of ${name} in cluster ${cluster}?`,
        { modal: true, detail: describePlan(plan.value, service.desiredCount).join('\n') },
        apply,
      );
      if (answer !== apply) throw new UserCancelledError();
      await applyScaling(scaling, cluster, name, plan.value);
      vscode.window.setStatusBarMessage(
        `Auto scaling of ${name}: ${plan.value.min}–${plan.value.max} tasks`,
        5000,
      );
      if (node instanceof ServiceNode) await deps.explorer.refresh(node.parent);
    },
  );
}
