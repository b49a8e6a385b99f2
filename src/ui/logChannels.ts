/**
 * The log channels: one output channel per followed target ('ECS Logs: <service or task>'), fed
 * by the editor-free followers (src/logs) through the formatter and the line batcher, and one
 * status-bar item while anything is followed ('Following 3 streams', click to stop).
 * Following the same target again restarts it in its channel. Everything a follow holds (its
 * AbortController, timers, Live Tail session, batcher) is released when it is stopped (status bar,
 * command), when its task has stopped, or when the extension is deactivated.
 */
import * as vscode from 'vscode';
import type { Task } from '@aws-sdk/client-ecs';
import { LineFormatter, type TimestampMode } from '../logs/formatLine';
import { LineBatcher } from '../logs/lineBatcher';
import type { LogsMode } from '../logs/logFollower';
import { shortId, taskIdOf } from '../logs/logTargets';
import {
  followLogs,
  targetLabel,
  type FollowDeps,
  type FollowOptions,
  type LogTarget,
} from '../logs/serviceFollower';
import { readHistory } from '../logs/readHistory';
import type { FollowItem } from '../logs/types';
import type { Logger } from '../shared/logger';
import type { Settings } from '../settings';
import { settingDefaults, type SettingKey } from '../shared/settingDefaults';
import { showError } from './errors';

/** What the channels need of an output channel (tests pass a recorder). */
export interface LogChannel {
  append(text: string): void;
  replace(text: string): void;
  clear(): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

export interface LogSettings {
  timestamps(): TimestampMode;
  maxLines(): number;
  mode(): LogsMode;
  followAfterRun(): boolean;
}

export interface LogChannelDeps {
  readonly logger: Logger;
  readonly redact: (text: string) => string;
  /** For the current connection; throws a credentials problem when there is none. */
  readonly followDeps: () => FollowDeps;
  readonly settings: LogSettings;
  readonly createChannel?: (name: string) => LogChannel;
  /** Options for the followers (tests shorten the intervals). */
  readonly followOptions?: Partial<FollowOptions>;
}

/** Reads the logs settings, validating their values (a hand-edited settings.json may hold anything). */
export function logSettings(settings: Pick<Settings, 'get'>): LogSettings {
  const oneOf = <T extends string>(key: SettingKey, values: readonly T[], fallback: T): T => {
    const value: unknown = settings.get(key);
    return values.includes(value as T) ? (value as T) : fallback;
  };
  return {
    timestamps: () => oneOf('logs.timestamps', ['local', 'utc', 'none'], settingDefaults['logs.timestamps']),
    mode: () => oneOf('logs.mode', ['auto', 'liveTail', 'polling'], settingDefaults['logs.mode']),
    maxLines: () => {
      const n = Math.floor(Number(settings.get('logs.maxLines')));
      return Number.isFinite(n) && n >= 100 ? n : settingDefaults['logs.maxLines'];
    },
    followAfterRun: () => settings.get('logs.followAfterRun') !== false,
  };
}

export interface LogRunInfo {
  readonly key: string;
  readonly label: string;
  readonly kind: 'follow' | 'show';
  readonly streams: number;
}

interface Run extends LogRunInfo {
  streams: number;
  readonly controller: AbortController;
  done: Promise<void>;
  /** Stops writing to the channel at once (it is being given to a new run of the same target). */
  detach(): void;
}

interface Entry {
  readonly channel: LogChannel;
  readonly name: string;
  run?: Run;
}

export interface StartOptions {
  /** History from this time (epoch ms); default: each task's start. */
  readonly since?: number;
  /** Bring the channel to the front (default true). */
  readonly reveal?: boolean;
}

/** The channel key of a target: one channel per service, task, or container of a task. */
export function targetKey(target: LogTarget): string {
  if (target.kind === 'service') return `${target.cluster}/service/${target.service}`;
  const id = taskIdOf(target.task.taskArn);
  return `${target.cluster}/task/${id}${target.container ? `/${target.container}` : ''}`;
}

/**
 * Channels whose follow ended are kept for reading, but each is an entry in the Output view's list:
 * beyond this many idle ones, the least recently used is closed (a long session of Run Tasks and
 * Deploys would otherwise pile up a channel per task).
 */
export const MAX_IDLE_CHANNELS = 10;

export class LogChannels implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly statusBar: vscode.StatusBarItem;
  private disposed = false;

