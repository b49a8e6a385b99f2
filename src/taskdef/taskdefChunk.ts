/**
 * The entry of the `taskdef` chunk (dist/taskdef.js, scripts/bundles.js): what the editor's
 * task-definition diagnostics load with the first task-definition document.
 */
export { validateTaskDefinition } from './validateTaskDefinition';
