/**
 * Checks of the 2025 deployment settings in CreateService/UpdateService (`deploymentConfiguration.strategy`,
 * `bakeTimeInMinutes`, `linearConfiguration`, `canaryConfiguration`, `lifecycleHooks`, and the load
 * balancer's `advancedConfiguration` that BLUE_GREEN, LINEAR and CANARY need). Ranges from the API
 * reference: stepPercent and canaryPercent are multiples of 0.1 (3.0–100.0 and 0.1–100.0), bake times
 * 0–1440 minutes; PAUSE hooks cannot run at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT.
 */
import type { DeploymentConfiguration, LoadBalancer } from '@aws-sdk/client-ecs';
import { invalidParameter } from '../errors';
import type { DeploymentStrategyName } from '../types';

const STRATEGIES: readonly DeploymentStrategyName[] = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'];
const HOOK_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
];
const LAMBDA_ONLY_STAGES = ['TEST_TRAFFIC_SHIFT', 'PRODUCTION_TRAFFIC_SHIFT'];
export const MAX_BAKE_MINUTES = 1440;

export function strategyOf(config: DeploymentConfiguration | undefined): DeploymentStrategyName {
  return config?.strategy ?? 'ROLLING';
}

export const isTrafficShifting = (strategy: DeploymentStrategyName): boolean => strategy !== 'ROLLING';

function checkMinutes(value: number | undefined, name: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0 || value > MAX_BAKE_MINUTES) {
    throw invalidParameter(`${name} must be an integer between 0 and ${MAX_BAKE_MINUTES}.`);
  }
}

function checkPercent(value: number | undefined, name: string, min: number): void {
  if (value === undefined) return;
  const tenths = value * 10;
  if (value < min || value > 100 || Math.abs(tenths - Math.round(tenths)) > 1e-9) {
    throw invalidParameter(`${name} must be a multiple of 0.1 between ${min.toFixed(1)} and 100.0.`);
  }
}

function checkHooks(config: DeploymentConfiguration): void {
  for (const hook of config.lifecycleHooks ?? []) {
    const type = hook.targetType ?? 'AWS_LAMBDA';
    if (type !== 'AWS_LAMBDA' && type !== 'PAUSE') {
      throw invalidParameter(
        `Invalid lifecycle hook targetType ${String(type)}. Valid values: AWS_LAMBDA, PAUSE.`,
      );
    }
    const stages = hook.lifecycleStages ?? [];
    if (stages.length === 0) throw invalidParameter('lifecycleStages must be provided for a lifecycle hook.');
    for (const stage of stages) {
      if (!HOOK_STAGES.includes(stage)) throw invalidParameter(`Invalid lifecycle stage ${stage}.`);
      if (type === 'PAUSE' && LAMBDA_ONLY_STAGES.includes(stage)) {
        throw invalidParameter(`PAUSE hooks cannot be configured at the ${stage} lifecycle stage.`);
      }
    }
    if (type === 'AWS_LAMBDA' && (!hook.hookTargetArn || !hook.roleArn)) {
      throw invalidParameter('hookTargetArn and roleArn must be provided for an AWS_LAMBDA lifecycle hook.');
    }
    const timeout = hook.timeoutConfiguration?.timeoutInMinutes;
    if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_BAKE_MINUTES)) {
      throw invalidParameter(`timeoutInMinutes must be an integer between 1 and ${MAX_BAKE_MINUTES}.`);
    }
  }
}

/**
 * BLUE_GREEN, LINEAR and CANARY shift traffic between two target groups: each target-group load balancer
 * needs `advancedConfiguration` with the alternate target group, the production listener rule and the role.
 */
function checkLoadBalancers(strategy: DeploymentStrategyName, loadBalancers: readonly LoadBalancer[]): void {
  for (const lb of loadBalancers) {
    if (lb.targetGroupArn === undefined) continue;
    const advanced = lb.advancedConfiguration;
    if (!advanced?.alternateTargetGroupArn || !advanced.productionListenerRule || !advanced.roleArn) {
      throw invalidParameter(
        `The ${strategy} deployment strategy requires loadBalancers[].advancedConfiguration with ` +
          'alternateTargetGroupArn, productionListenerRule and roleArn for target group ' +
          `${lb.targetGroupArn}.`,
      );
    }
    if (advanced.alternateTargetGroupArn === lb.targetGroupArn) {
      throw invalidParameter('alternateTargetGroupArn must be different from targetGroupArn.');
    }
  }
}

/** Throws InvalidParameterException for a configuration ECS would refuse. */
export function checkDeploymentStrategy(
  config: DeploymentConfiguration,
  loadBalancers: readonly LoadBalancer[],
): void {
  const strategy = strategyOf(config);
  if (!STRATEGIES.includes(strategy)) {
    throw invalidParameter(
      `Invalid deployment strategy ${strategy}. Valid values: ${STRATEGIES.join(', ')}.`,
    );
  }
  checkMinutes(config.bakeTimeInMinutes, 'bakeTimeInMinutes');
  if (config.linearConfiguration) {
    if (strategy !== 'LINEAR')
      throw invalidParameter('linearConfiguration is only valid when the deployment strategy is LINEAR.');
    checkPercent(config.linearConfiguration.stepPercent, 'stepPercent', 3);
    checkMinutes(config.linearConfiguration.stepBakeTimeInMinutes, 'stepBakeTimeInMinutes');
  }
  if (config.canaryConfiguration) {
    if (strategy !== 'CANARY')
      throw invalidParameter('canaryConfiguration is only valid when the deployment strategy is CANARY.');
    checkPercent(config.canaryConfiguration.canaryPercent, 'canaryPercent', 0.1);
    checkMinutes(config.canaryConfiguration.canaryBakeTimeInMinutes, 'canaryBakeTimeInMinutes');
  }
  checkHooks(config);
  if (isTrafficShifting(strategy)) checkLoadBalancers(strategy, loadBalancers);
  const alarms = config.alarms;
  if (alarms?.enable && (alarms.alarmNames ?? []).length === 0) {
    throw invalidParameter('alarmNames must contain at least one alarm when alarms are enabled.');
  }
}
