/**
 * Everything the extension asks of Amazon ECR, over one ECRClient (docs/aws-facts.md §7). Editor-free.
 *
 * The registry token (GetAuthorizationToken) is valid for 12 hours; it is cached per registry
 * until a few minutes before `expiresAt`, and every decoded password is handed to `onSecret`
 * (the redactor) before anything else sees it. It is never logged.
 * DescribeRepositories answers RepositoryNotFoundException for a missing name: that is
 * `undefined` here, not an error.
 */
import type {
  ECRClient,
  EncryptionType,
  ImageDetail,
  ImageTagMutability,
  Repository,
} from '@aws-sdk/client-ecr';
import { repositoryNameProblem } from './ecrRepositoryName';
import { sdk } from './sdkModules';

export { REPOSITORY_NAME_PATTERN, repositoryNameFrom, repositoryNameProblem } from './ecrRepositoryName';

/** BatchDeleteImage takes at most 100 image ids per call. */
const BATCH_DELETE_IMAGE_LIMIT = 100;

export const ECR_LIMITS = {
  maxResults: 1000,
  tokenRefreshMarginMs: 5 * 60 * 1000,
  batchDeleteImage: BATCH_DELETE_IMAGE_LIMIT,
} as const;

export interface RegistryAuthorization {
  readonly username: string;
  readonly password: string;
  /** The registry host without a scheme: `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registry: string;
  /** As ECR returns it: `https://123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly proxyEndpoint: string;
  readonly expiresAt: Date;
}

export interface EcrRepository {
  readonly name: string;
  readonly arn: string;
  /** `123.dkr.ecr.us-east-1.amazonaws.com/web` */
  readonly uri: string;
  readonly registryId?: string;
  readonly createdAt?: Date;
  readonly tagMutability?: string;
  readonly scanOnPush: boolean;
  readonly encryptionType?: string;
  /** The KMS key ARN, for KMS encryption. */
  readonly kmsKey?: string;
}

export interface EcrImage {
  readonly digest: string;
  readonly tags: readonly string[];
  readonly sizeBytes?: number;
  readonly pushedAt?: Date;
  readonly scanStatus?: string;
  readonly findingCounts?: Readonly<Record<string, number>>;
  readonly mediaType?: string;
}

export interface CreateRepositoryOptions {
  readonly scanOnPush?: boolean;
  readonly tagMutability?: ImageTagMutability;
  readonly encryption?: { readonly type: EncryptionType; readonly kmsKey?: string };
  readonly tags?: Readonly<Record<string, string>>;
}

export interface ScanFindings {
  readonly status: string;
  readonly description?: string;
  readonly counts: Readonly<Record<string, number>>;
  readonly completedAt?: Date;
}

export interface DeletedImages {
  readonly deleted: readonly string[];
  readonly failures: ReadonlyArray<{ readonly digest: string; readonly reason: string }>;
}

export interface EcrGateway {
  /** The credentials for `docker push` (cached per registry until shortly before they expire). */
  getAuthorization(registryId?: string, signal?: AbortSignal): Promise<RegistryAuthorization>;
  listRepositories(signal?: AbortSignal): Promise<EcrRepository[]>;
  /** The repository, or undefined when it does not exist. */
  getRepository(name: string, signal?: AbortSignal): Promise<EcrRepository | undefined>;
  createRepository(
    name: string,
    options?: CreateRepositoryOptions,
    signal?: AbortSignal,
  ): Promise<EcrRepository>;
  /** Every image of a repository, newest push first. */
  listImages(repository: string, signal?: AbortSignal): Promise<EcrImage[]>;
  scanFindings(
    repository: string,
    image: { tag?: string; digest?: string },
    signal?: AbortSignal,
  ): Promise<ScanFindings>;
  /** BatchDeleteImage by digest (each image with all its tags), ≤100 ids per call; per-image failures come back (Clean Up). */
  deleteImages(repository: string, digests: readonly string[], signal?: AbortSignal): Promise<DeletedImages>;
  /** DeleteRepository without `force`: ECR refuses one that still holds images (RepositoryNotEmptyException). */
  deleteRepository(name: string, signal?: AbortSignal): Promise<void>;
}

