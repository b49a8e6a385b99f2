/**
 * Runs the deploy's steps one after the other: reports each start and finish (with its time) to
 * the reporter, keeps what was done, and turns the first failure into a DeployResult that names
 * the step, says what happened and what was already done. A cancellation is checked before each
 * step starts, so a step that completed (an UpdateService, say) is always counted as done.
 * Editor-free.
 */
import { describeAwsError } from '../../aws/awsErrors';
import { isAbortError } from '../../shared/abort';
import { deployCancelled, type DeployClock } from './deployDeps';
import { DeployFailure } from './deployFailure';
import {
  DEPLOY_STEP_TITLES,
  type DeployOutcome,
  type DeployReporter,
  type DeployResult,
  type DeployStep,
} from './deployTypes';

export interface StepOutput<T> {
  readonly value: T;
  /** One line for the step's finish: what it did or found. */
  readonly summary: string;
  /** Added to the result's `done` list (a resource created or changed). */
  readonly done?: string;
}

type ResultFields = Omit<DeployResult, 'outcome' | 'step' | 'message' | 'done' | 'timings'>;

export class DeploySteps {
  readonly done: string[] = [];
  readonly timings: Array<{ step: DeployStep; ms: number }> = [];
  /** Filled in as the deploy goes (imageUri, taskDefinitionArn…). */
  fields: ResultFields = {};
  current: DeployStep | undefined;
  /** Set once a service update or create went through: a later stop does not undo it. */
  rolloutStarted = false;

  constructor(
    private readonly reporter: DeployReporter,
    private readonly clock: DeployClock,
    private readonly signal: AbortSignal,
    private readonly describeError: (error: unknown, step: DeployStep) => string = (error, step) =>
      describeAwsError(error, { step: DEPLOY_STEP_TITLES[step] }).message,
  ) {}

  async run<T>(step: DeployStep, detail: string | undefined, work: () => Promise<StepOutput<T>>): Promise<T> {
    if (this.signal.aborted) throw deployCancelled();
    this.current = step;
    const started = this.clock.now();
    this.reporter.stepStarted(step, detail);
    const output = await work();
    this.finish(step, started, output.summary);
    if (output.done) this.done.push(output.done);
    return output.value;
  }

  /**
   * Sends a request that changes AWS. Cancelled before it went out, nothing happened; cancelled
   * while it was in flight, ECS may have acted on it all the same, so `maybeDone` joins the done
   * list (the result then cannot say that nothing was changed).
   */
  async send<T>(maybeDone: string, request: () => Promise<T>): Promise<T> {
    if (this.signal.aborted) throw deployCancelled();
    try {
      return await request();
    } catch (error) {
      if (isAbortError(error) || this.signal.aborted) this.done.push(maybeDone);
      throw error;
    }
  }

  /** A step that had nothing to do (preflight off, no wait for a one-off task…). */
  skip(step: DeployStep, summary: string): void {
    this.reporter.stepStarted(step);
    this.finish(step, this.clock.now(), summary);
  }

  private finish(step: DeployStep, started: number, summary: string): void {
    const ms = this.clock.now() - started;
    this.timings.push({ step, ms });
    this.reporter.stepFinished(step, ms, summary);
  }

  result(outcome: DeployOutcome, message: string, step?: DeployStep): DeployResult {
    return {
      outcome,
      ...(step ? { step } : {}),
      message,
      done: [...this.done],
      ...this.fields,
      timings: [...this.timings],
    };
  }

  /** The result for an error thrown by a step: cancelled, an expected failure, or anything else. */
  fromError(error: unknown): DeployResult {
    const step = this.current ?? 'validate';
    const title = DEPLOY_STEP_TITLES[step];
    if (isAbortError(error) || this.signal.aborted) {
      return this.result('cancelled', `Cancelled during "${title}". ${this.whatWasDone()}`, step);
    }
    const details = DeployFailure.is(error) ? error.details : [];
    for (const line of details) this.reporter.line(line);
    const reason = withoutStepLead(
      DeployFailure.is(error) ? error.message : this.describeError(error, step),
      title,
    );
    this.reporter.line(`✗ ${title} failed: ${reason}`);
    return this.result('failed', `${title} failed: ${reason}`, step);
  }

  whatWasDone(): string {
    const done =
      this.done.length > 0 ? `Done before stopping: ${this.done.join('; ')}.` : 'Nothing was changed.';
    return this.rolloutStarted
      ? `${done} Nothing was rolled back: ECS carries on with the deployment.`
      : done;
  }
}

/**
 * The reason without a lead that names the step again: the error translation already says
 * "Build the image failed: …", and the result says "<step> failed: " itself, so each step is said once.
 */
export function withoutStepLead(reason: string, title: string): string {
  const lead = `${title} failed`;
  if (!reason.startsWith(lead)) return reason;
  const rest = reason.slice(lead.length).replace(/^\s*[:—–-]\s*/, '');
  return rest === '' ? reason : rest;
}
