/** ECR as a service module of the fake endpoint: awsJson1_1, target prefix AmazonEC2ContainerRegistry_V20150921. */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import type { FakeEcr, ImageRecord, RepositoryRecord } from './fakeEcr';
import { ecrDeleteHandlers } from './deleteHandlers';

export const ECR_TARGET_PREFIX = 'AmazonEC2ContainerRegistry_V20150921';

type Handler = (ecr: FakeEcr, input: Record<string, unknown>) => unknown;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

function renderRepository(ecr: FakeEcr, r: RepositoryRecord): unknown {
  return {
    repositoryArn: ecr.repositoryArn(r.name),
    registryId: ecr.accountId,
    repositoryName: r.name,
    repositoryUri: ecr.repositoryUri(r.name),
    createdAt: r.createdAt,
    imageTagMutability: r.tagMutability,
    imageScanningConfiguration: { scanOnPush: r.scanOnPush },
    encryptionConfiguration: { encryptionType: r.encryptionType, ...(r.kmsKey ? { kmsKey: r.kmsKey } : {}) },
  };
}

function renderImage(ecr: FakeEcr, repository: string, i: ImageRecord): unknown {
  const scan = ecr.scanState(i);
  return {
    registryId: ecr.accountId,
    repositoryName: repository,
    imageDigest: i.digest,
    ...(i.tags.length > 0 ? { imageTags: i.tags } : {}),
    imageSizeInBytes: i.sizeBytes,
    imagePushedAt: i.pushedAt,
    imageManifestMediaType: i.mediaType,
    ...(scan ? { imageScanStatus: { status: scan.status, description: scan.description } } : {}),
    ...(scan?.counts
      ? {
          imageScanFindingsSummary: {
            imageScanCompletedAt: scan.completedAt,
            vulnerabilitySourceUpdatedAt: scan.completedAt,
            findingSeverityCounts: scan.counts,
          },
        }
      : {}),
  };
}

async function findImage(ecr: FakeEcr, repository: string, imageId: unknown): Promise<ImageRecord> {
  const id = (imageId ?? {}) as { imageTag?: string; imageDigest?: string };
  const image = await ecr.findImage(repository, id);
  if (!image) {
    throw new AwsError(
      'ImageNotFoundException',
      `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repository}' in the registry with id '${ecr.accountId}'`,
    );
  }
  return image;
}

function requireRepository(ecr: FakeEcr, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalid('repositoryName is required');
  if (!ecr.repositories.has(name)) throw ecr.notFound(name);
  return name;
}

