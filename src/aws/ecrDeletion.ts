/**
 * The ECR deletions that Clean Up makes, kept apart from the listing and pushing side of the
 * gateway (ecrGateway.ts) because they batch and report per-image failures. Editor-free.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { sdk } from './sdkModules';

/** BatchDeleteImage takes at most 100 image ids per call. */
export const BATCH_DELETE_IMAGE_LIMIT = 100;

export interface DeletedImages {
  readonly deleted: readonly string[];
  readonly failures: ReadonlyArray<{ readonly digest: string; readonly reason: string }>;
}

export interface EcrDeletion {
  /** BatchDeleteImage by digest (each image with all its tags), ≤100 ids per call; per-image failures come back. */
  deleteImages(repository: string, digests: readonly string[], signal?: AbortSignal): Promise<DeletedImages>;
  /** DeleteRepository without `force`: ECR refuses one that still holds images (RepositoryNotEmptyException). */
  deleteRepository(name: string, signal?: AbortSignal): Promise<void>;
}

export function createEcrDeletion(client: ECRClient): EcrDeletion {
  return {
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
