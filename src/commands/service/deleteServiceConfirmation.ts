/** The typed confirmation of "Delete Service" (editor-free, so it is unit tested). */

export interface DeleteServiceFacts {
  readonly name: string;
  readonly cluster: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  /** undefined when it could not be checked. */
  readonly autoScaled: boolean | undefined;
}

/** The input box's prompt: everything that will happen, in order. */
export function deleteServicePrompt(f: DeleteServiceFacts): string {
  const steps = [
    f.autoScaled === true
      ? 'its auto scaling (scalable target and policies) is removed'
      : f.autoScaled === undefined
        ? 'its auto scaling could not be checked (any scalable target stays registered)'
        : undefined,
    f.desiredCount > 0
      ? `it is scaled from ${f.desiredCount} to 0 (${f.runningCount} running task${f.runningCount === 1 ? '' : 's'} stop)`
      : undefined,
    `it is deleted from cluster ${f.cluster} and shows DRAINING until its tasks stopped`,
  ].filter((s): s is string => s !== undefined);
  return `This cannot be undone: ${steps.join(', then ')}. Type the service name to confirm.`;
}

/** validateInput: only the exact name (case and all) confirms. */
export function typedNameProblem(expected: string, typed: string): string | undefined {
  return typed === expected ? undefined : `Type ${expected} exactly to delete it.`;
}
