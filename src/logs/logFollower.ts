/**
 * Picks how to follow (setting ecsFargate.logs.mode) and says it once in the channel:
 * - auto: Live Tail when the account permits it, else (AccessDeniedException, or more than 10 log
 *   groups) polling, which carries on from where Live Tail stopped;
 * - liveTail: Live Tail only; a denial ends the follow with the reason;
 * - polling: FilterLogEvents every second (Live Tail is billed per session-minute).
 * Editor-free.
 */
import { deniedAction } from '../aws/awsErrors';
import type { LogsGateway } from '../aws/logsGateway';
import { LiveTailFollower } from './liveTailFollower';
import { LiveTailUnavailable, type LiveTailOptions } from './liveTailOptions';
import { PollingFollower, type LogEngine, type PollingOptions } from './pollingFollower';
import type { FollowSink, Notice, SourceStart } from './types';

export type LogsMode = 'auto' | 'liveTail' | 'polling';

export interface LogFollowerOptions {
  readonly mode: LogsMode;
  readonly polling: PollingOptions;
  readonly liveTail: LiveTailOptions;
}

export class LogFollower implements LogEngine {
  private engine: LogEngine;
  private modeShown = false;

  constructor(
    private readonly logs: (region: string) => LogsGateway | undefined,
    private readonly sink: FollowSink,
    private readonly options: LogFollowerOptions,
  ) {
    this.engine =
      options.mode === 'polling'
        ? new PollingFollower(logs, sink, options.polling)
        : new LiveTailFollower(logs, sink, options.liveTail, {
            onStarted: () =>
              this.showMode(
                'Following with CloudWatch Logs Live Tail: new lines arrive within a few seconds.',
              ),
          });
  }

  /** 'liveTail' or 'polling': what is in use now. */
  get mode(): 'liveTail' | 'polling' {
    return this.engine instanceof PollingFollower ? 'polling' : 'liveTail';
  }

  get streamCount(): number {
    return this.engine.streamCount;
  }

  get caughtUp(): boolean {
    return this.engine.caughtUp;
  }

  add(starts: readonly SourceStart[]): void {
    this.engine.add(starts);
  }

  remove(keys: readonly string[]): void {
    this.engine.remove(keys);
  }

  async run(signal: AbortSignal): Promise<void> {
    if (this.engine instanceof PollingFollower) {
      this.showMode(
        `Following by polling CloudWatch Logs every ${seconds(this.options.polling.intervalMs)} (setting ecsFargate.logs.mode is "polling").`,
      );
      await this.engine.run(signal);
      return;
    }
    try {
      await this.engine.run(signal);
    } catch (error) {
      if (!(error instanceof LiveTailUnavailable) || signal.aborted) throw error;
      if (error.reason === 'denied' && this.options.mode === 'liveTail') {
        const action = deniedOf(error.cause);
        this.notify(
          'error',
          'error',
          `Live Tail is not permitted for these credentials (${action} is denied), and setting ecsFargate.logs.mode is "liveTail". ` +
            `Allow ${action}, or set the mode to "auto" to poll instead.`,
        );
        throw error;
      }
      const polling = new PollingFollower(this.logs, this.sink, this.options.polling);
      polling.adopt(error.handover);
      this.engine = polling;
      const every = seconds(this.options.polling.intervalMs);
      const why =
        error.reason === 'denied'
          ? `Live Tail is not permitted for these credentials (${deniedOf(error.cause)} is denied)`
          : error.reason === 'unreachable'
            ? `the Live Tail endpoint cannot be reached (${describeCause(error.cause)})`
            : 'these containers write to more than 10 log groups, more than a Live Tail session takes';
      this.showMode(
        this.modeShown
          ? `${capitalize(why)}: switched to polling CloudWatch Logs every ${every}, from the last line shown.`
          : `Following by polling CloudWatch Logs every ${every}: ${why}.`,
        true,
      );
      await polling.run(signal);
    }
  }

  private showMode(text: string, again = false): void {
    if (this.modeShown && !again) return;
    this.modeShown = true;
    this.notify('mode', 'info', text);
  }

  private notify(code: Notice['code'], level: Notice['level'], text: string): void {
    this.sink({ kind: 'notice', code, level, text, time: this.options.polling.now() });
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The IAM action an AccessDenied message names (StartLiveTail unless it says otherwise). */
function deniedOf(cause: unknown): string {
  return deniedAction(cause instanceof Error ? cause.message : undefined) ?? 'logs:StartLiveTail';
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