export interface EcrGatewayOptions {
  /** Called with every secret (the decoded registry password) before it is used anywhere. */
  readonly onSecret?: (secret: string) => void;
  /** For tests of the token cache. */
  readonly now?: () => number;
}

export function isRepositoryNotFound(error: unknown): boolean {
  return error instanceof Error && error.name === 'RepositoryNotFoundException';
}

function toRepository(repo: Repository): EcrRepository {
  return {
    name: repo.repositoryName ?? '',
    arn: repo.repositoryArn ?? '',
    uri: repo.repositoryUri ?? '',
    ...(repo.registryId ? { registryId: repo.registryId } : {}),
    ...(repo.createdAt ? { createdAt: repo.createdAt } : {}),
    ...(repo.imageTagMutability ? { tagMutability: repo.imageTagMutability } : {}),
    scanOnPush: repo.imageScanningConfiguration?.scanOnPush === true,
    ...(repo.encryptionConfiguration?.encryptionType
      ? { encryptionType: repo.encryptionConfiguration.encryptionType }
      : {}),
    ...(repo.encryptionConfiguration?.kmsKey ? { kmsKey: repo.encryptionConfiguration.kmsKey } : {}),
  };
}

function toImage(detail: ImageDetail): EcrImage {
  const counts = detail.imageScanFindingsSummary?.findingSeverityCounts;
  return {
    digest: detail.imageDigest ?? '',
    tags: detail.imageTags ?? [],
    ...(detail.imageSizeInBytes !== undefined ? { sizeBytes: detail.imageSizeInBytes } : {}),
    ...(detail.imagePushedAt ? { pushedAt: detail.imagePushedAt } : {}),
    ...(detail.imageScanStatus?.status ? { scanStatus: detail.imageScanStatus.status } : {}),
    ...(counts ? { findingCounts: counts } : {}),
    ...(detail.imageManifestMediaType ? { mediaType: detail.imageManifestMediaType } : {}),
  };
}

