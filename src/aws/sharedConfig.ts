/**
 * Reads the AWS shared config and credentials files (~/.aws/config, ~/.aws/credentials) the way the
 * AWS SDK for JavaScript v3 parses them, so that what we list and classify is what `fromIni` will
 * later resolve. We parse the files ourselves because the SDK's loader (`@smithy/shared-ini-file-loader`,
 * now `@smithy/core/config`) is deprecated and its entry points are tagged @internal.
 *
 * Parsing rules (mirroring `parseIni` in @smithy/core/config, checked against 3.41):
 * - `[section]` headers; `key = value` lines split at the first `=`, both sides trimmed.
 * - `#` and `;` start a comment at the start of a line or after whitespace (`a = b # c` → `b`).
 * - In the config file `[default]` and `[profile x]` are profiles (`[profile default]` wins over
 *   `[default]`), `[sso-session x]` and `[services x]` are their own kinds; any other section is ignored.
 * - In the credentials file every `[x]` is a profile named x.
 * - A key with an empty value opens a sub-section: the indented lines that follow belong to it
 *   (`ecs =\n  endpoint_url = …` → `ecs.endpoint_url`). A non-indented line closes it.
 * - A section that appears twice is merged, later keys winning (the SDK does the same).
 * Anything we cannot read is skipped with a warning that names the file and line, never a value.
 */
import { promises as fsPromises } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Logger } from '../shared/logger';

/** The environment as the AWS tools see it (process.env in the extension, a literal in tests). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Key/value pairs of one section; sub-section keys are `sub.key`. */
export type IniSection = Readonly<Record<string, string>>;

export interface SharedConfigPaths {
  /** Absolute path of the config file (AWS_CONFIG_FILE or ~/.aws/config). */
  readonly configFile: string;
  /** Absolute path of the credentials file (AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials). */
  readonly credentialsFile: string;
}

export interface SharedConfig {
  readonly paths: SharedConfigPaths;
  /** Profiles from the config file, by profile name (`[profile x]` → x, `[default]` → default). */
  readonly configProfiles: ReadonlyMap<string, IniSection>;
  /** Profiles from the credentials file, by section name. */
  readonly credentialsProfiles: ReadonlyMap<string, IniSection>;
  /** `[sso-session x]` sections of the config file. */
  readonly ssoSessions: ReadonlyMap<string, IniSection>;
  /** `[services x]` sections of the config file: keys are `<service_key>.<setting>`, e.g. `ecs.endpoint_url`. */
  readonly services: ReadonlyMap<string, IniSection>;
}

export const emptySharedConfig = (paths: SharedConfigPaths): SharedConfig => ({
  paths,
  configProfiles: new Map(),
  credentialsProfiles: new Map(),
  ssoSessions: new Map(),
  services: new Map(),
});

/** Reads a file as UTF-8; rejects with an `ENOENT` code when it does not exist. */
export type ReadTextFile = (filePath: string) => Promise<string>;

const readUtf8: ReadTextFile = (filePath) => fsPromises.readFile(filePath, 'utf8');

/** The home directory as the SDK computes it: HOME, USERPROFILE, HOMEDRIVE+HOMEPATH, then the OS. */
export function homeDirectory(env: Env): string {
  if (env.HOME) return env.HOME;
  if (env.USERPROFILE) return env.USERPROFILE;
  if (env.HOMEPATH) return `${env.HOMEDRIVE ?? `C:${path.sep}`}${env.HOMEPATH}`;
  return os.homedir();
}

/** Expands a leading `~` (alone, `~/…` or `~\…`) to the home directory. */
export function expandHome(filePath: string, home: string): string {
  if (filePath === '~') return home;
  if (filePath.startsWith('~/') || filePath.startsWith('~\\')) return path.join(home, filePath.slice(2));
  return filePath;
}

/** Where the two files are, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE. */
export function sharedConfigPaths(env: Env): SharedConfigPaths {
  const home = homeDirectory(env);
  const configFile = env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config');
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials');
  return {
    configFile: path.resolve(expandHome(configFile, home)),
    credentialsFile: path.resolve(expandHome(credentialsFile, home)),
  };
}

