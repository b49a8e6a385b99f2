/**
 * The service deployment a Deployments command acts on: the tree node it ran on (described afresh,
 * so the status and the hook are current), else one the user picks from a service's deployments.
 */
import * as vscode from 'vscode';
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { revisionNames } from '../../explorer/nodes/deploymentsNode';
import { ServiceDeploymentNode } from '../../explorer/nodes/serviceDeploymentNode';
import { UserCancelledError } from '../../ui/errors';
import { pickCluster, pickService } from '../../ui/pickers';
import { withBusyIndicator } from '../../ui/progress';
import {
  deploymentId,
  fromTo,
  isInProgress,
  stageLine,
  statusWords,
  type RevisionNames,
} from '../../workflows/deployments/deploymentView';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';

export interface DeploymentSubject {
  readonly deployment: ServiceDeployment;
  readonly names: RevisionNames;
  readonly node?: ServiceDeploymentNode;
}

export async function deploymentSubject(
  deps: DeploymentCommandDeps,
  node: ExplorerNode | undefined,
  options: { readonly inProgressOnly?: boolean } = {},
): Promise<DeploymentSubject> {
  const gateway = deps.deployments();
  if (node instanceof ServiceDeploymentNode && node.arn) {
    const arn = node.arn;
    const { items, failures } = await withBusyIndicator('ECS: Reading the service deployment…', () =>
      gateway.describeServiceDeployments([arn]),
    );
    const fresh = items[0];
    if (!fresh) {
      throw new Error(
        `ECS cannot describe service deployment ${deploymentId(arn)} (${failures[0]?.reason ?? 'not found'}). Refresh the Clusters view.`,
      );
    }
    node.update(fresh);
    deps.explorer.fire([node]);
    return { deployment: fresh, names: node.revisions, node };
  }
  const ecs = deps.ecs();
  const cluster = await pickCluster(ecs);
  const service = await pickService(ecs, cluster);
  const name = service.serviceName ?? '';
  const { items, names } = await withBusyIndicator(`ECS: Reading the deployments of ${name}…`, async () => {
    const page = await gateway.listServiceDeployments(cluster, name, {
      maxResults: 20,
      ...(options.inProgressOnly ? { status: ['PENDING', 'IN_PROGRESS'] as const } : {}),
    });
    const arns = page.items.flatMap((b) => (b.serviceDeploymentArn ? [b.serviceDeploymentArn] : []));
    const described = arns.length ? (await gateway.describeServiceDeployments(arns)).items : [];
    return { items: described, names: await revisionNames(gateway, described) };
  });
  const candidates = options.inProgressOnly ? items.filter((d) => isInProgress(d.status)) : items;
  if (candidates.length === 0) {
    throw new Error(
      `${name} has no ${options.inProgressOnly ? 'service deployment in progress' : 'service deployments recorded'} in cluster ${cluster}.`,
    );
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    candidates.map((d) => ({
      label: fromTo(d, names),
      description: isInProgress(d.status) ? stageLine(d, { now }) : statusWords(d.status),
      detail: deploymentId(d.serviceDeploymentArn),
      deployment: d,
    })),
    { title: `Deployments of ${name}`, placeHolder: 'Pick a service deployment' },
  );
  if (!picked) throw new UserCancelledError();
  return { deployment: picked.deployment, names };
}
