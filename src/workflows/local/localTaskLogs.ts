/**
 * The logs of a local task's containers (docs/local-run.md §9, §6): each started container's log is
 * followed and handed to the listener as log events of a `local` source, and its last lines are kept
 * for the stop report (an `exec format error` explains a crash). The stop waits a moment for the last
 * lines. Apart from the task run so the run reads as the task's lifecycle.
 */
import type { DockerGateway } from '../../docker/dockerGateway';
import { shortId } from '../../logs/logTargets';
import type { LogEvent, LogSource } from '../../logs/types';

/** How many last lines per container are kept for the stop report (exec format error …). */
const KEPT_LINES = 20;

export interface LocalTaskLogsOptions {
  readonly docker: Pick<DockerGateway, 'followLogs'>;
  readonly taskId: string;
  /** Ends every follow (the task's removal). */
  readonly signal: AbortSignal;
  readonly onLog: (event: LogEvent) => void;
  readonly onWarning: (text: string) => void;
}

export class LocalTaskLogs {
  /** The last lines of each container's log, for the stop report. */
  readonly lastLines = new Map<string, string[]>();
  private readonly pumps: Array<Promise<void>> = [];

  constructor(private readonly options: LocalTaskLogsOptions) {}

  /** Follows the log of container `name` (Docker id `id`) until the signal ends it. */
  follow(name: string, id: string): void {
    const { docker, signal } = this.options;
    const source = this.source(name);
    const kept: string[] = [];
    this.lastLines.set(name, kept);
    const pump = (async () => {
      try {
        for await (const line of docker.followLogs(id, signal)) {
          kept.push(line.message);
          if (kept.length > KEPT_LINES) kept.shift();
          this.options.onLog({ source, timestamp: line.timestamp, message: line.message });
        }
      } catch (error) {
        if (!signal.aborted) this.options.onWarning(`Logs of ${name} stopped: ${String(error)}`);
      }
    })();
    this.pumps.push(pump);
  }

  /** Resolves when every followed log has ended, or after `ms`, whichever is first. */
  async drained(ms: number): Promise<void> {
    let drainTimer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.pumps), new Promise((r) => (drainTimer = setTimeout(r, ms)))]);
    clearTimeout(drainTimer);
  }

  private source(container: string): LogSource {
    const { taskId } = this.options;
    return {
      key: `local\u0000${taskId}/${container}`,
      region: 'local',
      group: 'local',
      stream: `${container}/${taskId}`,
      container,
      taskId,
      label: `${container}/${shortId(taskId)}`,
    };
  }
}
