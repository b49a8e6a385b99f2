/**
 * The Task Definitions view's id. The view is created at activation (src/activation/views.ts), on the
 * generic EcsTreeDataProvider (root loader taskDefinitionsRoot) once the core is loaded, following
 * the connection like the explorer.
 */
export const TASK_DEFINITIONS_VIEW_ID = 'ecsFargate.taskDefinitions';