  constructor(private readonly deps: LogChannelDeps) {
    this.statusBar = vscode.window.createStatusBarItem('ecsFargate.logs', vscode.StatusBarAlignment.Left, 40);
    this.statusBar.name = 'ECS Logs';
    this.statusBar.command = 'ecsFargate.stopFollowingLogs';
  }

  /** Follows a target's logs (history, then live) in its channel. */
  follow(target: LogTarget, options: StartOptions = {}): LogRunInfo {
    return this.start(target, 'follow', options);
  }

  /** Shows a target's history in its channel. */
  show(target: LogTarget, options: StartOptions = {}): LogRunInfo {
    return this.start(target, 'show', options);
  }

  /** For Run Task and Deploy: follows a task they started, unless ecsFargate.logs.followAfterRun is off. */
  followTask(cluster: string, task: Task, options: StartOptions = {}): LogRunInfo | undefined {
    if (!this.deps.settings.followAfterRun()) return undefined;
    return this.follow({ kind: 'task', cluster, task }, options);
  }

  /** For Deploy: follows a service's rollout, unless ecsFargate.logs.followAfterRun is off. */
  followService(cluster: string, service: string, options: StartOptions = {}): LogRunInfo | undefined {
    if (!this.deps.settings.followAfterRun()) return undefined;
    return this.follow({ kind: 'service', cluster, service }, options);
  }

  /** What is being read now. */
  get active(): LogRunInfo[] {
    return [...this.entries.values()].flatMap((e) => (e.run ? [info(e.run)] : []));
  }

