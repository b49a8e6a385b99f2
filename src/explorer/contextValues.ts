/**
 * Every `contextValue` the explorer sets; package.json `view/item/context` menus match these
 * with `viewItem =~ /^ecs\.task\.running/` and the like. A unit test checks that every menu
 * regex in package.json matches at least one value here.
 */
export const ContextValues = {
  cluster: 'ecs.cluster',
  service: 'ecs.service',
  taskRunning: 'ecs.task.running',
  taskStopped: 'ecs.task.stopped',
  container: 'ecs.container',
  taskGroup: 'ecs.group',
  // A service's "Deployments" (and "Older deployments") and its service deployments.
  deployments: 'ecs.deployments',
  deployment: 'ecs.deployment.done',
  deploymentInProgress: 'ecs.deployment.inProgress',
  /** In progress with a PAUSE hook awaiting Continue or Roll Back. */
  deploymentAwaiting: 'ecs.deployment.inProgress.awaiting',
  // The Task Definitions view (src/taskDefinitions/nodes).
  taskDefinitionFamily: 'ecs.taskdef.family',
  taskDefinitionRevision: 'ecs.taskdef.revision',
  taskDefinitionRevisionInactive: 'ecs.taskdef.revision.inactive',
  taskDefinitionInactiveGroup: 'ecs.taskdef.inactiveGroup',
  // The Repositories view (src/repositories/nodes).
  ecrRepository: 'ecs.ecr.repository',
  ecrImage: 'ecs.ecr.image',
  // The Local view (src/explorer/nodes/localNodes.ts).
  localTaskRunning: 'ecs.local.task.running',
  localTaskStopped: 'ecs.local.task.stopped',
  localContainerRunning: 'ecs.local.container.running',
  localContainerStopped: 'ecs.local.container.stopped',
  error: 'ecs.message.error',
  info: 'ecs.message.info',
} as const;

export type ContextValue = (typeof ContextValues)[keyof typeof ContextValues];
