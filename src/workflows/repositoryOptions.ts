/**
 * The settings a new ECR repository is created with, as the person types them: tags as
 * `key=value, key2=value2`, a KMS key as an id, an ARN or an alias. Pure parsing and validation,
 * editor-free; the prompts live in src/commands/createRepositoryPrompts.ts.
 */
import type { CreateRepositoryOptions } from '../aws/ecrGateway';

/** ECR (like every tagging API): at most 50 tags, keys 1–128 and values 0–256 characters. */
export const REPOSITORY_TAG_LIMITS = { maxTags: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

/** Letters (any script), digits, spaces and `_ . : / = + - @`. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const MULTI_REGION_KEY = 'mrk-[0-9a-fA-F]{32}';
const KEY_ID = new RegExp(`^(?:${UUID}|${MULTI_REGION_KEY})$`);
const ALIAS = /^alias\/[a-zA-Z0-9/_-]{1,250}$/;
const KMS_ARN = new RegExp(
  `^arn:aws(?:-[a-z]+)*:kms:([a-z]{2}(?:-[a-z]+)+-\\d+):(\\d{12}):(?:key/(?:${UUID}|${MULTI_REGION_KEY})|alias/[a-zA-Z0-9/_-]{1,250})$`,
);

export type TagsParse =
  | { readonly tags: Readonly<Record<string, string>>; readonly problem?: undefined }
  | { readonly problem: string; readonly tags?: undefined };

/** `team=platform, cost-center=42` → `{team: 'platform', 'cost-center': '42'}`; empty → `{}`. */
export function parseRepositoryTags(text: string): TagsParse {
  const tags: Record<string, string> = {};
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0) return { problem: `Write each tag as key=value: ${entry}` };
    const key = entry.slice(0, eq).trim();
    const value = entry.slice(eq + 1).trim();
    if (key === '') return { problem: `A tag needs a key: ${entry}` };
    if (key.length > REPOSITORY_TAG_LIMITS.maxKeyLength) {
      return { problem: `A tag key is at most ${REPOSITORY_TAG_LIMITS.maxKeyLength} characters: ${key}` };
    }
    if (value.length > REPOSITORY_TAG_LIMITS.maxValueLength) {
      return { problem: `A tag value is at most ${REPOSITORY_TAG_LIMITS.maxValueLength} characters: ${key}` };
    }
    if (/^aws:/i.test(key)) return { problem: `Tag keys starting with "aws:" are reserved for AWS: ${key}` };
    if (!TAG_CHARACTERS.test(key) || !TAG_CHARACTERS.test(value)) {
      return {
        problem: `Tags use letters, digits, spaces and _ . : / = + - @ only: ${entry}`,
      };
    }
    if (Object.hasOwn(tags, key)) return { problem: `The tag key appears twice: ${key}` };
    tags[key] = value;
  }
  if (Object.keys(tags).length > REPOSITORY_TAG_LIMITS.maxTags) {
    return { problem: `At most ${REPOSITORY_TAG_LIMITS.maxTags} tags (${Object.keys(tags).length} given)` };
  }
  return { tags };
}

/**
 * Why a KMS key reference is not one ECR takes, or undefined: `alias/…`, a key id (UUID or
 * `mrk-…`), or a key/alias ARN; a key in another region than `region` (when given) is refused,
 * as ECR needs the key in the repository's region.
 */
export function kmsKeyProblem(text: string, region?: string): string | undefined {
  const key = text.trim();
  if (key === '') return 'Enter a KMS key id, key ARN or alias (alias/…)';
  if (KEY_ID.test(key) || ALIAS.test(key)) return undefined;
  const arn = KMS_ARN.exec(key);
  if (!arn) {
    return 'A KMS key is an alias (alias/my-key), a key id (1234abcd-12ab-34cd-56ef-1234567890ab) or a key ARN (arn:aws:kms:region:account:key/…)';
  }
  if (region && arn[1] !== region) {
    return `The KMS key is in ${arn[1] ?? '?'}: ECR needs a key in the repository's region (${region})`;
  }
  return undefined;
}

export interface RepositoryChoices {
  readonly scanOnPush: boolean;
  readonly immutableTags: boolean;
  /** Undefined: AES-256. An empty string: KMS with the AWS managed key (aws/ecr). */
  readonly kmsKey?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/** The defaults of "Create": scan on push, mutable tags, AES-256, no tags. */
export const DEFAULT_REPOSITORY_CHOICES: RepositoryChoices = { scanOnPush: true, immutableTags: false };

export function createRepositoryOptions(choices: RepositoryChoices): CreateRepositoryOptions {
  const kmsKey = choices.kmsKey?.trim();
  return {
    scanOnPush: choices.scanOnPush,
    tagMutability: choices.immutableTags ? 'IMMUTABLE' : 'MUTABLE',
    encryption:
      kmsKey === undefined ? { type: 'AES256' } : { type: 'KMS', ...(kmsKey !== '' ? { kmsKey } : {}) },
    ...(choices.tags && Object.keys(choices.tags).length > 0 ? { tags: choices.tags } : {}),
  };
}

/** One line for the confirmation: "scan on push, immutable tags, KMS (alias/x), 2 tags". */
export function describeRepositoryOptions(options: CreateRepositoryOptions): string {
  const encryption =
    options.encryption?.type === 'KMS'
      ? `KMS encryption (${options.encryption.kmsKey ?? 'the AWS managed key aws/ecr'})`
      : 'AES-256 encryption';
  const tagCount = Object.keys(options.tags ?? {}).length;
  return [
    options.scanOnPush ? 'scan on push' : 'no scan on push',
    options.tagMutability?.startsWith('IMMUTABLE') ? 'immutable tags' : 'mutable tags',
    encryption,
    tagCount === 0 ? 'no tags' : tagCount === 1 ? '1 tag' : `${tagCount} tags`,
  ].join(', ');
}
