/**
 * "The repository does not exist": Create (scan on push, mutable tags, AES-256) or Create with
 * options… (scan on push and immutable tags; AES-256 or KMS with a key; tags). Parsing and
 * validation are in src/workflows/repositoryOptions.ts.
 */
import * as vscode from 'vscode';
import type { CreateRepositoryOptions } from '../../aws/ecrGateway';
import {
  createRepositoryOptions,
  DEFAULT_REPOSITORY_CHOICES,
  describeRepositoryOptions,
  kmsKeyProblem,
  parseRepositoryTags,
} from '../../workflows/repositoryOptions';

const TITLE = 'Create ECR Repository';

/** The options to create `name` with, or undefined when the person declines (or escapes). */
export async function confirmCreateRepository(
  name: string,
  region?: string,
): Promise<CreateRepositoryOptions | undefined> {
  const create = 'Create';
  const withOptions = 'Create with options…';
  const defaults = createRepositoryOptions(DEFAULT_REPOSITORY_CHOICES);
  const answer = await vscode.window.showWarningMessage(
    `The ECR repository "${name}" does not exist. Create it?`,
    { modal: true, detail: `"Create" uses ${describeRepositoryOptions(defaults)}.` },
    create,
    withOptions,
  );
  if (answer === create) return defaults;
  if (answer !== withOptions) return undefined;
  return askRepositoryOptions(name, region);
}

async function askRepositoryOptions(
  name: string,
  region?: string,
): Promise<CreateRepositoryOptions | undefined> {
  const step = (n: number) => `${TITLE}: ${name} (${n}/3)`;
  const scan = { label: 'Scan on push', description: 'basic scanning of every pushed image', picked: true };
  const immutable = {
    label: 'Immutable tags',
    description: 'a pushed tag can never point at another image',
    picked: false,
  };
  const settings = await vscode.window.showQuickPick([scan, immutable], {
    title: step(1),
    placeHolder: 'Repository settings (Enter to accept)',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!settings) return undefined;

  const aes = { label: 'AES-256', description: 'Amazon S3-managed keys (default)', kms: false };
  const kms = { label: 'AWS KMS', description: 'a KMS key of yours, or the AWS managed key', kms: true };
  const encryption = await vscode.window.showQuickPick([aes, kms], {
    title: step(2),
    placeHolder: 'Encryption (cannot be changed after creation)',
    ignoreFocusOut: true,
  });
  if (!encryption) return undefined;
  let kmsKey: string | undefined;
  if (encryption.kms) {
    kmsKey = await vscode.window.showInputBox({
      title: step(2),
      prompt: 'KMS key: an alias (alias/my-key), a key id or a key ARN, in the same region. Empty: aws/ecr',
      placeHolder: 'alias/my-key',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() === '' ? undefined : kmsKeyProblem(v, region)),
    });
    if (kmsKey === undefined) return undefined;
  }

  const tagText = await vscode.window.showInputBox({
    title: step(3),
    prompt: 'Tags, as key=value separated by commas (at most 50). Empty: no tags',
    placeHolder: 'team=platform, cost-center=42',
    ignoreFocusOut: true,
    validateInput: (v) => parseRepositoryTags(v).problem,
  });
  if (tagText === undefined) return undefined;
  const parsed = parseRepositoryTags(tagText);
  if (parsed.problem !== undefined) return undefined;

  return createRepositoryOptions({
    scanOnPush: settings.includes(scan),
    immutableTags: settings.includes(immutable),
    ...(kmsKey !== undefined ? { kmsKey } : {}),
    tags: parsed.tags,
  });
}
