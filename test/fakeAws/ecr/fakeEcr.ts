/**
 * Amazon ECR's control plane, faked: repositories, image records and scan results, plus
 * GetAuthorizationToken answering with the credentials of a REAL registry (the test registry of
 * docker-test-env.sh), so a push with the token really authenticates. The registry address and
 * password come from the options, else DOCKER_TEST_REGISTRY / DOCKER_TEST_REGISTRY_PASSWORD.
 */
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock';
import { AwsError } from '../errors';
import { Paginator } from '../pagination';

export const ECR_NAME_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export interface FakeEcrOptions {
  readonly clock?: Clock;
  readonly region?: string;
  readonly accountId?: string;
  /** The registry host the token is for (default DOCKER_TEST_REGISTRY, else the ECR host name). */
  readonly registry?: string;
  /** `http` for the local test registry, `https` for ECR-looking hosts. */
  readonly scheme?: 'http' | 'https';
  readonly username?: string;
  /** The registry password the token encodes (default DOCKER_TEST_REGISTRY_PASSWORD). */
  readonly password?: string;
  /** Token lifetime (ECR: 12 hours). */
  readonly tokenLifetimeMs?: number;
  /** How long a scan on push runs before it has a result (default 0: at once). */
  readonly scanDelayMs?: number;
  /** What a scan on push ends with (default: COMPLETE with {@link DEFAULT_FINDING_COUNTS}). */
  readonly scanOutcome?: ScanOutcome;
  /**
   * How the fake learns about images pushed to the real registry: the digest of
   * `<repository>:<tag or digest>` there, or undefined when the registry does not have it.
   */
  readonly registryLookup?: RegistryLookup;
}

export type RegistryLookup = (repository: string, reference: string) => Promise<string | undefined>;

/** A scan's result: findings counted by severity (as ECR omits severities with none), or a failure. */
export type ScanOutcome =
  | { readonly status: 'COMPLETE'; readonly counts: Readonly<Record<string, number>> }
  | { readonly status: 'FAILED'; readonly description: string };

export const DEFAULT_FINDING_COUNTS: Readonly<Record<string, number>> = {
  CRITICAL: 1,
  HIGH: 4,
  MEDIUM: 11,
  LOW: 17,
  INFORMATIONAL: 6,
};

/** What basic scanning answers for an image whose OS or package manager it does not know. */
export const UNSUPPORTED_IMAGE_FAILURE: ScanOutcome = {
  status: 'FAILED',
  description: 'UnsupportedImageError: The operating system and/or package manager are not supported.',
};

export interface ScanState {
  readonly status: 'COMPLETE' | 'IN_PROGRESS' | 'FAILED';
  readonly description: string;
  readonly counts?: Readonly<Record<string, number>>;
  readonly completedAt?: Date;
}

export interface RepositoryRecord {
  name: string;
  createdAt: Date;
  tagMutability: string;
  scanOnPush: boolean;
  encryptionType: string;
  kmsKey?: string;
  tags: Array<{ Key: string; Value: string }>;
}

export interface ImageRecord {
  digest: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: Date;
  /** A scan on push: when it has a result, and which. */
  scan?: { completesAt: number; outcome: ScanOutcome };
  mediaType: string;
}

export class FakeEcr {
  readonly region: string;
  readonly accountId: string;
  // Mutable so a fake running in another process can be pointed at a registry (useRegistry).
  registry: string;
  scheme: 'http' | 'https';
  username: string;
  password: string;
  readonly tokenLifetimeMs: number;
  readonly clock: Clock;
  readonly paginator = new Paginator();
  readonly repositories = new Map<string, RepositoryRecord>();
  readonly images = new Map<string, ImageRecord[]>();
  /** How many tokens were handed out (the gateway's cache is tested with it). */
  tokensIssued = 0;
  /** For scans started from now on. */
  scanDelayMs: number;
  scanOutcome: ScanOutcome;
  registryLookup: RegistryLookup | undefined;

  constructor(options: FakeEcrOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    const envRegistry = process.env.DOCKER_TEST_REGISTRY;
    this.registry =
      options.registry ?? envRegistry ?? `${this.accountId}.dkr.ecr.${this.region}.amazonaws.com`;
    this.scheme = options.scheme ?? ((options.registry ?? envRegistry) ? 'http' : 'https');
    this.username = options.username ?? 'AWS';
    this.password =
      options.password ?? process.env.DOCKER_TEST_REGISTRY_PASSWORD ?? 'fake-ecr-password-0123456789';
    this.tokenLifetimeMs = options.tokenLifetimeMs ?? 12 * 3600 * 1000;
    this.scanDelayMs = options.scanDelayMs ?? 0;
    this.scanOutcome = options.scanOutcome ?? { status: 'COMPLETE', counts: DEFAULT_FINDING_COUNTS };
    this.registryLookup = options.registryLookup;
  }

