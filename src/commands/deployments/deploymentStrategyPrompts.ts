/**
 * The questions of "Set Deployment Strategy…": the strategy (the current one first, with
 * what it is now), its numbers (each input box validates with the ranges ECS accepts before any
 * call) and the alarms. Cancel anywhere: nothing changes.
 */
import * as vscode from 'vscode';
import type { DeploymentStrategy } from '@aws-sdk/client-ecs';
import { UserCancelledError } from '../../ui/errors';
import { validateStrategy, type StrategyChoice } from '../../workflows/deployments/strategy';

const STRATEGIES: ReadonlyArray<{ strategy: DeploymentStrategy; label: string; detail: string }> = [
  {
    strategy: 'ROLLING',
    label: 'Rolling',
    detail: 'Replace tasks in batches (minimum healthy / maximum percent).',
  },
  {
    strategy: 'BLUE_GREEN',
    label: 'Blue/green',
    detail: 'Start the new revision beside the old, move all traffic at once, bake, then stop the old.',
  },
  {
    strategy: 'LINEAR',
    label: 'Linear',
    detail: 'Move production traffic in equal steps with a bake time between steps.',
  },
  { strategy: 'CANARY', label: 'Canary', detail: 'Move a small share first, bake, then the rest.' },
];

export async function pickStrategy(
  current: StrategyChoice,
  currentText: string,
): Promise<DeploymentStrategy> {
  const items = STRATEGIES.map((s) => ({
    label: s.label,
    description: s.strategy === current.strategy ? `current: ${currentText}` : undefined,
    detail: s.detail,
    strategy: s.strategy,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Deployment strategy',
    placeHolder: `Now: ${currentText}`,
  });
  if (!picked) throw new UserCancelledError();
  return picked.strategy;
}

/** One number, validated against the strategy's rules as the user types. */
export async function askNumber(
  title: string,
  prompt: string,
  field: keyof StrategyChoice,
  value: number,
  partial: StrategyChoice,
): Promise<number> {
  const input = await vscode.window.showInputBox({
    title,
    prompt,
    value: String(value),
    validateInput: (text) => {
      const n = Number(text.trim());
      if (text.trim() === '' || Number.isNaN(n)) return 'A number.';
      return validateStrategy({ ...partial, [field]: n }).find((p) => p.field === field)?.message;
    },
  });
  if (input === undefined) throw new UserCancelledError();
  return Number(input.trim());
}

export async function askAlarms(current: readonly string[]): Promise<string[]> {
  const input = await vscode.window.showInputBox({
    title: 'Alarms that roll the deployment back',
    prompt: 'CloudWatch alarm names, comma-separated (empty: none)',
    value: current.join(', '),
  });
  if (input === undefined) throw new UserCancelledError();
  return input
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}
