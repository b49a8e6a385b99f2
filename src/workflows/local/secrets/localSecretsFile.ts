/**
 * Local values for a task's secrets, instead of fetching them from AWS: a `.env`-style file named by
 * the `ecsFargate.local.secretsFile` setting (docs/local-run.md §4). `NAME=value` sets the secret
 * whose variable is NAME in every container; `container.NAME=value` only in that container. Lines
 * may start with `export `; `#` starts a comment line; values may be quoted ('…' as is, "…" with
 * \n, \t, \" and \\ escapes). Pure, apart from readLocalSecretsFile.
 */
import { readFile } from 'node:fs/promises';

export class LocalSecretsFileError extends Error {
  override readonly name = 'LocalSecretsFileError';
}

export type LocalSecretValues = ReadonlyMap<string, string>;

function unquote(raw: string): string {
  const value = raw.trim();
  if (value.length >= 2 && value.startsWith("'") && value.endsWith("'")) return value.slice(1, -1);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    return value
      .slice(1, -1)
      .replace(/\\([nt"\\])/g, (_, c: string) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' })[c] ?? c);
  }
  return value;
}

/** Parses the file's text; `file` names it in errors (never a value). */
export function parseLocalSecrets(text: string, file: string): LocalSecretValues {
  const values = new Map<string, string>();
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = /^(?:export\s+)?([A-Za-z_][\w.-]*)\s*=(.*)$/.exec(trimmed);
    if (!match) {
      throw new LocalSecretsFileError(
        `${file}, line ${index + 1}: expected NAME=value or container.NAME=value (the line is not shown: it may hold a secret).`,
      );
    }
    values.set(match[1] as string, unquote(match[2] as string));
  });
  return values;
}

export async function readLocalSecretsFile(file: string): Promise<LocalSecretValues> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new LocalSecretsFileError(
      `Cannot read the local secrets file ${file} (setting ecsFargate.local.secretsFile): ${(error as Error).message}`,
    );
  }
  return parseLocalSecrets(text, file);
}

/** The local value for a container's secret: `container.NAME` first, then `NAME`. */
export function localValueFor(
  values: LocalSecretValues,
  container: string,
  name: string,
): string | undefined {
  return values.get(`${container}.${name}`) ?? values.get(name);
}
