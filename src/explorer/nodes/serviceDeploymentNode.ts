/**
 * One service deployment under a service's "Deployments": its status, the revisions it moves from
 * and to, when it started and finished, and for one in progress where it stands (scale up, traffic
 * weights, bake time left, a hook awaiting Continue or Roll Back). Followed by the live updater
 * while it moves (one DescribeServiceDeployments for all the deployments in view).
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { ContextValues } from '../contextValues';
import {
  awaitingHook,
  deploymentId,
  failureFacts,
  fromTo,
  isInProgress,
  isTransitionalDeployment,
  stageLine,
  statusWords,
  triggerOf,
  type RevisionNames,
} from '../../workflows/deployments/deploymentView';
import type { DeploymentTrigger } from '../../workflows/deployments/deploymentTrigger';
import type { ExplorerContext, ExplorerNode, LiveNode, NodeIcon, NodeView } from './explorerNode';
import { code, formatAge, Icons, localTimeWithAge, md, tooltip } from './format';

export class ServiceDeploymentNode implements LiveNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: ExplorerContext,
    readonly clusterName: string,
    readonly serviceName: string,
    public deployment: ServiceDeployment,
    /** Revision ARN → task definition (`web:12`), from DescribeServiceRevisions. */
    readonly revisions: RevisionNames,
    /** Who started it (and rolled it back), from CloudTrail; undefined: not looked up. */
    readonly trigger?: DeploymentTrigger,
  ) {}

  get arn(): string | undefined {
    return this.deployment.serviceDeploymentArn;
  }

  get id(): string {
    return `${this.parent.id}/deployment:${deploymentId(this.arn)}`;
  }

  get live() {
    return { kind: 'serviceDeployment' as const, cluster: this.clusterName, arn: this.arn ?? '' };
  }

  isTransitional(): boolean {
    return isTransitionalDeployment(this.deployment.status);
  }

  update(deployment: ServiceDeployment): void {
    this.deployment = deployment;
  }

  /** The task definitions of the target and (first) source revision, when known. */
  taskDefinitions(): { readonly from?: string; readonly to?: string } {
    const d = this.deployment;
    const from = d.sourceServiceRevisions?.[0]?.arn;
    const to = d.targetServiceRevision?.arn;
    return {
      ...(from && this.revisions.get(from) ? { from: this.revisions.get(from) } : {}),
      ...(to && this.revisions.get(to) ? { to: this.revisions.get(to) } : {}),
    };
  }

  view(): NodeView {
    const d = this.deployment;
    const now = this.ctx.now();
    const started = d.startedAt ?? d.createdAt;
    const parts = [
      isTransitionalDeployment(d.status) ? stageLine(d, { now }) : statusWords(d.status),
      started ? `${formatAge(started.getTime(), now)} ago` : undefined,
    ];
    const facts = failureFacts(d);
    if (!isTransitionalDeployment(d.status) && d.status !== 'SUCCESSFUL' && facts[0]) parts.push(facts[0]);
    const hook = awaitingHook(d);
    return {
      label: fromTo(d, this.revisions),
      description: parts.filter(Boolean).join(' · '),
      tooltip: tooltip(`Service deployment ${deploymentId(this.arn)}`, [
        ['Status', md(d.status)],
        ['Stage', isTransitionalDeployment(d.status) ? md(stageLine(d, { now })) : undefined],
        ['Revisions', md(fromTo(d, this.revisions))],
        ['Strategy', md(d.deploymentConfiguration?.strategy ?? 'ROLLING')],
        ['Trigger', md(triggerOf(d))],
        ['Triggered by', this.trigger ? md(this.trigger.startedBy) : undefined],
        ['Rolled back by', this.trigger?.rolledBackBy ? md(this.trigger.rolledBackBy) : undefined],
        ['Started', localTimeWithAge(started, now)],
        ['Finished', localTimeWithAge(d.finishedAt ?? d.stoppedAt, now)],
        ['Why', facts.length > 0 ? md(facts.join('; ')) : undefined],
        ['Hook', hook ? `${md(hook.targetType)} awaiting action (${code(hook.hookId)})` : undefined],
        ['ARN', code(this.arn)],
      ]),
      icon: this.icon(),
      collapsible: 'none',
      contextValue: hook
        ? ContextValues.deploymentAwaiting
        : isInProgress(d.status)
          ? ContextValues.deploymentInProgress
          : ContextValues.deployment,
    };
  }

  private icon(): NodeIcon {
    const status = this.deployment.status;
    if (awaitingHook(this.deployment)) return Icons.warning('debug-pause');
    if (status === 'SUCCESSFUL') return Icons.ok();
    if (status === 'ROLLBACK_SUCCESSFUL' || status === 'STOPPED') return Icons.warning('history');
    if (status === 'ROLLBACK_FAILED') return Icons.error();
    if (isTransitionalDeployment(status)) return Icons.busy();
    return Icons.idle();
  }
}
