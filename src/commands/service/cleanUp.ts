import * as vscode from 'vscode';
import { registerCommand } from '../../ui/runCommand';
import { withCancellableProgress } from '../../ui/progress';
import { UserCancelledError } from '../../ui/errors';
import { executeCleanUp, summarizeResults } from '../../workflows/cleanUp/cleanUpExecute';
import { planCleanUp } from '../../workflows/cleanUp/cleanUpPlan';
import { countSummary, describeItem } from '../../workflows/cleanUp/cleanUpText';
import type { CleanUpGateways, CleanUpItemResult } from '../../workflows/cleanUp/cleanUpTypes';
import { editDeployFile, removeTarget } from '../../workflows/deploy/deployFile';
import { DEPLOY_FILE } from '../../workflows/deploy/deployTarget';
import { familyInFile, pickDeployTarget, pickItems, pickKeep } from './cleanUpPrompts';
import type { ServiceCommandDeps } from './serviceCommandDeps';

const DETAIL_LINES = 12;

/**
 * `ecsFargate.cleanUp`: for a deploy target, lists what the extension created and what piled up
 * beyond the newest N (revisions, images), deletes what the user ticks after a modal confirmation
 * with the counts, and reports each item in an output channel.
 */
export function registerCleanUp(deps: ServiceCommandDeps): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const command = registerCommand('ecsFargate.cleanUp', 'Cleaning up the deploy target', deps, async () => {
    const { root, target } = await pickDeployTarget();
    const keep = await pickKeep();
    const gateways: CleanUpGateways = {
      ecs: deps.ecs(),
      taskDefinitions: deps.taskDefinitions(),
      ecr: deps.ecr(),
      scaling: deps.scaling(),
    };
    const family = await familyInFile(root, target);
    const plan = await withCancellableProgress(
      `ECS: Looking for what ${target.name} left behind…`,
      (_report, signal) => planCleanUp(target, gateways, { keep, signal, ...(family ? { family } : {}) }),
    );
    if (plan.items.length === 0) {
      void vscode.window.showInformationMessage(
        `Nothing to clean up for ${target.name} (keeping the newest ${keep}). ${plan.notes.join(' ')}`,
      );
      return;
    }
    const now = Date.now();
    const selected = await pickItems(plan, now);
    if (selected.length === 0) throw new UserCancelledError();
    const lines = selected.map((i) => `• ${describeItem(i, now).label.replace(/^\$\([^)]+\) /, '')}`);
    const confirm = 'Delete';
    const answer = await vscode.window.showWarningMessage(
      `Delete ${countSummary(selected)} of ${target.name}?`,
      {
        modal: true,
        detail: [
          ...lines.slice(0, DETAIL_LINES),
          ...(lines.length > DETAIL_LINES ? [`…and ${lines.length - DETAIL_LINES} more`] : []),
          '',
          'This cannot be undone.',
        ].join('\n'),
      },
      confirm,
    );
    if (answer !== confirm) return;
    const results = await withCancellableProgress(`ECS: Cleaning up ${target.name}`, (report, signal) =>
      executeCleanUp(selected, gateways, { signal, onProgress: (text) => report(text) }),
    );
    channel ??= vscode.window.createOutputChannel('ECS Clean Up');
    writeResults(channel, target.name, results);
    deps.onCleanedUp();
    void deps.explorer.refresh();
    await reportOutcome(
      root,
      target.name,
      results,
      channel,
      selected.some((i) => i.kind === 'service'),
    );
  });
  return new vscode.Disposable(() => {
    command.dispose();
    channel?.dispose();
  });
}

function writeResults(
  channel: vscode.OutputChannel,
  name: string,
  results: readonly CleanUpItemResult[],
): void {
  channel.appendLine(`Clean Up of ${name} at ${new Date().toLocaleString()}: ${summarizeResults(results)}`);
  for (const r of results) channel.appendLine(`  ${r.outcome.padEnd(7)} ${r.message}`);
  channel.appendLine('');
}

async function reportOutcome(
  root: string,
  name: string,
  results: readonly CleanUpItemResult[],
  channel: vscode.OutputChannel,
  serviceTicked: boolean,
): Promise<void> {
  const summary = `Clean Up of ${name}: ${summarizeResults(results)}.`;
  const failed = results.some((r) => r.outcome !== 'deleted');
  const show = 'Show Details';
  const remove = `Remove ${name} from ${DEPLOY_FILE}`;
  const serviceGone =
    serviceTicked && results.some((r) => r.item.kind === 'service' && r.outcome === 'deleted');
  const buttons = serviceGone ? [show, remove] : [show];
  const choice = failed
    ? await vscode.window.showWarningMessage(summary, ...buttons)
    : await vscode.window.showInformationMessage(summary, ...buttons);
  if (choice === show) channel.show(true);
  // Asked, never done silently: the file is the user's (and may be committed).
  if (choice === remove) {
    await editDeployFile(root, (text) => {
      if (text === undefined) throw new Error(`${DEPLOY_FILE} no longer exists: nothing to remove.`);
      return removeTarget(text, name);
    });
  }
}
