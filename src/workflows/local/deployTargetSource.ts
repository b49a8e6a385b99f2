/**
 * Run Locally on a deploy target: builds the target's Dockerfile the way Deploy does (the target's
 * context, the platform of the task definition's runtimePlatform), then runs the target's task
 * definition with the target container's image replaced by the local build — no push, no
 * registration. Editor-free.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { DockerGateway } from '../../docker/dockerGateway';
import type { BuildListener } from '../../docker/imageBuilder';
import { parseTaskDefinitionText, type JsonObject } from '../../taskdef/normalize';
import type { DeployTarget } from '../deploy/deployTarget';

export interface LocalTargetSource {
  readonly taskDefinition: JsonObject;
  /** The file's text as written (the blocking check runs on it). */
  readonly text: string;
  readonly baseDir: string;
  /** The image built for the target's container. */
  readonly image: string;
}

function platformOf(td: JsonObject): string {
  const platform = td.runtimePlatform as { cpuArchitecture?: unknown } | undefined;
  return platform?.cpuArchitecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
}

export async function buildLocalTarget(
  docker: DockerGateway,
  workspaceRoot: string,
  target: DeployTarget,
  listener?: BuildListener,
  signal?: AbortSignal,
): Promise<LocalTargetSource> {
  const file = path.resolve(workspaceRoot, target.taskDefinitionFile);
  const text = await fs.readFile(file, 'utf8');
  const td = parseTaskDefinitionText(text, target.taskDefinitionFile);
  const containers = Array.isArray(td.containerDefinitions) ? (td.containerDefinitions as JsonObject[]) : [];
  if (!containers.some((c) => c.name === target.container)) {
    throw new Error(
      `Deploy target ${target.name}: container ${target.container} is not in ${target.taskDefinitionFile}.`,
    );
  }
  const tag = `ecs-fargate-local/${target.repository.toLowerCase()}:local`;
  const built = await docker.build(
    {
      contextDir: path.resolve(workspaceRoot, target.buildContext ?? path.dirname(target.dockerfile)),
      dockerfile: path.resolve(workspaceRoot, target.dockerfile),
      tags: [tag],
      platform: platformOf(td),
    },
    listener,
    signal,
  );
  const taskDefinition = {
    ...td,
    containerDefinitions: containers.map((c) => (c.name === target.container ? { ...c, image: tag } : c)),
  } as JsonObject;
  return {
    taskDefinition,
    text,
    baseDir: path.dirname(file),
    image: `${tag} (${built.imageId.slice(7, 19)})`,
  };
}