/** Decodes `base64(user:password)`, splitting at the first colon. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new Error('ECR returned an authorization token that is not user:password.');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export function createEcrGateway(client: ECRClient, options: EcrGatewayOptions = {}): EcrGateway {
  const now = options.now ?? Date.now;
  const tokens = new Map<string, RegistryAuthorization>();

  return {
    async getAuthorization(registryId, signal) {
      const key = registryId ?? '';
      const cached = tokens.get(key);
      if (cached && cached.expiresAt.getTime() - ECR_LIMITS.tokenRefreshMarginMs > now()) return cached;
      const { GetAuthorizationTokenCommand } = sdk.ecr();
      const out = await client.send(
        new GetAuthorizationTokenCommand(registryId ? { registryIds: [registryId] } : {}),
        { abortSignal: signal },
      );
      const data = out.authorizationData?.[0];
      if (!data?.authorizationToken || !data.proxyEndpoint) {
        throw new Error('ECR returned no authorization data for the registry.');
      }
      const { username, password } = decodeAuthorizationToken(data.authorizationToken);
      options.onSecret?.(password);
      options.onSecret?.(data.authorizationToken);
      const auth: RegistryAuthorization = {
        username,
        password,
        registry: data.proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, ''),
        proxyEndpoint: data.proxyEndpoint,
        expiresAt: data.expiresAt ?? new Date(now() + 12 * 3600 * 1000),
      };
      tokens.set(key, auth);
      return auth;
    },

    async listRepositories(signal) {
      const { DescribeRepositoriesCommand } = sdk.ecr();
      const out: EcrRepository[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeRepositoriesCommand({ maxResults: ECR_LIMITS.maxResults, nextToken }),
          { abortSignal: signal },
        );
        out.push(...(page.repositories ?? []).map(toRepository));
        nextToken = page.nextToken;
      } while (nextToken);
      return out.sort((a, b) => a.name.localeCompare(b.name));
    },

    async getRepository(name, signal) {
      const { DescribeRepositoriesCommand } = sdk.ecr();
      try {
        const out = await client.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }), {
          abortSignal: signal,
        });
        const repo = out.repositories?.[0];
        return repo ? toRepository(repo) : undefined;
      } catch (error) {
        if (isRepositoryNotFound(error)) return undefined;
        throw error;
      }
    },

    async createRepository(name, create = {}, signal) {
      const problem = repositoryNameProblem(name);
      if (problem) throw new Error(`${problem}: ${name}`);
      const { CreateRepositoryCommand } = sdk.ecr();
      const out = await client.send(
        new CreateRepositoryCommand({
          repositoryName: name,
          imageScanningConfiguration: { scanOnPush: create.scanOnPush ?? false },
          imageTagMutability: create.tagMutability ?? 'MUTABLE',
          ...(create.encryption
            ? {
                encryptionConfiguration: {
                  encryptionType: create.encryption.type,
                  ...(create.encryption.kmsKey ? { kmsKey: create.encryption.kmsKey } : {}),
                },
              }
            : {}),
          ...(create.tags
            ? { tags: Object.entries(create.tags).map(([Key, Value]) => ({ Key, Value })) }
            : {}),
        }),
        { abortSignal: signal },
      );
      if (!out.repository) throw new Error(`ECR created no repository: ${name}`);
      return toRepository(out.repository);
    },

    async listImages(repository, signal) {
      const { DescribeImagesCommand } = sdk.ecr();
      const out: EcrImage[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new DescribeImagesCommand({
            repositoryName: repository,
            maxResults: ECR_LIMITS.maxResults,
            nextToken,
          }),
          { abortSignal: signal },
        );
        out.push(...(page.imageDetails ?? []).map(toImage));
        nextToken = page.nextToken;
      } while (nextToken);
      return out.sort((a, b) => (b.pushedAt?.getTime() ?? 0) - (a.pushedAt?.getTime() ?? 0));
    },

    async scanFindings(repository, image, signal) {
      const { DescribeImageScanFindingsCommand } = sdk.ecr();
      const out = await client.send(
        new DescribeImageScanFindingsCommand({
          repositoryName: repository,
          imageId: {
            ...(image.tag ? { imageTag: image.tag } : {}),
            ...(image.digest ? { imageDigest: image.digest } : {}),
          },
        }),
        { abortSignal: signal },
      );
      return {
        status: out.imageScanStatus?.status ?? 'UNKNOWN',
        ...(out.imageScanStatus?.description ? { description: out.imageScanStatus.description } : {}),
        counts: out.imageScanFindings?.findingSeverityCounts ?? {},
        ...(out.imageScanFindings?.imageScanCompletedAt
          ? { completedAt: out.imageScanFindings.imageScanCompletedAt }
          : {}),
      };
    },

    async deleteImages(repository, digests, signal) {
      const { BatchDeleteImageCommand } = sdk.ecr();
      const deleted = new Set<string>();
      const failures: Array<{ digest: string; reason: string }> = [];
      for (let i = 0; i < digests.length; i += BATCH_DELETE_IMAGE_LIMIT) {
        const batch = digests.slice(i, i + BATCH_DELETE_IMAGE_LIMIT);
        const out = await client.send(
          new BatchDeleteImageCommand({
            repositoryName: repository,
            imageIds: batch.map((imageDigest) => ({ imageDigest })),
          }),
          { abortSignal: signal },
        );
        for (const id of out.imageIds ?? []) if (id.imageDigest) deleted.add(id.imageDigest);
        for (const f of out.failures ?? []) {
          const reason = [f.failureCode, f.failureReason].filter(Boolean).join(': ');
          failures.push({ digest: f.imageId?.imageDigest ?? '', reason });
        }
      }
      return { deleted: [...deleted], failures };
    },

    async deleteRepository(name, signal) {
      const { DeleteRepositoryCommand } = sdk.ecr();
      await client.send(new DeleteRepositoryCommand({ repositoryName: name }), { abortSignal: signal });
    },
  };
}
