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
  scanStatus?: 'COMPLETE' | 'IN_PROGRESS' | 'FAILED';
  findingCounts?: Record<string, number>;
  mediaType: string;
}

export class FakeEcr {
  readonly region: string;
  readonly accountId: string;
  readonly registry: string;
  readonly scheme: 'http' | 'https';
  readonly username: string;
  password: string;
  readonly tokenLifetimeMs: number;
  readonly clock: Clock;
  readonly paginator = new Paginator();
  readonly repositories = new Map<string, RepositoryRecord>();
  readonly images = new Map<string, ImageRecord[]>();
  /** How many tokens were handed out (the gateway's cache is tested with it). */
  tokensIssued = 0;

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
   * Records a pushed image (what the real ECR learns from the registry side). With scan-on-push the
   * scan is COMPLETE at once, with fixed finding counts.
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
          ? { scanStatus: 'COMPLETE' as const, findingCounts: { CRITICAL: 0, HIGH: 1, MEDIUM: 3, LOW: 7 } }
          : {}),
      };
      list.push(record);
    }
    if (image.tag && !record.tags.includes(image.tag)) record.tags.push(image.tag);
    this.images.set(repository, list);
    return record;
  }
}
