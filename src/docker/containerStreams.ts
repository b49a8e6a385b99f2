/**
 * The two live streams Run Locally reads: a container's log lines (`GET /containers/{id}/logs` with
 * follow and timestamps; without a TTY the body is multiplexed in frames of an 8-byte header —
 * stream type, 3 zero bytes, big-endian length — then the payload: docs/local-run.md §9) and the
 * daemon's container events filtered by label (`GET /events`: start, die, health_status …, one JSON
 * object per line). Both end when the signal aborts. Editor-free.
 */
import type { DockerConnection } from './dockerClient';
import { asDockerError } from './dockerClient';

export interface ContainerLogLine {
  readonly stream: 'stdout' | 'stderr';
  /** Epoch ms, from Docker's RFC 3339 timestamp (nanoseconds cut to ms). */
  readonly timestamp: number;
  readonly message: string;
}

export interface ContainerEvent {
  /** start, die, stop, kill, oom, destroy, `health_status: healthy` … (Docker's action). */
  readonly action: string;
  readonly containerId: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Epoch ms. */
  readonly time: number;
}

/** Splits Docker's multiplexed stream into (stream, payload) frames; tolerant to frames split across chunks. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ stream: 'stdout' | 'stderr'; payload: Buffer }> {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const frames: Array<{ stream: 'stdout' | 'stderr'; payload: Buffer }> = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', payload: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }
}

/** `2026-12-07T10:47:56.123456789Z message` → [epoch ms, message]. */
export function splitTimestamp(line: string): [number, string] {
  const space = line.indexOf(' ');
  if (space > 0) {
    const ms = Date.parse(line.slice(0, space));
    if (!Number.isNaN(ms)) return [ms, line.slice(space + 1)];
  }
  return [Date.now(), line];
}

/** Line splitter per stream: a line may span frames. */
class Lines {
  private partial = '';
  push(text: string): string[] {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    return parts;
  }
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest ? [rest] : [];
  }
}

async function* readStream(stream: NodeJS.ReadableStream, signal: AbortSignal): AsyncGenerator<Buffer> {
  const onAbort = () => (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A container's stdout and stderr lines, from its start, following until it stops or `signal` aborts. */
export async function* followContainerLogs(
  connection: DockerConnection,
  id: string,
  signal: AbortSignal,
): AsyncGenerator<ContainerLogLine> {
  let stream: NodeJS.ReadableStream;
  try {
    stream = await connection.docker
      .getContainer(id)
      .logs({ follow: true, stdout: true, stderr: true, timestamps: true });
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
  const decoder = new FrameDecoder();
  const lines = { stdout: new Lines(), stderr: new Lines() };
  for await (const chunk of readStream(stream, signal)) {
    for (const frame of decoder.push(chunk)) {
      for (const line of lines[frame.stream].push(frame.payload.toString('utf8'))) {
        const [timestamp, message] = splitTimestamp(line);
        yield { stream: frame.stream, timestamp, message };
      }
    }
  }
  for (const streamName of ['stdout', 'stderr'] as const) {
    for (const line of lines[streamName].flush()) {
      const [timestamp, message] = splitTimestamp(line);
      yield { stream: streamName, timestamp, message };
    }
  }
}

interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  timeNano?: number;
  time?: number;
}

/** Container events of the containers carrying `label` (`key=value`), until `signal` aborts. */
export async function* containerEvents(
  connection: DockerConnection,
  label: string,
  signal: AbortSignal,
): AsyncGenerator<ContainerEvent> {
  let stream: NodeJS.ReadableStream;
  try {
    // Without a callback dockerode returns a promise; its types say void.
    stream = await (connection.docker.getEvents({
      filters: JSON.stringify({ type: ['container'], label: [label] }),
    } as never) as unknown as Promise<NodeJS.ReadableStream>);
  } catch (error) {
    throw asDockerError(error, connection.endpoint);
  }
  const lines = new Lines();
  for await (const chunk of readStream(stream, signal)) {
    for (const line of lines.push(chunk.toString('utf8'))) {
      if (!line.trim()) continue;
      let raw: RawEvent;
      try {
        raw = JSON.parse(line) as RawEvent;
      } catch {
        continue;
      }
      const action = raw.Action ?? raw.status ?? '';
      const containerId = raw.Actor?.ID ?? raw.id ?? '';
      if (!action || !containerId) continue;
      const time = raw.timeNano ? Math.floor(raw.timeNano / 1e6) : (raw.time ?? 0) * 1000;
      yield { action, containerId, attributes: raw.Actor?.Attributes ?? {}, time };
    }
  }
}