/** One `[header]` block as it appears in a file, before its meaning is decided. */
export interface RawIniSection {
  readonly header: string;
  /** 1-based line number of the header, for warnings. */
  readonly line: number;
  readonly values: Record<string, string>;
}

export type IniWarning = (line: number, reason: string) => void;

// Same as the SDK: prefixed section names accept only these characters, optionally quoted.
const PREFIXED_SECTION = /^([\w-]+)\s(["'])?([\w\-@+.%:/]+)\2$/;
const BLOCKED_NAMES = new Set(['__proto__', 'constructor', 'prototype']);

/** Splits INI text into sections. Lines outside a section or without `=` are reported and skipped. */
export function parseIni(text: string, warn: IniWarning): RawIniSection[] {
  const sections: RawIniSection[] = [];
  let current: RawIniSection | undefined;
  let subSection: string | undefined;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index] ?? '';
    const lineNumber = index + 1;
    const line = stripComment(raw).trim();
    if (line === '') continue;
    if (line.startsWith('[') && !line.endsWith(']')) {
      // The SDK reads this as a line of the current section (and drops it, having no "=").
      warn(lineNumber, 'section header without a closing "]"; skipped');
      continue;
    }
    if (line.startsWith('[')) {
      subSection = undefined;
      // Not trimmed, like the SDK: `[ x ]` names the profile " x " for fromIni too.
      const header = line.slice(1, -1);
      if (header.trim() === '') {
        current = undefined;
        warn(lineNumber, 'empty section name; the section is ignored');
        continue;
      }
      current = { header, line: lineNumber, values: Object.create(null) as Record<string, string> };
      sections.push(current);
      continue;
    }
    if (!current) {
      warn(lineNumber, 'line outside any [section]; skipped');
      continue;
    }
    const equals = line.indexOf('=');
    if (equals <= 0) {
      warn(lineNumber, 'not a "key = value" line; skipped');
      continue;
    }
    const key = line.slice(0, equals).trim();
    const value = line.slice(equals + 1).trim();
    if (BLOCKED_NAMES.has(key)) {
      warn(lineNumber, 'reserved key name; skipped');
      continue;
    }
    if (value === '') {
      // `service =` opens a nested sub-section (used by [services x] and some profile settings).
      subSection = key;
      continue;
    }
    if (subSection !== undefined && raw.trimStart() === raw) subSection = undefined;
    current.values[subSection === undefined ? key : `${subSection}.${key}`] = value;
  }
  return sections;
}

