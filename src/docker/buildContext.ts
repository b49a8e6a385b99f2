/**
 * The build context as a tar stream, made the way the Docker CLI makes it:
 * - `.dockerignore` (or `<Dockerfile>.dockerignore` next to the Dockerfile, which BuildKit prefers)
 *   is applied with Docker's own matching rules (@balena/dockerignore: `**`, negations, leading `/`,
 *   later patterns win);
 * - an ignored directory is never walked, unless a `!` pattern names something inside it (Docker's
 *   rule), so a huge node_modules costs one readdir of its parent, not its files;
 * - the Dockerfile and .dockerignore are always sent, even when ignored (the daemon needs them);
 * - a Dockerfile outside the context is added under a generated name, which the build must then
 *   use as its `dockerfile` parameter.
 * Files are read while the daemon consumes the stream (contextTar.ts), never loaded into memory together.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import ignore from '@balena/dockerignore';
import { createContextTar } from './contextTar';

export interface BuildContextOptions {
  /** The context directory (absolute). */
  readonly contextDir: string;
  /** The Dockerfile (absolute); default `<contextDir>/Dockerfile`. */
  readonly dockerfile?: string;
  /** The file system the walk uses (tests count its readdir calls); default node:fs. */
  readonly fs?: typeof fs;
}

export interface BuildContext {
  readonly stream: Readable;
  /** The Dockerfile's path inside the tar: the `dockerfile` build parameter. */
  readonly dockerfileInContext: string;
  /** The ignore file that was applied, if any. */
  readonly ignoreFile?: string;
}

/** Parses .dockerignore text into patterns, as Docker reads them (comments and blanks dropped). */
export function parseDockerignore(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export interface ContextFilter {
  /** True when the path (relative, `/`-separated) is left out of the context. */
  ignores(relativePath: string): boolean;
  /** True when an ignored directory must still be walked because a `!` pattern may match inside. */
  mustWalk(relativeDir: string): boolean;
}

function normalizePattern(pattern: string): string {
  return path.posix.normalize(pattern.replace(/\\/g, '/')).replace(/^\/+/, '');
}

export function createContextFilter(patterns: readonly string[]): ContextFilter {
  const matcher = ignore().add([...patterns]);
  const negations = patterns.filter((p) => p.startsWith('!')).map((p) => normalizePattern(p.slice(1)));
  return {
    ignores: (relativePath) => relativePath !== '' && matcher.ignores(relativePath),
    // Docker's own rule (moby builder/remotecontext/detect.go, the CLI's walk): an excluded folder
    // is skipped unless an exception pattern's text starts with the folder's path.
    mustWalk: (relativeDir) => negations.some((negation) => `${negation}/`.startsWith(`${relativeDir}/`)),
  };
}

function readIgnoreFile(
  contextDir: string,
  dockerfile: string,
): { file: string; patterns: string[] } | undefined {
  for (const file of [`${dockerfile}.dockerignore`, path.join(contextDir, '.dockerignore')]) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    return { file, patterns: parseDockerignore(text) };
  }
  return undefined;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

export function createBuildContext(options: BuildContextOptions): BuildContext {
  const contextDir = path.resolve(options.contextDir);
  const dockerfile = path.resolve(options.dockerfile ?? path.join(contextDir, 'Dockerfile'));
  if (!fs.statSync(contextDir).isDirectory()) {
    throw new Error(`The build context is not a folder: ${contextDir}`);
  }
  const relativeDockerfile = toPosix(path.relative(contextDir, dockerfile));
  const outside = relativeDockerfile.startsWith('../') || path.isAbsolute(relativeDockerfile);
  const ignoreFile = readIgnoreFile(contextDir, dockerfile);
  const filter = createContextFilter(ignoreFile?.patterns ?? []);
  const alwaysSent = new Set(['.dockerignore', ...(outside ? [] : [relativeDockerfile])]);
  const dockerfileInContext = outside ? `.dockerfile.${randomBytes(10).toString('hex')}` : relativeDockerfile;

  const stream = createContextTar({
    root: contextDir,
    filter: {
      decide: (relative, isDirectory) => {
        if (alwaysSent.has(relative) || !filter.ignores(relative)) return 'include';
        return isDirectory && filter.mustWalk(relative) ? 'walkOnly' : 'skip';
      },
    },
    ...(outside ? { extra: [{ name: dockerfileInContext, content: fs.readFileSync(dockerfile) }] } : {}),
    ...(options.fs ? { fs: options.fs } : {}),
  });
  return {
    stream,
    dockerfileInContext,
    ...(ignoreFile ? { ignoreFile: ignoreFile.file } : {}),
  };
}
