/**
 * "Deployments" under a service: its service deployments, newest first, a page at a time within the
 * API's limits (ListServiceDeployments pages of 20, then one DescribeServiceDeployments of those 20
 * and one DescribeServiceRevisions for the task definitions they move between). An "Older
 * deployments" row expands to the next page. docs/deployments.md §1. With CloudTrail, one
 * LookupEvents per page says who started each deployment (docs/aws-facts.md §11).
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import { lookUpTriggers } from '../../workflows/deployments/deploymentTrigger';
import { ContextValues } from '../contextValues';
import { describedChildren } from './describedChildren';
import type { ExplorerContext, ExplorerNode, NodeView } from './explorerNode';
import { ServiceDeploymentNode } from './serviceDeploymentNode';

/** One page in the tree: the size DescribeServiceDeployments takes in one call. */
export const DEPLOYMENTS_PAGE_SIZE = 20;

export class DeploymentsNode implements ExplorerNode {
  constructor(
    readonly parent: ExplorerNode,
    private readonly ctx: ExplorerContext & { readonly deployments: ServiceDeploymentsGateway },
    readonly clusterName: string,
    readonly serviceName: string,
    /** The page token of an "Older deployments" row; undefined for the first page. */
    readonly nextToken?: string,
    readonly page = 1,
  ) {}

  get id(): string {
    return this.nextToken ? `${this.parent.id}/deployments:older` : `${this.parent.id}/deployments`;
  }

  view(): NodeView {
    return this.nextToken
      ? {
          label: 'Older deployments',
          tooltip: 'Expand for the next page of service deployments.',
          icon: { id: 'history' },
          collapsible: 'collapsed',
          contextValue: ContextValues.deployments,
        }
      : {
          label: 'Deployments',
          description: 'newest first',
          tooltip:
            'The service deployments ECS keeps (ListServiceDeployments): status, revisions, stage, rollbacks. ' +
            'Steer one in progress from its context menu.',
          icon: { id: 'rocket' },
          collapsible: 'collapsed',
          contextValue: ContextValues.deployments,
        };
  }

  async getChildren(signal?: AbortSignal): Promise<ExplorerNode[]> {
    const { deployments } = this.ctx;
    const page = await deployments.listServiceDeployments(
      this.clusterName,
      this.serviceName,
      { maxResults: DEPLOYMENTS_PAGE_SIZE, ...(this.nextToken ? { nextToken: this.nextToken } : {}) },
      signal,
    );
    const arns = page.items.flatMap((b) => (b.serviceDeploymentArn ? [b.serviceDeploymentArn] : []));
    const described = arns.length
      ? await deployments.describeServiceDeployments(arns, signal)
      : { items: [], failures: [] };
    const items = [...described.items].sort(byNewest);
    const [revisions, triggers] = await Promise.all([
      revisionNames(deployments, items, signal),
      this.ctx.cloudTrail && items.length > 0
        ? lookUpTriggers(this.ctx.cloudTrail, items, this.ctx.now(), signal)
        : undefined,
    ]);
    const children = describedChildren(
      this,
      { items, failures: described.failures },
      (d) =>
        new ServiceDeploymentNode(
          this,
          this.ctx,
          this.clusterName,
          this.serviceName,
          d,
          revisions,
          d.serviceDeploymentArn ? triggers?.get(d.serviceDeploymentArn) : undefined,
        ),
      'deployment',
      this.nextToken ? 'No older deployments' : 'No service deployments recorded',
    );
    if (page.nextToken) {
      children.push(
        new DeploymentsNode(
          this,
          this.ctx,
          this.clusterName,
          this.serviceName,
          page.nextToken,
          this.page + 1,
        ),
      );
    }
    return children;
  }
}

function byNewest(a: ServiceDeployment, b: ServiceDeployment): number {
  return (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0);
}

/** Revision ARN → `family:revision` of its task definition (one DescribeServiceRevisions per 20). */
export async function revisionNames(
  deployments: Pick<ServiceDeploymentsGateway, 'describeServiceRevisions'>,
  items: readonly ServiceDeployment[],
  signal?: AbortSignal,
): Promise<Map<string, string>> {
  const arns = new Set<string>();
  for (const d of items) {
    if (d.targetServiceRevision?.arn) arns.add(d.targetServiceRevision.arn);
    for (const s of d.sourceServiceRevisions ?? []) if (s.arn) arns.add(s.arn);
  }
  const names = new Map<string, string>();
  if (arns.size === 0) return names;
  try {
    const { items: revisions } = await deployments.describeServiceRevisions([...arns], signal);
    for (const r of revisions) {
      if (r.serviceRevisionArn && r.taskDefinition) {
        names.set(r.serviceRevisionArn, r.taskDefinition.split('/').pop() ?? r.taskDefinition);
      }
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    // The names are a nicety: the rows still show the revision ids.
  }
  return names;
}
