/**
 * BatchDeleteImage and DeleteRepository of the fake ECR, with ECR's semantics and limits:
 * - BatchDeleteImage takes 1–100 image ids; a digest deletes the image with all its tags, a tag
 *   only untags it (the image goes when its last tag goes). Unknown ids come back as per-id
 *   `failures` (ImageNotFound), never as an error for the whole call.
 * - DeleteRepository refuses a repository that still holds images unless `force` is set.
 */
import { AwsError } from '../errors';
import type { FakeEcr } from './fakeEcr';

type Handler = (ecr: FakeEcr, input: Record<string, unknown>) => unknown;

interface ImageIdInput {
  imageDigest?: string;
  imageTag?: string;
}

export const BATCH_DELETE_IMAGE_MAX = 100;

const invalid = (message: string) => new AwsError('InvalidParameterException', message);

function requireRepository(ecr: FakeEcr, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalid('repositoryName is required');
  if (!ecr.repositories.has(name)) throw ecr.notFound(name);
  return name;
}

export const ecrDeleteHandlers: Record<string, Handler> = {
  BatchDeleteImage(ecr, input) {
    const repository = requireRepository(ecr, input.repositoryName);
    const ids = input.imageIds as ImageIdInput[] | undefined;
    if (!Array.isArray(ids) || ids.length === 0) {
      throw invalid("1 validation error detected: Value at 'imageIds' failed to satisfy constraint");
    }
    if (ids.length > BATCH_DELETE_IMAGE_MAX) {
      throw invalid(
        `1 validation error detected: Value at 'imageIds' failed to satisfy constraint: Member must have length less than or equal to ${BATCH_DELETE_IMAGE_MAX}`,
      );
    }
    let list = ecr.images.get(repository) ?? [];
    const deleted: ImageIdInput[] = [];
    const failures: Array<{ imageId: ImageIdInput; failureCode: string; failureReason: string }> = [];
    for (const id of ids) {
      const image = list.find(
        (i) =>
          (id.imageDigest !== undefined && i.digest === id.imageDigest) ||
          (id.imageDigest === undefined && id.imageTag !== undefined && i.tags.includes(id.imageTag)),
      );
      if (!image) {
        failures.push({
          imageId: id,
          failureCode: 'ImageNotFound',
          failureReason: 'Requested image not found',
        });
        continue;
      }
      if (id.imageDigest === undefined && id.imageTag !== undefined) {
        image.tags = image.tags.filter((t) => t !== id.imageTag);
        deleted.push({ imageDigest: image.digest, imageTag: id.imageTag });
        if (image.tags.length > 0) continue;
      } else {
        for (const tag of image.tags) deleted.push({ imageDigest: image.digest, imageTag: tag });
        if (image.tags.length === 0) deleted.push({ imageDigest: image.digest });
      }
      list = list.filter((i) => i !== image);
    }
    ecr.images.set(repository, list);
    return { imageIds: deleted, failures };
  },

  DeleteRepository(ecr, input) {
    const repository = requireRepository(ecr, input.repositoryName);
    const record = ecr.repositories.get(repository)!;
    const images = ecr.images.get(repository) ?? [];
    if (images.length > 0 && input.force !== true) {
      throw new AwsError(
        'RepositoryNotEmptyException',
        `The repository with name '${repository}' in registry with id '${ecr.accountId}' cannot be deleted because it still contains images`,
      );
    }
    ecr.repositories.delete(repository);
    ecr.images.delete(repository);
    return {
      repository: {
        repositoryArn: ecr.repositoryArn(repository),
        registryId: ecr.accountId,
        repositoryName: repository,
        repositoryUri: ecr.repositoryUri(repository),
        createdAt: record.createdAt,
        imageTagMutability: record.tagMutability,
      },
    };
  },
};
