import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { deployReporter, formatDuration, writeDeploySummary } from '../../../src/ui/deployProgress';
import type { DeployResult } from '../../../src/workflows/deploy/deployTypes';

function channel(): vscode.OutputChannel & { lines: string[] } {
  const lines: string[] = [];
  return { lines, appendLine: (l: string) => lines.push(l) } as unknown as vscode.OutputChannel & {
    lines: string[];
  };
}

describe('deploy progress (notification + "ECS: Deploy" channel)', () => {
  it('formats durations for people', () => {
    assert.deepEqual([450, 12_340, 102_000, 119_700].map(formatDuration), [
      '450 ms',
      '12.3 s',
      '1m 42s',
      '2m 0s',
    ]);
  });

  it('reports each step once in the notification, with a share of the bar, and times it in the channel', () => {
    const out = channel();
    const reports: Array<[string, number | undefined]> = [];
    const reporter = deployReporter({
      channel: out,
      report: (message, increment) => reports.push([message, increment]),
      redact: (t) => t.replace('s3cr3t', '***'),
      now: () => new Date(2026, 0, 1, 12, 0, 5),
    });
    reporter.stepStarted('build', 'Dockerfile for linux/amd64');
    reporter.line('Step 1/3 : FROM busybox with s3cr3t\n');
    reporter.status?.('Pushing 40 %');
    reporter.stepFinished('build', 12_340, 'Built for linux/amd64.');
    assert.deepEqual(out.lines, [
      '[12:00:05] ▶ Build the image (Dockerfile for linux/amd64)',
      'Step 1/3 : FROM busybox with ***',
      '[12:00:05] ✓ Build the image: 12.3 s · Built for linux/amd64.',
    ]);
    assert.deepEqual(reports, [
      ['Step 3/9: Build the image', undefined],
      ['Step 3/9: Build the image · Pushing 40 %', undefined],
      ['Step 3/9: Build the image', 100 / 9],
    ]);
  });

  it('ends with the outcome, what was done and the timings', () => {
    const out = channel();
    const result: DeployResult = {
      outcome: 'cancelled',
      step: 'wait',
      message: 'Cancelled while waiting.',
      done: ['pushed 1.dkr.ecr/web@sha256:1', 'registered web:12'],
      timings: [
        { step: 'build', ms: 2000 },
        { step: 'push', ms: 1500 },
      ],
    };
    writeDeploySummary(out, result, (t) => t);
    assert.deepEqual(out.lines, [
      '» Deploy cancelled at "Wait for the rollout" after 3.5 s: Cancelled while waiting.',
      '  done: pushed 1.dkr.ecr/web@sha256:1',
      '  done: registered web:12',
      '  timings: build 2.0 s · push 1.5 s',
    ]);
  });
});
