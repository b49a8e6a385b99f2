/**
 * environmentFiles for a local run. ECS reads them from S3 with the task execution role; locally a
 * value may be a file path (absolute, or relative to the task definition's folder), and an S3 ARN
 * is read from the local file the user maps it to (setting `ecsFargate.local.environmentFiles`).
 * The format is ECS's: `VARIABLE=VALUE` lines, `#` comments and blank lines ignored, no quoting;
 * `environment` wins over the files, and the files are read top down like Docker env-files (a later
 * file's value replaces an earlier one's)
 * (docs/local-run.md §7). Editor-free: files are read through `readFile`.
 */
import * as path from 'node:path';
import type { PlannedEnvironmentFile } from './localTaskPlan';

export class EnvironmentFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentFileError';
  }
}

export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    env[line.slice(0, eq).trim()] = line.slice(eq + 1);
  }
  return env;
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::/;

/** Where a value is read locally, or an EnvironmentFileError saying how to map it. */
export function localPathOf(
  value: string,
  baseDir: string | undefined,
  mapping: Readonly<Record<string, string>>,
  container: string,
): string {
  const mapped = mapping[value];
  const target = mapped ?? (S3_ARN.test(value) ? undefined : value);
  if (target === undefined) {
    throw new EnvironmentFileError(
      `Container ${container} reads environment file ${value} from S3, which ECS does with the task execution role; Run Locally does not read S3. Map it to a local copy in the setting ecsFargate.local.environmentFiles, e.g. {"${value}": "./${path.posix.basename(value)}"}.`,
    );
  }
  return path.isAbsolute(target) || !baseDir ? target : path.resolve(baseDir, target);
}

/** The variables of a container's files, merged top down (a later file wins, as with Docker's --env-file). */
export async function readEnvironmentFiles(
  files: readonly PlannedEnvironmentFile[],
  container: string,
  baseDir: string | undefined,
  mapping: Readonly<Record<string, string>>,
  readFile: (file: string) => Promise<string>,
): Promise<Record<string, string>> {
  const merged: Record<string, string> = {};
  for (const file of files) {
    const local = localPathOf(file.value, baseDir, mapping, container);
    let text: string;
    try {
      text = await readFile(local);
    } catch (error) {
      throw new EnvironmentFileError(
        `Container ${container}: environment file ${local} cannot be read: ${(error as Error).message}`,
      );
    }
    Object.assign(merged, parseEnvironmentFile(text));
  }
  return merged;
}
