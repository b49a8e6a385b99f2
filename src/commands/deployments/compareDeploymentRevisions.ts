import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { NoCredentialsError } from '../../aws/awsProblem';
import { revisionUri, type RevisionLocation } from '../../taskDefinitions/taskDefinitionDocuments';
import { withBusyIndicator } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import { deploymentId, revisionName } from '../../workflows/deployments/deploymentView';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { deploymentSubject } from './deploymentSubject';

/** `web:12` → family and revision. */
function parseName(name: string | undefined): { family: string; revision: number } | undefined {
  const match = name ? /^([A-Za-z0-9_-]+):(\d+)$/.exec(name) : null;
  return match?.[1] && match[2] ? { family: match[1], revision: Number(match[2]) } : undefined;
}

/**
 * `ecsFargate.compareDeploymentRevisions`: the task definitions a service deployment moved from and
 * to, side by side in the normalised diff of "Compare Task Definition".
 */
export function registerCompareDeploymentRevisions(deps: DeploymentCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.compareDeploymentRevisions',
    'Comparing the revisions of the deployment',
    deps,
    async (node?: ExplorerNode) => {
      const { deployment, names } = await deploymentSubject(deps, node);
      const connection = deps.connection();
      if (!connection) throw new NoCredentialsError();
      const fromName = revisionName(deployment.sourceServiceRevisions?.[0]?.arn, names);
      const toName = revisionName(deployment.targetServiceRevision?.arn, names);
      const from = parseName(fromName);
      const to = parseName(toName);
      if (!from || !to) {
        throw new Error(
          `Service deployment ${deploymentId(deployment.serviceDeploymentArn)} does not name two task definitions to compare (${fromName} → ${toName}).`,
        );
      }
      const left: RevisionLocation = { ...from, ...connection };
      const right: RevisionLocation = { ...to, ...connection };
      await withBusyIndicator(`ECS: Reading ${fromName} and ${toName}…`, () =>
        Promise.all([
          deps.taskDefinitionDocuments.describe(left),
          deps.taskDefinitionDocuments.describe(right),
        ]),
      );
      await vscode.commands.executeCommand(
        'vscode.diff',
        revisionUri(left, 'normalized'),
        revisionUri(right, 'normalized'),
        `${fromName} ↔ ${toName} (normalized)`,
        { preview: true },
      );
    },
  );
}
