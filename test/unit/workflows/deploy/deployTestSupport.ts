/** Shared by the deploy unit and integration tests: a virtual clock and a recording reporter. */
import type { DeployClock } from '../../../../src/workflows/deploy/deployDeps';
import type { DeployReporter, DeployStep } from '../../../../src/workflows/deploy/deployTypes';

/** Time moves only when the code under test sleeps; `onSleep` lets a test act at that moment. */
export class VirtualClock implements DeployClock {
  readonly sleeps: number[] = [];
  onSleep?: (ms: number, slept: number) => void;

  constructor(public time = Date.UTC(2025, 0, 15, 12, 0, 0)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(abort());
    this.sleeps.push(ms);
    this.time += ms;
    this.onSleep?.(ms, this.sleeps.length);
    return signal.aborted ? Promise.reject(abort()) : Promise.resolve();
  }
}

function abort(): Error {
  const error = new Error('aborted');
  error.name = 'AbortError';
  return error;
}

export class RecordingReporter implements DeployReporter {
  readonly started: DeployStep[] = [];
  readonly finished: Array<{ step: DeployStep; summary: string }> = [];
  readonly lines: string[] = [];
  readonly statuses: string[] = [];
  onStart?: (step: DeployStep) => void;

  stepStarted(step: DeployStep): void {
    this.started.push(step);
    this.onStart?.(step);
  }

  stepFinished(step: DeployStep, _ms: number, summary: string): void {
    this.finished.push({ step, summary });
  }

  line(text: string): void {
    this.lines.push(text);
  }

  status(text: string): void {
    this.statuses.push(text);
  }

  text(): string {
    return this.lines.join('\n');
  }
}
