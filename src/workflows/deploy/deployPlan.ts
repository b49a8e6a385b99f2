/**
 * The deploy's look-ups that need no step of their own: reading and validating the task-definition
 * file, finding the service, building the image through the injected job (its phases mapped onto
 * the Build and Push steps), and the PlannedChange shown before registering. Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import * as path from 'node:path';
import { positionAt, type Problem } from '../../taskdef/problems';
import {
  normalizeForCompare,
  parseTaskDefinitionText,
  toRegisterable,
  type JsonObject,
} from '../../taskdef/normalize';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import {
  placeholderProblems,
  taskDefinitionProblems,
  type SchemaUnavailable,
} from '../../taskdef/blockingProblems';
import type { BuildAndPushPhase } from '../buildAndPush';
import { deploymentConfigurationFor, describePlannedStrategy } from '../deployments/strategy';
import type { DeployDeps } from './deployDeps';
import { DeployFailure } from './deployFailure';
import type { DeployTarget } from './deployTarget';
import type { PlannedChange } from './deployTypes';

export interface ValidatedFile {
  readonly file: string;
  readonly text: string;
  readonly json: JsonObject;
  readonly warnings: readonly string[];
}

function where(text: string, problem: Problem): string {
  const { line, character } = positionAt(text, problem.offset);
  return `${line + 1}:${character + 1}`;
}

/**
 * Validates the file as "Register Task Definition" does (the rules, and the schema when available,
 * so a file ECS would reject stops before the build); any error stops the deploy, listing them all.
 * The account-id placeholder is refused everywhere but in the image of the container the deploy
 * renders (the scaffold writes it there; the pushed image replaces it): in the execution role, say,
 * ECS would refuse it at Register, after the build and the push.
 */
export function validateFile(
  file: string,
  text: string,
  container: string,
  onSchemaUnavailable?: SchemaUnavailable,
): ValidatedFile {
  const replaced = renderedImageRange(text, container);
  const problems = [
    ...taskDefinitionProblems(text, onSchemaUnavailable),
    ...placeholderProblems(text).filter(
      (p) => !replaced || p.offset < replaced.start || p.offset >= replaced.end,
    ),
  ].sort((a, b) => a.offset - b.offset);
  const line = (p: Problem) => `  ${p.severity} ${path.basename(file)}:${where(text, p)} ${p.message}`;
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning').map(line);
  if (errors.length > 0) {
    const first = errors[0] as Problem;
    throw new DeployFailure(
      `${errors.length} error${errors.length === 1 ? '' : 's'} in the task definition; fix ` +
        `${errors.length === 1 ? 'it' : 'them'} and deploy again (first, line ${where(text, first)}: ` +
        `${first.message}): ${file}`,
      [...errors.map(line), ...warnings],
    );
  }
  return { file, text, json: parseTaskDefinitionText(text, file), warnings };
}

/** Where the image of `container` is in the text (the value the render replaces). */
function renderedImageRange(text: string, container: string): { start: number; end: number } | undefined {
  const root = parseTree(text);
  const containers = root && findNodeAtLocation(root, ['containerDefinitions']);
  for (const definition of containers?.children ?? []) {
    if (findNodeAtLocation(definition, ['name'])?.value !== container) continue;
    const image = findNodeAtLocation(definition, ['image']);
    return image && { start: image.offset, end: image.offset + image.length };
  }
  return undefined;
}

