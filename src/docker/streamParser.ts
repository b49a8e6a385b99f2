/**
 * The Docker Engine's JSON progress stream (build, push, pull): one JSON object per line. Every
 * line is parsed, because a build or push that fails still answers HTTP 200 and reports the
 * failure as an `{"error": …, "errorDetail": …}` line (moby/moby#49148). Lines may arrive split
 * across chunks, or several in one chunk; the splitter handles both.
 */

export interface ProgressDetail {
  readonly current?: number;
  readonly total?: number;
}

export interface BuildStep {
  readonly current: number;
  readonly total: number;
  /** "RUN npm ci" */
  readonly instruction: string;
}

export type DockerStreamEvent =
  | { readonly kind: 'log'; readonly text: string }
  | { readonly kind: 'step'; readonly step: BuildStep; readonly text: string }
  | {
      readonly kind: 'status';
      readonly status: string;
      readonly id?: string;
      readonly progressDetail?: ProgressDetail;
    }
  | { readonly kind: 'aux'; readonly aux: Record<string, unknown> }
  | { readonly kind: 'error'; readonly message: string; readonly code?: number };

/** `Step 3/9 : RUN npm ci` (the classic builder's step lines). */
export function extractStep(text: string): BuildStep | undefined {
  const match = /^Step (\d+)\/(\d+) : (.*)$/m.exec(text);
  if (!match?.[1] || !match[2]) return undefined;
  return { current: Number(match[1]), total: Number(match[2]), instruction: (match[3] ?? '').trim() };
}

interface RawLine {
  stream?: unknown;
  status?: unknown;
  id?: unknown;
  progressDetail?: unknown;
  aux?: unknown;
  error?: unknown;
  errorDetail?: { message?: unknown; code?: unknown };
  message?: unknown;
}

/** The events of one line; a line that is not JSON is kept as log text. */
export function parseStreamLine(line: string): DockerStreamEvent[] {
  const trimmed = line.trim();
  if (trimmed === '') return [];
  let raw: RawLine;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return [{ kind: 'log', text: `${trimmed}\n` }];
    }
    raw = parsed;
  } catch {
    return [{ kind: 'log', text: `${trimmed}\n` }];
  }
  const events: DockerStreamEvent[] = [];
  if (raw.error !== undefined || raw.errorDetail !== undefined) {
    const detailMessage = typeof raw.errorDetail?.message === 'string' ? raw.errorDetail.message : undefined;
    const message = typeof raw.error === 'string' ? raw.error : (detailMessage ?? 'unknown error');
    const code = typeof raw.errorDetail?.code === 'number' ? raw.errorDetail.code : undefined;
    events.push({ kind: 'error', message: message.trim(), ...(code !== undefined ? { code } : {}) });
    return events;
  }
  if (typeof raw.stream === 'string') {
    const step = extractStep(raw.stream);
    events.push(step ? { kind: 'step', step, text: raw.stream } : { kind: 'log', text: raw.stream });
  }
  if (typeof raw.status === 'string') {
    const detail = raw.progressDetail as ProgressDetail | undefined;
    events.push({
      kind: 'status',
      status: raw.status,
      ...(typeof raw.id === 'string' ? { id: raw.id } : {}),
      ...(detail && typeof detail === 'object' && Object.keys(detail).length > 0
        ? { progressDetail: { current: detail.current, total: detail.total } }
        : {}),
    });
  }
  if (raw.aux !== null && typeof raw.aux === 'object' && !Array.isArray(raw.aux)) {
    events.push({ kind: 'aux', aux: raw.aux as Record<string, unknown> });
  }
  if (events.length === 0 && typeof raw.message === 'string') {
    events.push({ kind: 'log', text: `${raw.message}\n` });
  }
  return events;
}

/** Cuts a byte stream into lines; keeps a partial last line until the next chunk or the end. */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder('utf-8');

  push(chunk: Uint8Array | string): string[] {
    this.rest += typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const lines = this.rest.split(/\r?\n/);
    this.rest = lines.pop() ?? '';
    return lines;
  }

  end(): string[] {
    this.rest += this.decoder.decode();
    const last = this.rest;
    this.rest = '';
    return last.trim() === '' ? [] : [last];
  }
}

/**
 * Reads a daemon stream to its end, calling `onEvent` for every event in order. Resolves when the
 * stream ends; rejects when the stream fails (a dropped connection, an abort).
 */
export function consumeDockerStream(
  stream: NodeJS.ReadableStream,
  onEvent: (event: DockerStreamEvent) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const splitter = new LineSplitter();
    let settled = false;
    const emit = (lines: string[]) => {
      for (const line of lines) for (const event of parseStreamLine(line)) onEvent(event);
    };
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else reject(error instanceof Error ? error : new Error('The Docker stream failed.'));
    };
    stream.on('data', (chunk: Uint8Array | string) => {
      try {
        emit(splitter.push(chunk));
      } catch (error) {
        finish(error);
      }
    });
    stream.on('end', () => {
      try {
        emit(splitter.end());
        finish();
      } catch (error) {
        finish(error);
      }
    });
    stream.on('error', (error: unknown) => finish(error));
    stream.on('close', () => {
      // A socket closed without 'end' (the request was aborted or the daemon went away).
      setImmediate(() =>
        finish(settled ? undefined : new Error('The Docker daemon closed the stream early.')),
      );
    });
  });
}
