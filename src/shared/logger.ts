/**
 * The logging seam for editor-free code. The extension passes an adapter over its
 * LogOutputChannel (which redacts secrets before writing); tests pass a recorder.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