/** The service, or undefined when it does not exist (or was deleted: INACTIVE). */
export async function findService(
  deps: Pick<DeployDeps, 'ecs'>,
  target: DeployTarget,
  signal: AbortSignal,
): Promise<Service | undefined> {
  if (!target.service) return undefined;
  let found: Service | undefined;
  try {
    found = (await deps.ecs.describeServices(target.cluster, [target.service], signal)).items[0];
  } catch (error) {
    if (error instanceof Error && /ClusterNotFound/.test(error.name)) {
      throw new DeployFailure(
        `The cluster does not exist: create it (ECS: Create Cluster) or fix "cluster" in .vscode/ecs-deploy.json: ${target.cluster}`,
      );
    }
    throw error;
  }
  if (found?.status === 'DRAINING') {
    throw new DeployFailure(
      `The service is being deleted (DRAINING); wait until it is gone, then deploy again to create it: ${target.service}`,
    );
  }
  const existing = found && found.status !== 'INACTIVE' ? found : undefined;
  if (existing?.deploymentController?.type === 'EXTERNAL') {
    // docs/deployments.md §4: an EXTERNAL service's task sets belong to another tool.
    throw new DeployFailure(
      `The service's deployment controller is EXTERNAL: another tool manages its task sets ` +
        `(CreateTaskSet/UpdateServicePrimaryTaskSet), and UpdateService cannot roll out a new revision. ` +
        `Deploy it with that tool, or target a service with the ECS or CODE_DEPLOY controller: ${target.service}`,
    );
  }
  if (!existing && !target.createService) {
    throw new DeployFailure(
      `The service does not exist in cluster ${target.cluster}: add "createService" to the target in ` +
        `.vscode/ecs-deploy.json to create it on the first deploy, or fix "service": ${target.service}`,
    );
  }
  return existing;
}

/** Which Deploy step a buildAndPush phase belongs to. */
export function stepOfPhase(phase: BuildAndPushPhase): 'build' | 'push' {
  return phase === 'connect' || phase === 'build' || phase === 'verify' ? 'build' : 'push';
}

export interface PlanInput {
  readonly target: DeployTarget;
  readonly service: Service | undefined;
  readonly imageUri: string;
  readonly rendered: PlannedChange['rendered'];
}

/**
 * What will change: the revision running now (normalised for a diff) and the auto scaling range.
 * Neither look-up stops the deploy when it fails (they are for the user's information).
 */
export async function planChange(
  deps: Pick<DeployDeps, 'taskDefinitions' | 'scaling'>,
  input: PlanInput,
  line: (text: string) => void,
  signal: AbortSignal,
): Promise<PlannedChange> {
  const { target, service } = input;
  const note = (what: string) => (error: unknown) => {
    if (signal.aborted) throw error;
    line(`  (could not read ${what}: ${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  };
  const [deployed, scalable] = await Promise.all([
    service?.taskDefinition
      ? deps.taskDefinitions.describe(service.taskDefinition, signal).catch(note('the deployed revision'))
      : undefined,
    service && target.service
      ? deps.scaling.describeTarget(target.cluster, target.service, signal).catch(note('auto scaling'))
      : undefined,
  ]);
  const scaling =
    scalable && scalable.MinCapacity !== undefined && scalable.MaxCapacity !== undefined
      ? { min: scalable.MinCapacity, max: scalable.MaxCapacity }
      : undefined;
  return {
    target,
    imageUri: input.imageUri,
    ...(deployed
      ? {
          deployed: normalizeForCompare(
            toRegisterable(deployed.taskDefinition, deployed.tags),
          ) as unknown as PlannedChange['rendered'],
          ...(deployed.taskDefinition.taskDefinitionArn
            ? { deployedArn: deployed.taskDefinition.taskDefinitionArn }
            : {}),
        }
      : {}),
    rendered: input.rendered,
    ...(scaling ? { scaling } : {}),
    createsService: target.service !== undefined && service === undefined,
    ...(service ? { strategy: describePlannedStrategy(service) } : plannedCreateStrategy(target)),
  };
}

/** A new service's strategy, from the target's createService.deployment (rolling when absent). */
function plannedCreateStrategy(target: DeployTarget): { strategy?: string } {
  if (!target.service || !target.createService) return {};
  const choice = target.createService.deployment;
  if (!choice) return {};
  return {
    strategy: describePlannedStrategy({
      deploymentConfiguration: deploymentConfigurationFor(choice, undefined),
    }),
  };
}
