/**
 * The Logger the extension hands to every editor-free module: writes to the "ECS & Fargate"
 * LogOutputChannel, passing EVERY message (and every error's text) through the redactor first.
 * Needs only the channel's shape, so it is tested in plain Node with a recording sink.
 */
import type * as vscode from 'vscode';
import type { Logger } from '../shared/logger';

export type LogSink = Pick<vscode.LogOutputChannel, 'debug' | 'info' | 'warn' | 'error'>;

/** Name, message and stack of an error and its causes (the SDK's hidden `$response` is never included). */
export function formatError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) {
      const detail = (current as { problem?: { detail?: unknown } }).problem?.detail;
      parts.push(current.stack ?? `${current.name}: ${current.message}`);
      if (typeof detail === 'string') parts.push(`detail: ${detail}`);
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : safeJson(current));
      break;
    }
    if (current !== undefined) parts.push('caused by:');
  }
  return parts.join('\n');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function createRedactingLogger(sink: LogSink, redact: (text: string) => string): Logger {
  return {
    debug: (message) => sink.debug(redact(message)),
    info: (message) => sink.info(redact(message)),
    warn: (message) => sink.warn(redact(message)),
    error: (message, error) =>
      sink.error(redact(error === undefined ? message : `${message}\n${formatError(error)}`)),
  };
}
