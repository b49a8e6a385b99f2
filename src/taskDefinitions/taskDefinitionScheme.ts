/** The scheme of the read-only task-definition documents (apart, so activation can register it). */
export const TASK_DEFINITION_SCHEME = 'ecs-taskdef';
