/**
 * Renders a pushed image into a task definition, as aws-actions/amazon-ecs-render-task-definition
 * does: the chosen container's `image` becomes the image URI (by digest, so the revision always
 * runs exactly what was pushed), and the rendered JSON is what gets registered. The user's file
 * is not touched unless they opt in, and then only the `image` value changes (formatting and
 * comments of the rest of the file stay). Pure and editor-free.
 */
import type { RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { applyEdits, findNodeAtLocation, modify, parseTree, type JSONPath } from 'jsonc-parser';
import { OUTPUT_ONLY_FIELDS, type Json, type JsonObject } from '../../taskdef/normalize';
import { DEFAULT_PLATFORM } from '../buildAndPush';
import { DeployFailure } from './deployFailure';

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The Docker platform to build for: from `runtimePlatform`, linux/amd64 when it is absent. */
export function platformOfTaskDefinition(taskDefinition: JsonObject): string {
  const runtime = taskDefinition.runtimePlatform;
  if (!isObject(runtime)) return DEFAULT_PLATFORM;
  const os = typeof runtime.operatingSystemFamily === 'string' ? runtime.operatingSystemFamily : 'LINUX';
  const arch = runtime.cpuArchitecture === 'ARM64' ? 'arm64' : 'amd64';
  return `${os.startsWith('WINDOWS') ? 'windows' : 'linux'}/${arch}`;
}

/** The container names, for messages. */
export function containerNames(taskDefinition: JsonObject): string[] {
  const containers = taskDefinition.containerDefinitions;
  if (!Array.isArray(containers)) return [];
  return containers.flatMap((c) => (isObject(c) && typeof c.name === 'string' ? [c.name] : []));
}

function containerIndex(taskDefinition: JsonObject, container: string, file: string): number {
  const names = containerNames(taskDefinition);
  const index = names.indexOf(container);
  if (index < 0) {
    const known = names.length > 0 ? names.join(', ') : 'none';
    throw new DeployFailure(
      `The task definition has no container "${container}" to put the new image in: set "container" in ` +
        `.vscode/ecs-deploy.json to one of its containers (${known}): ${file}`,
    );
  }
  return index;
}

/**
 * A copy of the task definition, ready for RegisterTaskDefinition, with the container's image
 * replaced. Output-only fields (from a saved describe output) are dropped: ECS rejects them.
 */
export function renderImage(
  taskDefinition: JsonObject,
  container: string,
  imageUri: string,
  file = 'the task definition',
): RegisterTaskDefinitionCommandInput {
  const copy = structuredClone(taskDefinition);
  for (const field of OUTPUT_ONLY_FIELDS) delete copy[field];
  const index = containerIndex(copy, container, file);
  const containers = copy.containerDefinitions as Json[];
  const target = containers[index] as JsonObject;
  containers[index] = { ...target, image: imageUri };
  return copy as unknown as RegisterTaskDefinitionCommandInput;
}

/**
 * The file's text with only the container's `image` value replaced (the opt-in "update the
 * file"); a saved describe output (`{"taskDefinition": {…}}`) is edited inside its wrapper.
 */
export function updateImageInText(text: string, container: string, imageUri: string): string {
  const root = parseTree(text);
  const wrapped = root && findNodeAtLocation(root, ['containerDefinitions']) === undefined;
  const prefix: JSONPath = wrapped ? ['taskDefinition'] : [];
  const containers = root && findNodeAtLocation(root, [...prefix, 'containerDefinitions']);
  const index = (containers?.children ?? []).findIndex(
    (node) => findNodeAtLocation(node, ['name'])?.value === container,
  );
  if (index < 0) throw new DeployFailure(`The file has no container "${container}" to update.`);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const edits = modify(text, [...prefix, 'containerDefinitions', index, 'image'], imageUri, {
    formattingOptions: { insertSpaces: true, tabSize: 2, eol },
  });
  return applyEdits(text, edits);
}