  /**
   * Hands out tokens for `registry` from now on (and learns its pushed images through `lookup`):
   * what the constructor options do, for a fake already running (POST /__fake/ecr/registry).
   */
  useRegistry(registry: {
    host: string;
    scheme: 'http' | 'https';
    username: string;
    password: string;
    lookup?: RegistryLookup;
  }): void {
    this.registry = registry.host;
    this.scheme = registry.scheme;
    this.username = registry.username;
    this.password = registry.password;
    this.registryLookup = registry.lookup;
  }

  reset(): void {
    this.repositories.clear();
    this.images.clear();
    this.tokensIssued = 0;
  }

  get proxyEndpoint(): string {
    return `${this.scheme}://${this.registry}`;
  }

  repositoryArn(name: string): string {
    return `arn:aws:ecr:${this.region}:${this.accountId}:repository/${name}`;
  }

  repositoryUri(name: string): string {
    return `${this.registry}/${name}`;
  }

  notFound(name: string): AwsError {
    return new AwsError(
      'RepositoryNotFoundException',
      `The repository with name '${name}' does not exist in the registry with id '${this.accountId}'`,
    );
  }

  /** Seeds a repository (tests); the same validation as CreateRepository. */
  createRepository(name: string, init: Partial<Omit<RepositoryRecord, 'name'>> = {}): RepositoryRecord {
    if (name.length < 2 || name.length > 256 || !ECR_NAME_PATTERN.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '${ECR_NAME_PATTERN.source}''`,
      );
    }
    if (this.repositories.has(name)) {
      throw new AwsError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${name}' already exists in the registry with id '${this.accountId}'`,
      );
    }
    const record: RepositoryRecord = {
      name,
      createdAt: new Date(this.clock.now()),
      tagMutability: init.tagMutability ?? 'MUTABLE',
      scanOnPush: init.scanOnPush ?? false,
      encryptionType: init.encryptionType ?? 'AES256',
      ...(init.kmsKey ? { kmsKey: init.kmsKey } : {}),
      tags: init.tags ?? [],
    };
    this.repositories.set(name, record);
    this.images.set(name, []);
    return record;
  }

  /**
   * Records a pushed image (what the real ECR learns from the registry side). With scan-on-push a
   * scan starts: IN_PROGRESS for `scanDelayMs`, then `scanOutcome`.
   */
  putImage(repository: string, image: { tag?: string; digest?: string; sizeBytes?: number }): ImageRecord {
    const repo = this.repositories.get(repository);
    if (!repo) throw this.notFound(repository);
    const list = this.images.get(repository) ?? [];
    const digest =
      image.digest ??
      `sha256:${createHash('sha256')
        .update(`${repository}:${image.tag ?? ''}:${list.length}`)
        .digest('hex')}`;
    if (image.tag) {
      for (const other of list) {
        if (other.digest !== digest && other.tags.includes(image.tag)) {
          if (repo.tagMutability.startsWith('IMMUTABLE')) {
            throw new AwsError(
              'ImageTagAlreadyExistsException',
              `The image tag '${image.tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`,
            );
          }
          other.tags = other.tags.filter((t) => t !== image.tag);
        }
      }
    }
    let record = list.find((i) => i.digest === digest);
    if (!record) {
      record = {
        digest,
        tags: [],
        sizeBytes: image.sizeBytes ?? 1_985_707,
        pushedAt: new Date(this.clock.now()),
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        ...(repo.scanOnPush
          ? { scan: { completesAt: this.clock.now() + this.scanDelayMs, outcome: this.scanOutcome } }
          : {}),
      };
      list.push(record);
    }
    if (image.tag && !record.tags.includes(image.tag)) record.tags.push(image.tag);
    this.images.set(repository, list);
    return record;
  }

  /** The image by tag or digest; one the real registry has (registryLookup) is recorded first. */
  async findImage(
    repository: string,
    id: { imageTag?: string; imageDigest?: string },
  ): Promise<ImageRecord | undefined> {
    const matches = (i: ImageRecord) =>
      (id.imageDigest !== undefined && i.digest === id.imageDigest) ||
      (id.imageTag !== undefined && i.tags.includes(id.imageTag));
    const known = (this.images.get(repository) ?? []).find(matches);
    if (known || !this.registryLookup) return known;
    const reference = id.imageDigest ?? id.imageTag;
    if (reference === undefined) return undefined;
    const digest = await this.registryLookup(repository, reference);
    if (!digest || (id.imageDigest !== undefined && digest !== id.imageDigest)) return undefined;
    return this.putImage(repository, { digest, ...(id.imageTag !== undefined ? { tag: id.imageTag } : {}) });
  }

  /** The scan's state now, or undefined when the image was never scanned. */
  scanState(image: ImageRecord): ScanState | undefined {
    const scan = image.scan;
    if (!scan) return undefined;
    if (this.clock.now() < scan.completesAt) {
      return { status: 'IN_PROGRESS', description: 'The scan is in progress.' };
    }
    return scan.outcome.status === 'COMPLETE'
      ? {
          status: 'COMPLETE',
          description: 'The scan was completed successfully.',
          counts: scan.outcome.counts,
          completedAt: new Date(scan.completesAt),
        }
      : { status: 'FAILED', description: scan.outcome.description };
  }
}
