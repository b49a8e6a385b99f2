/** Validation of the desired count typed into "Scale Service" (editor-free, so it is unit tested). */

/** ECS's default quota of tasks per service. */
export const MAX_DESIRED_COUNT = 5000;

/** Returns an error message, or undefined when the text is a valid desired count. */
export function validateDesiredCount(text: string): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a whole number of tasks, 0 or more.';
  if (Number(value) > MAX_DESIRED_COUNT) return `ECS allows at most ${MAX_DESIRED_COUNT} tasks per service.`;
  return undefined;
}