const handlers: Record<string, Handler> = {
  ...ecrDeleteHandlers,
  GetAuthorizationToken(ecr) {
    ecr.tokensIssued++;
    return {
      authorizationData: [
        {
          authorizationToken: Buffer.from(`${ecr.username}:${ecr.password}`).toString('base64'),
          expiresAt: new Date(ecr.clock.now() + ecr.tokenLifetimeMs),
          proxyEndpoint: ecr.proxyEndpoint,
        },
      ],
    };
  },

  DescribeRepositories(ecr, input) {
    const names = input.repositoryNames as string[] | undefined;
    if (names !== undefined) {
      if (input.maxResults !== undefined || input.nextToken !== undefined) {
        throw invalid('maxResults and nextToken cannot be used with repositoryNames');
      }
      for (const name of names) if (!ecr.repositories.has(name)) throw ecr.notFound(name);
      return { repositories: names.map((n) => renderRepository(ecr, ecr.repositories.get(n)!)) };
    }
    const all = [...ecr.repositories.values()].sort(
      (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name),
    );
    const page = ecr.paginator.page(
      all,
      {
        scope: 'DescribeRepositories',
        nextToken: input.nextToken as string | undefined,
        maxResults: input.maxResults as number | undefined,
        defaultPageSize: 100,
        maxPageSize: 1000,
      },
      invalid,
    );
    return {
      repositories: page.items.map((r) => renderRepository(ecr, r)),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },

  CreateRepository(ecr, input) {
    const name = input.repositoryName;
    if (typeof name !== 'string') throw invalid('repositoryName is required');
    const mutability = (input.imageTagMutability as string | undefined) ?? 'MUTABLE';
    if (
      !['MUTABLE', 'IMMUTABLE', 'MUTABLE_WITH_EXCLUSION', 'IMMUTABLE_WITH_EXCLUSION'].includes(mutability)
    ) {
      throw invalid(`Invalid parameter at 'imageTagMutability': ${mutability}`);
    }
    const encryption = input.encryptionConfiguration as
      { encryptionType?: string; kmsKey?: string } | undefined;
    if (encryption) {
      if (!['AES256', 'KMS', 'KMS_DSSE'].includes(encryption.encryptionType ?? '')) {
        throw invalid(
          `Invalid parameter at 'encryptionConfiguration.encryptionType': ${encryption.encryptionType ?? 'null'}`,
        );
      }
      if (encryption.encryptionType === 'AES256' && encryption.kmsKey) {
        throw invalid('kmsKey can only be specified when encryptionType is KMS or KMS_DSSE');
      }
    }
    const scanning = input.imageScanningConfiguration as { scanOnPush?: boolean } | undefined;
    const record = ecr.createRepository(name, {
      tagMutability: mutability,
      scanOnPush: scanning?.scanOnPush === true,
      encryptionType: encryption?.encryptionType ?? 'AES256',
      ...(encryption?.kmsKey
        ? { kmsKey: encryption.kmsKey }
        : encryption?.encryptionType?.startsWith('KMS')
          ? { kmsKey: `arn:aws:kms:${ecr.region}:${ecr.accountId}:key/aws/ecr` }
          : {}),
      tags: (input.tags as Array<{ Key: string; Value: string }> | undefined) ?? [],
    });
    return { repository: renderRepository(ecr, record) };
  },

  ListTagsForResource(ecr, input) {
    const arn = input.resourceArn;
    if (typeof arn !== 'string') throw invalid('resourceArn is required');
    const prefix = ecr.repositoryArn('');
    const name = arn.startsWith(prefix) ? arn.slice(prefix.length) : '';
    const repo = ecr.repositories.get(name);
    if (!repo) throw ecr.notFound(name);
    return { tags: repo.tags };
  },

  async DescribeImages(ecr, input) {
    const repository = requireRepository(ecr, input.repositoryName);
    const ids = input.imageIds as unknown[] | undefined;
    if (ids !== undefined) {
      const details: unknown[] = [];
      for (const id of ids) details.push(renderImage(ecr, repository, await findImage(ecr, repository, id)));
      return { imageDetails: details };
    }
    const list = ecr.images.get(repository) ?? [];
    const page = ecr.paginator.page(
      list,
      {
        scope: `DescribeImages|${repository}`,
        nextToken: input.nextToken as string | undefined,
        maxResults: input.maxResults as number | undefined,
        defaultPageSize: 100,
        maxPageSize: 1000,
      },
      invalid,
    );
    return {
      imageDetails: page.items.map((i) => renderImage(ecr, repository, i)),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  },

  async DescribeImageScanFindings(ecr, input) {
    const repository = requireRepository(ecr, input.repositoryName);
    const image = await findImage(ecr, repository, input.imageId);
    const scan = ecr.scanState(image);
    if (!scan) {
      throw new AwsError(
        'ScanNotFoundException',
        `Image scan does not exist for the image with '{imageDigest:'${image.digest}', imageTag:'null'}' in the repository with name '${repository}' in the registry with id '${ecr.accountId}'`,
      );
    }
    return {
      registryId: ecr.accountId,
      repositoryName: repository,
      imageId: { imageDigest: image.digest, ...(image.tags[0] ? { imageTag: image.tags[0] } : {}) },
      imageScanStatus: { status: scan.status, description: scan.description },
      ...(scan.counts
        ? {
            imageScanFindings: {
              imageScanCompletedAt: scan.completedAt,
              vulnerabilitySourceUpdatedAt: scan.completedAt,
              findingSeverityCounts: scan.counts,
              findings: [],
            },
          }
        : {}),
    };
  },
};

/** The operations the fake ECR implements. */
export const ecrOperations: readonly string[] = Object.keys(handlers);

export function ecrModule(ecr: FakeEcr): ServiceModule {
  return {
    signingName: 'ecr',
    protocol: awsJsonProtocol('com.amazonaws.ecr'),
    jsonTargetPrefix: ECR_TARGET_PREFIX,
    errors: {
      serverError: { code: 'ServerException', status: 500, message: 'Internal server error' },
    },
    resourceFor(_operation: string, input: unknown, ctx: CallContext): string {
      const name = (input as { repositoryName?: unknown } | undefined)?.repositoryName;
      return typeof name === 'string' ? `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${name}` : '*';
    },
    handle(operation: string, input: unknown): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return handler(ecr, (input ?? {}) as Record<string, unknown>);
    },
  };
}
