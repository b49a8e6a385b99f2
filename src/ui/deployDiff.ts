/**
 * "Show What Will Change": VS Code's diff editor between the revision the service runs now and the
 * task definition the deploy is about to register. The rendered side exists only in memory, so
 * both sides are read-only virtual documents on the `ecs-deploy-plan` scheme, held here until the
 * next plan replaces them. Both go through the same normalizeForCompare/formatJson as "Compare
 * Task Definition" (sorted keys, order-free lists, documented defaults written out), so only real
 * differences show: usually just the image.
 */
import * as vscode from 'vscode';
import { formatJson, normalizeForCompare } from '../taskdef/normalize';
import type { PlannedChange } from '../workflows/deploy/deployTypes';

export const DEPLOY_PLAN_SCHEME = 'ecs-deploy-plan';

export class DeployPlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly texts = new Map<string, string>();

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '// This plan is no longer available: deploy again to see it.\n';
  }

  /** Holds `text` under a URI named `name`; a document already open on it refreshes. */
  put(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DEPLOY_PLAN_SCHEME, path: `/${name}` });
    const key = uri.toString();
    const known = this.texts.has(key);
    this.texts.set(key, text);
    if (known) this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.texts.clear();
    this.changed.dispose();
  }
}

export function registerDeployPlanDocuments(documents: DeployPlanDocuments): vscode.Disposable {
  // The documents themselves are disposed by their owner (DeployCommandDeps).
  return vscode.workspace.registerTextDocumentContentProvider(DEPLOY_PLAN_SCHEME, documents);
}

function revisionLabel(arn: string | undefined): string | undefined {
  return arn?.slice(arn.lastIndexOf('/') + 1);
}

/** The two normalized texts of a plan (exported for tests). */
export function planTexts(change: PlannedChange): { deployed: string; rendered: string } {
  const deployed = change.deployed
    ? formatJson(normalizeForCompare(change.deployed))
    : `// ${change.createsService ? 'The service does not exist yet: the deploy creates it.' : 'Nothing runs this task definition yet.'}\n{}\n`;
  return { deployed, rendered: formatJson(normalizeForCompare(change.rendered)) };
}

/** Opens the diff: deployed revision on the left, the one to register on the right. */
export async function showPlannedChange(
  documents: DeployPlanDocuments,
  change: PlannedChange,
): Promise<void> {
  const family = change.rendered.family ?? change.target.name;
  const deployedName = revisionLabel(change.deployedArn) ?? 'deployed';
  const { deployed, rendered } = planTexts(change);
  const left = documents.put(`${deployedName}.json`, deployed);
  const right = documents.put(`${family}-to-register.json`, rendered);
  await vscode.commands.executeCommand(
    'vscode.diff',
    left,
    right,
    `${deployedName} ↔ ${family} to register (normalized)`,
    { preview: true },
  );
}