/** Removes a `#`/`;` comment that starts the line or follows whitespace, as the SDK does. */
function stripComment(line: string): string {
  const match = /(^|\s)[;#]/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

type SectionKind = 'profile' | 'sso-session' | 'services';

/** Decides what a config-file header means, or undefined (with a reason) when it is ignored. */
function classifyConfigHeader(header: string): { kind: SectionKind; name: string } | { ignored: string } {
  if (header === 'default') return { kind: 'profile', name: 'default' };
  const match = PREFIXED_SECTION.exec(header);
  if (!match) {
    if (/^(profile|sso-session|services)\s/.test(header)) {
      return {
        ignored: 'section name contains characters the AWS SDK does not accept; the section is ignored',
      };
    }
    // Plain [name] sections in the config file are not profiles for the CLI or the SDK.
    return { ignored: `section is not [default], [profile …], [sso-session …] or [services …]; ignored` };
  }
  const prefix = match[1] ?? '';
  const name = match[3] ?? '';
  if (prefix !== 'profile' && prefix !== 'sso-session' && prefix !== 'services') {
    return { ignored: `unknown section type "${prefix}"; ignored` };
  }
  if (BLOCKED_NAMES.has(name)) return { ignored: 'reserved section name; ignored' };
  return { kind: prefix, name };
}

function mergeInto(
  map: Map<string, Record<string, string>>,
  name: string,
  values: Record<string, string>,
): boolean {
  const existing = map.get(name);
  if (existing) {
    Object.assign(existing, values);
    return true;
  }
  map.set(name, { ...values });
  return false;
}

export interface LoadSharedConfigOptions {
  readonly logger: Logger;
  /** Injected for tests; defaults to fs.promises.readFile(…, 'utf8'). */
  readonly readFile?: ReadTextFile;
}

/**
 * Reads and parses both files. A missing file counts as empty; an unreadable file is reported
 * (path and error code only) and counts as empty, like the SDK's loader.
 */
export async function loadSharedConfig(
  paths: SharedConfigPaths,
  options: LoadSharedConfigOptions,
): Promise<SharedConfig> {
  const { logger } = options;
  const readFile = options.readFile ?? readUtf8;
  const [configText, credentialsText] = await Promise.all([
    readOptional(paths.configFile, readFile, logger),
    readOptional(paths.credentialsFile, readFile, logger),
  ]);

  const configProfiles = new Map<string, Record<string, string>>();
  const credentialsProfiles = new Map<string, Record<string, string>>();
  const ssoSessions = new Map<string, Record<string, string>>();
  const services = new Map<string, Record<string, string>>();

  const configWarn = (line: number, reason: string) => logger.warn(`${paths.configFile}:${line}: ${reason}`);
  // `[profile default]` wins over `[default]` regardless of order, as in the SDK.
  let explicitDefault: Record<string, string> | undefined;
  for (const section of parseIni(configText, configWarn)) {
    const meaning = classifyConfigHeader(section.header);
    if ('ignored' in meaning) {
      configWarn(section.line, meaning.ignored);
      continue;
    }
    if (meaning.kind === 'profile') {
      if (meaning.name === 'default' && section.header !== 'default') {
        explicitDefault = { ...explicitDefault, ...section.values };
        continue;
      }
      if (mergeInto(configProfiles, meaning.name, section.values)) {
        configWarn(section.line, `profile "${meaning.name}" appears more than once; the sections are merged`);
      }
    } else {
      const target = meaning.kind === 'sso-session' ? ssoSessions : services;
      if (mergeInto(target, meaning.name, section.values)) {
        configWarn(
          section.line,
          `[${meaning.kind} ${meaning.name}] appears more than once; the sections are merged`,
        );
      }
    }
  }
  if (explicitDefault) configProfiles.set('default', explicitDefault);

  const credentialsWarn = (line: number, reason: string) =>
    logger.warn(`${paths.credentialsFile}:${line}: ${reason}`);
  for (const section of parseIni(credentialsText, credentialsWarn)) {
    if (BLOCKED_NAMES.has(section.header)) {
      credentialsWarn(section.line, 'reserved section name; ignored');
      continue;
    }
    if (/^profile\s/.test(section.header)) {
      credentialsWarn(
        section.line,
        'the credentials file names profiles without the "profile " prefix ([name]); the section is ignored',
      );
      continue;
    }
    if (mergeInto(credentialsProfiles, section.header, section.values)) {
      credentialsWarn(
        section.line,
        `profile "${section.header}" appears more than once; the sections are merged`,
      );
    }
  }

  return { paths, configProfiles, credentialsProfiles, ssoSessions, services };
}

async function readOptional(filePath: string, readFile: ReadTextFile, logger: Logger): Promise<string> {
  try {
    return await readFile(filePath);
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      logger.debug(`AWS shared file not found (treated as empty): ${filePath}`);
    } else {
      logger.warn(
        `Could not read the AWS shared file (treated as empty): ${filePath} (${typeof code === 'string' ? code : 'unknown error'})`,
      );
    }
    return '';
  }
}

/** Setting names whose values are secrets; their values are handed to the redactor and never logged. */
export const SECRET_SETTING_KEYS: readonly string[] = [
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
];

/** Every secret value in both files (to register with the redactor). */
export function secretValues(config: SharedConfig): string[] {
  const values: string[] = [];
  for (const sections of [config.configProfiles, config.credentialsProfiles]) {
    for (const section of sections.values()) {
      for (const key of SECRET_SETTING_KEYS) {
        const value = section[key];
        if (value) values.push(value);
      }
    }
  }
  return values;
}