  /** Stops one run (by key), or all of them; resolves once they have let go of everything. */
  async stop(key?: string): Promise<void> {
    const runs = [...this.entries.entries()]
      .filter(([k, e]) => e.run && (key === undefined || k === key))
      .map(([, e]) => e.run!);
    for (const run of runs) run.controller.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const entry of this.entries.values()) {
      // Detached first: a disposed channel throws on append ("Channel has been closed").
      entry.run?.detach();
      entry.run?.controller.abort();
      entry.channel.dispose();
    }
    this.entries.clear();
    this.statusBar.dispose();
  }

  private channelFor(key: string, target: LogTarget): Entry {
    const existing = this.entries.get(key);
    if (existing) {
      // Most recently used last: the idle-channel cap closes from the front.
      this.entries.delete(key);
      this.entries.set(key, existing);
      return existing;
    }
    this.closeIdleBeyond(MAX_IDLE_CHANNELS - 1);
    const label = targetLabel(target);
    let name = `ECS Logs: ${label}`;
    if ([...this.entries.values()].some((e) => e.name === name)) name = `${name} (${target.cluster})`;
    // A plain channel in the 'log' language (coloured like a log), not a LogOutputChannel: that one
    // prefixes every append with the time of the append and [info], but a line's time is its
    // event's (setting ecsFargate.logs.timestamps), and history is appended long after it happened.
    const channel = this.deps.createChannel?.(name) ?? vscode.window.createOutputChannel(name, 'log');
    const entry: Entry = { channel, name };
    this.entries.set(key, entry);
    return entry;
  }

  /** Closes the least recently used channels that nothing writes to, keeping `keep` of them. */
  private closeIdleBeyond(keep: number): void {
    const idle = [...this.entries.entries()].filter(([, e]) => !e.run);
    for (const [key, entry] of idle.slice(0, Math.max(0, idle.length - keep))) {
      entry.channel.dispose();
      this.entries.delete(key);
    }
  }

  private start(target: LogTarget, kind: 'follow' | 'show', options: StartOptions): LogRunInfo {
    if (this.disposed) throw new Error('The log channels were disposed.');
    const key = targetKey(target);
    const entry = this.channelFor(key, target);
    if (entry.run) {
      entry.run.detach();
      entry.run.controller.abort();
    }
    entry.channel.clear();
    if (options.reveal !== false) entry.channel.show(true);

    const deps = this.deps.followDeps();
    const settings = this.deps.settings;
    const timestamps = settings.timestamps();
    const batcher = new LineBatcher(
      { append: (text) => entry.channel.append(text), replace: (text) => entry.channel.replace(text) },
      { maxLines: settings.maxLines() },
    );
    // A service has several tasks over time; a task several containers only sometimes.
    let formatter = new LineFormatter({ timestamps, showSource: target.kind === 'service' });
    let detached = false;
    const sink = (item: FollowItem): void => {
      if (detached) return;
      if (item.kind === 'events') for (const e of item.events) batcher.push(formatter.event(e));
      // Notices quote AWS error messages (a SignatureDoesNotMatch one can carry the session token).
      else batcher.push(formatter.notice({ ...item, text: this.deps.redact(item.text) }));
    };
    const controller = new AbortController();
    const label = targetLabel(target);
    const run: Run = {
      key,
      label,
      kind,
      streams: 0,
      controller,
      done: Promise.resolve(),
      detach: () => {
        detached = true;
        batcher.discard();
      },
    };
    const onStreams = (n: number): void => {
      run.streams = n;
      if (n > 1 && !formatter.format.showSource)
        formatter = new LineFormatter({ timestamps, showSource: true });
      this.updateStatusBar();
    };
    const work =
      kind === 'follow'
        ? followLogs(
            target,
            deps,
            sink,
            { ...this.deps.followOptions, mode: settings.mode(), since: options.since, onStreams },
            controller.signal,
          )
        : readHistory(target, deps, sink, { since: options.since }, controller.signal).then(() => undefined);
    run.done = work
      .then(
        () => {
          if (controller.signal.aborted && kind === 'follow') {
            sink({
              kind: 'notice',
              code: 'ended',
              level: 'info',
              text: 'Stopped following.',
              time: Date.now(),
            });
          }
        },
        async (error: unknown) => {
          if (controller.signal.aborted || detached) return;
          const text = error instanceof Error ? error.message : String(error);
          sink({ kind: 'notice', code: 'error', level: 'error', text, time: Date.now() });
          await showError(
            error,
            kind === 'follow' ? `Following the logs of ${label}` : `Reading the logs of ${label}`,
            this.deps,
          );
        },
      )
      .finally(() => {
        batcher.dispose();
        if (entry.run === run) entry.run = undefined;
        this.updateStatusBar();
      });
    entry.run = run;
    this.updateStatusBar();
    return info(run);
  }

  private updateStatusBar(): void {
    if (this.disposed) return;
    const runs = this.active;
    if (runs.length === 0) {
      this.statusBar.hide();
      return;
    }
    const streams = runs.reduce((sum, r) => sum + r.streams, 0);
    const following = runs.filter((r) => r.kind === 'follow');
    this.statusBar.text =
      following.length > 0
        ? `$(pulse) Following ${streams} stream${streams === 1 ? '' : 's'}`
        : '$(sync~spin) Reading logs…';
    const lines = runs.map(
      (r) =>
        `${r.kind === 'follow' ? 'Following' : 'Reading'} ${r.label}: ${r.streams} stream${r.streams === 1 ? '' : 's'}`,
    );
    this.statusBar.tooltip = `ECS logs\n${lines.join('\n')}\n\nClick to stop.`;
    this.statusBar.show();
  }
}

function info(run: Run): LogRunInfo {
  return { key: run.key, label: run.label, kind: run.kind, streams: run.streams };
}

/** `task 1a2b3c4d`, for quick picks. */
export function taskLabel(task: Task): string {
  return `task ${shortId(taskIdOf(task.taskArn))}`;
}
