/**
 * What a deploy learned, written back to its target in .vscode/ecs-deploy.json at the end of the
 * pipeline: the service's auto scaling range, and the "created" markers (a service the deploy
 * created, an ECR repository its push created) that Clean Up relies on to offer deleting only what
 * the extension made. Part of the pipeline, so the command, the integration tests and the benchmark
 * all record the same. The file is not written while it has unsaved changes in the editor (never
 * clobber the user's edits), and a failure to write it is logged, not raised: the deploy itself is
 * what matters. Editor-free.
 */
import type { Logger } from '../../shared/logger';
import { editDeployFile, writeCreated, writeScaling } from './deployFile';
import { DEPLOY_FILE, type DeployTarget } from './deployTarget';
import type { DeployResult, PlannedChange } from './deployTypes';

export interface RecordDeployOptions {
  readonly logger: Pick<Logger, 'info' | 'warn'>;
  /** True while the deploy file is open with unsaved changes (then nothing is written). */
  readonly hasUnsavedChanges?: () => boolean;
}

export async function recordDeploy(
  workspaceRoot: string,
  target: DeployTarget,
  plan: PlannedChange | undefined,
  result: DeployResult,
  options: RecordDeployOptions,
): Promise<void> {
  const createdRepository = result.createdRepository === true && !target.created?.repository;
  if (!createdRepository && (!plan || !target.service)) return;
  if (options.hasUnsavedChanges?.()) {
    options.logger.info(
      `Not recording the scaling range of ${target.name}: ${DEPLOY_FILE} has unsaved changes.`,
    );
    return;
  }
  try {
    await editDeployFile(workspaceRoot, (text) => {
      if (text === undefined) return undefined; // the file was deleted meanwhile: leave it deleted
      let out = plan && target.service ? writeScaling(text, target.name, plan.scaling) : text;
      if (plan?.createsService && result.outcome === 'succeeded' && !target.created?.service) {
        out = writeCreated(out, target.name, { service: true });
      }
      // A repository the deploy created is the extension's to clean up, even if a later step failed.
      if (createdRepository) out = writeCreated(out, target.name, { repository: true });
      return out;
    });
  } catch (error) {
    options.logger.warn(
      `Could not record the deploy in ${DEPLOY_FILE}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
