/**
 * Shows a deploy: ONE cancellable progress notification ("Step 3/8: Build the image · 2/3 running")
 * whose bar moves one share per step, and the "ECS: Deploy" output channel with every step's start,
 * its time and summary, and the pipeline's own lines (build output, service events, stopped tasks).
 * Everything written is redacted first (build output can echo a registry password or a token).
 */
import type * as vscode from 'vscode';
import {
  DEPLOY_STEP_TITLES,
  type DeployReporter,
  type DeployResult,
  type DeployStep,
} from '../workflows/deploy/deployTypes';
import type { ReportProgress } from './progress';

export const DEPLOY_CHANNEL_NAME = 'ECS: Deploy';

const STEPS = Object.keys(DEPLOY_STEP_TITLES) as DeployStep[];

/** 1m 42s, 12.3 s, 850 ms: short enough for a notification, exact enough for the channel. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 60 ? `${minutes + 1}m 0s` : `${minutes}m ${seconds}s`;
}

function clock(now: Date): string {
  return now.toTimeString().slice(0, 8);
}

export interface DeployProgressOptions {
  readonly channel: vscode.OutputChannel;
  readonly report: ReportProgress;
  readonly redact: (text: string) => string;
  readonly now?: () => Date;
}

/** A DeployReporter that drives the notification and the channel. */
export function deployReporter(options: DeployProgressOptions): DeployReporter {
  const { channel, report, redact } = options;
  const now = options.now ?? (() => new Date());
  const share = 100 / STEPS.length;
  let current: DeployStep | undefined;
  const stepLabel = (step: DeployStep) =>
    `Step ${STEPS.indexOf(step) + 1}/${STEPS.length}: ${DEPLOY_STEP_TITLES[step]}`;
  return {
    stepStarted(step, detail) {
      current = step;
      channel.appendLine(
        redact(`[${clock(now())}] ▶ ${DEPLOY_STEP_TITLES[step]}${detail ? ` (${detail})` : ''}`),
      );
      report(stepLabel(step));
    },
    stepFinished(step, elapsedMs, summary) {
      channel.appendLine(
        redact(
          `[${clock(now())}] ✓ ${DEPLOY_STEP_TITLES[step]}: ${formatDuration(elapsedMs)}${summary ? ` · ${summary}` : ''}`,
        ),
      );
      report(stepLabel(step), share);
    },
    line(text) {
      channel.appendLine(redact(text.replace(/\r?\n$/, '')));
    },
    status(text) {
      report(current ? `${stepLabel(current)} · ${redact(text)}` : redact(text));
    },
  };
}

/** The closing lines of a deploy in the channel: the outcome, what was done, each step's time. */
export function writeDeploySummary(
  channel: vscode.OutputChannel,
  result: DeployResult,
  redact: (text: string) => string,
): void {
  const total = result.timings.reduce((sum, t) => sum + t.ms, 0);
  const where = result.step ? ` at "${DEPLOY_STEP_TITLES[result.step]}"` : '';
  channel.appendLine(
    redact(`» Deploy ${result.outcome}${where} after ${formatDuration(total)}: ${result.message}`),
  );
  for (const done of result.done) channel.appendLine(redact(`  done: ${done}`));
  const times = result.timings.map((t) => `${t.step} ${formatDuration(t.ms)}`).join(' · ');
  if (times) channel.appendLine(`  timings: ${times}`);
}
