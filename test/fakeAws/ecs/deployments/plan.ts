/**
 * The stages a blue/green-family service deployment goes through, as a list of steps (docs/aws-facts.md
 * and the DescribeServiceDeployments `lifecycleStage` reference): PRE_SCALE_UP, SCALE_UP (the green
 * revision starts at 100 % of the desired count), POST_SCALE_UP, TEST_TRAFFIC_SHIFT, POST_TEST_TRAFFIC_SHIFT,
 * then per traffic step PRE_PRODUCTION_TRAFFIC_SHIFT + PRODUCTION_TRAFFIC_SHIFT (BLUE_GREEN: one step to
 * 100 %; LINEAR: stepPercent at a time with stepBakeTimeInMinutes after each step below 100 %; CANARY:
 * canaryPercent, canaryBakeTimeInMinutes, then 100 %), POST_PRODUCTION_TRAFFIC_SHIFT, BAKE_TIME
 * (bakeTimeInMinutes) and CLEAN_UP (the blue revision scaled to 0).
 */
import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import type { DeploymentStrategyName } from '../types';

export type PlanStep =
  /** A stage with nothing of its own to do but run the hooks configured for it. */
  | { kind: 'stage'; stage: string }
  | { kind: 'scaleUp'; stage: 'SCALE_UP' }
  /** Moves the target revision's traffic weights (test and/or production) to these values. */
  | { kind: 'shift'; stage: string; test?: number; production?: number }
  /** Waits `ms` (a step bake keeps the PRODUCTION_TRAFFIC_SHIFT stage; the final bake is BAKE_TIME). */
  | { kind: 'bake'; stage: string; ms: number }
  | { kind: 'cleanUp'; stage: 'CLEAN_UP' };

const MINUTE = 60_000;
/** The documented defaults: LINEAR 10 % every 6 min, CANARY 5 % for 10 min. */
export const STRATEGY_DEFAULTS = {
  stepPercent: 10,
  stepBakeTimeInMinutes: 6,
  canaryPercent: 5,
  canaryBakeTimeInMinutes: 10,
};

/** Weights are multiples of 0.1 %. */
const tenth = (value: number): number => Math.round(value * 10) / 10;

function productionSteps(strategy: DeploymentStrategyName, config: DeploymentConfiguration): PlanStep[] {
  const shift = (production: number): PlanStep[] => [
    { kind: 'stage', stage: 'PRE_PRODUCTION_TRAFFIC_SHIFT' },
    { kind: 'shift', stage: 'PRODUCTION_TRAFFIC_SHIFT', production },
  ];
  const bake = (minutes: number): PlanStep[] =>
    minutes > 0 ? [{ kind: 'bake', stage: 'PRODUCTION_TRAFFIC_SHIFT', ms: minutes * MINUTE }] : [];
  if (strategy === 'LINEAR') {
    const percent = config.linearConfiguration?.stepPercent ?? STRATEGY_DEFAULTS.stepPercent;
    const minutes =
      config.linearConfiguration?.stepBakeTimeInMinutes ?? STRATEGY_DEFAULTS.stepBakeTimeInMinutes;
    const steps: PlanStep[] = [];
    for (let k = 1; ; k++) {
      const weight = Math.min(100, tenth(k * percent));
      steps.push(...shift(weight));
      // "This bake time is not applied after reaching 100 percent traffic."
      if (weight >= 100) return steps;
      steps.push(...bake(minutes));
    }
  }
  if (strategy === 'CANARY') {
    const percent = config.canaryConfiguration?.canaryPercent ?? STRATEGY_DEFAULTS.canaryPercent;
    const minutes =
      config.canaryConfiguration?.canaryBakeTimeInMinutes ?? STRATEGY_DEFAULTS.canaryBakeTimeInMinutes;
    if (percent >= 100) return shift(100);
    return [...shift(tenth(percent)), ...bake(minutes), ...shift(100)];
  }
  return shift(100);
}

/** The steps of a BLUE_GREEN, LINEAR or CANARY deployment. */
export function planFor(strategy: DeploymentStrategyName, config: DeploymentConfiguration): PlanStep[] {
  return [
    { kind: 'stage', stage: 'PRE_SCALE_UP' },
    { kind: 'scaleUp', stage: 'SCALE_UP' },
    { kind: 'stage', stage: 'POST_SCALE_UP' },
    { kind: 'shift', stage: 'TEST_TRAFFIC_SHIFT', test: 100 },
    { kind: 'stage', stage: 'POST_TEST_TRAFFIC_SHIFT' },
    ...productionSteps(strategy, config),
    { kind: 'stage', stage: 'POST_PRODUCTION_TRAFFIC_SHIFT' },
    { kind: 'bake', stage: 'BAKE_TIME', ms: (config.bakeTimeInMinutes ?? 0) * MINUTE },
    { kind: 'cleanUp', stage: 'CLEAN_UP' },
  ];
}
