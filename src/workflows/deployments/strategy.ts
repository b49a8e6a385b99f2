/**
 * How a service deploys, in words, and which strategy settings ECS accepts. The deployment
 * controller (ECS, CODE_DEPLOY, EXTERNAL) and, for ECS, the strategy of
 * `deploymentConfiguration` (ROLLING, BLUE_GREEN, LINEAR, CANARY) with its bake times, alarms and
 * circuit breaker. Ranges and defaults: docs/deployments.md §2. Pure and editor-free.
 */
import type {
  DeploymentConfiguration,
  DeploymentControllerType,
  DeploymentStrategy,
  LoadBalancer,
  Service,
} from '@aws-sdk/client-ecs';

/** docs/deployments.md §2 (API reference: LinearConfiguration, CanaryConfiguration, DeploymentConfiguration). */
export const STRATEGY_LIMITS = {
  bakeMinutes: { min: 0, max: 1440 },
  linearStepPercent: { min: 3, max: 100, default: 10 },
  linearStepBakeMinutes: { default: 6 },
  canaryPercent: { min: 0.1, max: 100, default: 5 },
  canaryBakeMinutes: { default: 10 },
  /** ECS's default bake time of BLUE_GREEN, LINEAR and CANARY when none is set. */
  bakeDefault: 0,
} as const;

export function controllerOf(service: Pick<Service, 'deploymentController'>): DeploymentControllerType {
  return service.deploymentController?.type ?? 'ECS';
}

export function strategyOf(service: Pick<Service, 'deploymentConfiguration'>): DeploymentStrategy {
  return service.deploymentConfiguration?.strategy ?? 'ROLLING';
}

function minutes(n: number | undefined): string {
  return `${n ?? 0} min`;
}

function percent(n: number | undefined): string {
  return `${n ?? 0} %`;
}

/**
 * The short form for a node's description: "rolling", "blue/green, bake 15 min",
 * "linear 20 % every 5 min", "canary 10 % then bake 15 min", "CodeDeploy", "external".
 */
export function strategyLabel(
  service: Pick<Service, 'deploymentController' | 'deploymentConfiguration'>,
): string {
  const controller = controllerOf(service);
  if (controller === 'CODE_DEPLOY') return 'CodeDeploy';
  if (controller === 'EXTERNAL') return 'external';
  const config = service.deploymentConfiguration ?? {};
  switch (strategyOf(service)) {
    case 'BLUE_GREEN':
      return `blue/green, bake ${minutes(config.bakeTimeInMinutes)}`;
    case 'LINEAR': {
      const linear = config.linearConfiguration ?? {};
      const step = linear.stepPercent ?? STRATEGY_LIMITS.linearStepPercent.default;
      const every = linear.stepBakeTimeInMinutes ?? STRATEGY_LIMITS.linearStepBakeMinutes.default;
      return `linear ${percent(step)} every ${minutes(every)}`;
    }
    case 'CANARY': {
      const canary = config.canaryConfiguration ?? {};
      const share = canary.canaryPercent ?? STRATEGY_LIMITS.canaryPercent.default;
      const bake = canary.canaryBakeTimeInMinutes ?? STRATEGY_LIMITS.canaryBakeMinutes.default;
      return `canary ${percent(share)} then bake ${minutes(bake)}`;
    }
    default:
      return 'rolling';
  }
}

/** The tooltip lines: how it deploys, the bake, the hooks, the alarms and the circuit breaker. */
export function strategyFacts(
  service: Pick<Service, 'deploymentController' | 'deploymentConfiguration'>,
): ReadonlyArray<readonly [string, string]> {
  const controller = controllerOf(service);
  if (controller === 'CODE_DEPLOY') {
    return [
      [
        'Deploys',
        'through CodeDeploy (deployment controller CODE_DEPLOY): the deploy creates a CodeDeploy deployment',
      ],
    ];
  }
  if (controller === 'EXTERNAL') {
    return [
      ['Deploys', 'through an external controller (task sets managed by another tool): the deploy refuses'],
    ];
  }
  const config = service.deploymentConfiguration ?? {};
  const facts: Array<readonly [string, string]> = [];
  const strategy = strategyOf(service);
  facts.push(['Deploys', `${strategyLabel(service)} (ECS controller, ${strategy})`]);
  if (strategy === 'ROLLING') {
    facts.push([
      'Healthy / maximum',
      `${config.minimumHealthyPercent ?? 100} % – ${config.maximumPercent ?? 200} %`,
    ]);
  } else {
    facts.push(['Bake time', `${minutes(config.bakeTimeInMinutes)} after all traffic moved`]);
  }
  const hooks = config.lifecycleHooks ?? [];
  if (hooks.length > 0) {
    facts.push([
      'Lifecycle hooks',
      hooks
        .map(
          (h) =>
            `${h.targetType === 'PAUSE' ? 'pause' : 'Lambda'} at ${(h.lifecycleStages ?? []).join(', ')}`,
        )
        .join('; '),
    ]);
  }
  const alarms = config.alarms;
  facts.push([
    'Alarms',
    alarms?.enable && (alarms.alarmNames?.length ?? 0) > 0
      ? `${(alarms.alarmNames ?? []).join(', ')}${alarms.rollback ? ' (roll back when one fires)' : ' (no rollback)'}`
      : 'none',
  ]);
  const breaker = config.deploymentCircuitBreaker;
  facts.push([
    'Circuit breaker',
    breaker?.enable ? (breaker.rollback ? 'on, rolls back' : 'on, no rollback') : 'off',
  ]);
  return facts;
}

/** The expected bake time of a deploy, in minutes: what the confirmation tells the user. */
export function expectedBakeMinutes(config: DeploymentConfiguration | undefined): number {
  const c = config ?? {};
  const bake = c.bakeTimeInMinutes ?? STRATEGY_LIMITS.bakeDefault;
  switch (c.strategy) {
    case 'LINEAR': {
      const step = c.linearConfiguration?.stepPercent ?? STRATEGY_LIMITS.linearStepPercent.default;
      const every =
        c.linearConfiguration?.stepBakeTimeInMinutes ?? STRATEGY_LIMITS.linearStepBakeMinutes.default;
      // The step bake is not applied after reaching 100 % (docs/deployments.md §2).
      return Math.max(0, Math.ceil(100 / step) - 1) * every + bake;
    }
    case 'CANARY':
      return (
        (c.canaryConfiguration?.canaryBakeTimeInMinutes ?? STRATEGY_LIMITS.canaryBakeMinutes.default) + bake
      );
    case 'BLUE_GREEN':
      return bake;
    default:
      return 0;
  }
}

/** One sentence for the deploy's confirmation: which strategy will run and how long it bakes. */
export function describePlannedStrategy(
  service: Pick<Service, 'deploymentController' | 'deploymentConfiguration'>,
): string {
  const controller = controllerOf(service);
  if (controller === 'CODE_DEPLOY') return 'Strategy: CodeDeploy (a CodeDeploy deployment with an AppSpec)';
  if (controller === 'EXTERNAL') return 'Strategy: external controller (the deploy refuses)';
  const strategy = strategyOf(service);
  if (strategy === 'ROLLING') return 'Strategy: rolling update';
  const total = expectedBakeMinutes(service.deploymentConfiguration);
  return `Strategy: ${strategyLabel(service)}; bakes about ${total} min before it is done`;
}

/** What the user asks for in "Set Deployment Strategy…" or writes in the deploy file. */
export interface StrategyChoice {
  readonly strategy: DeploymentStrategy;
  readonly minimumHealthyPercent?: number;
  readonly maximumPercent?: number;
  readonly bakeTimeInMinutes?: number;
  readonly stepPercent?: number;
  readonly stepBakeTimeInMinutes?: number;
  readonly canaryPercent?: number;
  readonly canaryBakeTimeInMinutes?: number;
  /** CloudWatch alarms that roll the deployment back; empty: none. */
  readonly alarms?: readonly string[];
}

export interface StrategyProblem {
  /** The setting, as the deploy file names it. */
  readonly field: keyof StrategyChoice | 'loadBalancers';
  readonly message: string;
}

const isMultipleOfTenth = (n: number) => Math.abs(Math.round(n * 10) - n * 10) < 1e-9;

/**
 * What ECS would refuse, said with what to write instead. `service` (when known) lets BLUE_GREEN,
 * LINEAR and CANARY check the alternate target group and listener rule they need on a load balancer.
 */
export function validateStrategy(
  choice: StrategyChoice,
  service?: Pick<Service, 'loadBalancers' | 'deploymentController'>,
): StrategyProblem[] {
  const problems: StrategyProblem[] = [];
  const range = (
    field: StrategyProblem['field'],
    value: number | undefined,
    min: number,
    max: number,
    unit: string,
    tenths = false,
  ) => {
    if (value === undefined) return;
    if (!Number.isFinite(value) || value < min || value > max || (!tenths && !Number.isInteger(value))) {
      problems.push({
        field,
        message: `${field} must be ${tenths ? 'a number' : 'a whole number'} from ${min} to ${max} ${unit}; write e.g. ${field === 'stepPercent' ? 20 : field === 'canaryPercent' ? 10 : min === 0 ? 15 : min}: it is ${value}`,
      });
    } else if (tenths && !isMultipleOfTenth(value)) {
      problems.push({ field, message: `${field} must be a multiple of 0.1 (e.g. 12.5): it is ${value}` });
    }
  };
  const bake = STRATEGY_LIMITS.bakeMinutes;
  range('bakeTimeInMinutes', choice.bakeTimeInMinutes, bake.min, bake.max, 'minutes');
  switch (choice.strategy) {
    case 'ROLLING': {
      range('minimumHealthyPercent', choice.minimumHealthyPercent, 0, 100, 'percent');
      range('maximumPercent', choice.maximumPercent, 100, 200, 'percent');
      const min = choice.minimumHealthyPercent ?? 100;
      const max = choice.maximumPercent ?? 200;
      if (min === max && min === 100) {
        problems.push({
          field: 'maximumPercent',
          message:
            'with minimumHealthyPercent 100 the maximumPercent must be above 100, or no task can be replaced; write e.g. 200',
        });
      }
      break;
    }
    case 'LINEAR':
      range('stepPercent', choice.stepPercent, STRATEGY_LIMITS.linearStepPercent.min, 100, 'percent', true);
      range('stepBakeTimeInMinutes', choice.stepBakeTimeInMinutes, bake.min, bake.max, 'minutes');
      break;
    case 'CANARY':
      range('canaryPercent', choice.canaryPercent, STRATEGY_LIMITS.canaryPercent.min, 100, 'percent', true);
      range('canaryBakeTimeInMinutes', choice.canaryBakeTimeInMinutes, bake.min, bake.max, 'minutes');
      break;
    default:
      break;
  }
  if (service && controllerOf(service) !== 'ECS') {
    problems.push({
      field: 'loadBalancers',
      message: `the service's deployment controller is ${controllerOf(service)}: a strategy applies only to the ECS controller (the controller cannot be changed by UpdateService)`,
    });
  }
  if (service && choice.strategy !== 'ROLLING') {
    const missing = trafficShiftProblem(service.loadBalancers ?? []);
    if (missing) problems.push({ field: 'loadBalancers', message: missing });
  }
  return problems;
}

/**
 * BLUE_GREEN, LINEAR and CANARY move traffic between two target groups: each load balancer of the
 * service needs an alternate target group and a production listener rule (advancedConfiguration).
 * Undefined when they are there (or when the service has no load balancer: ECS then shifts by tasks).
 */
export function trafficShiftProblem(loadBalancers: readonly LoadBalancer[]): string | undefined {
  const lacking = loadBalancers.filter(
    (lb) =>
      lb.targetGroupArn &&
      (!lb.advancedConfiguration?.alternateTargetGroupArn ||
        !lb.advancedConfiguration.productionListenerRule),
  );
  if (lacking.length === 0) return undefined;
  const names = lacking.map((lb) => lb.targetGroupArn?.split('/')[1] ?? lb.targetGroupArn).join(', ');
  return (
    `the load balancer of target group ${names} has no alternate target group and production listener rule; ` +
    'create a second target group and a listener rule for it, then pick them (advancedConfiguration), or keep ROLLING'
  );
}

/** The DeploymentConfiguration UpdateService gets for a choice, on top of what the service has. */
export function deploymentConfigurationFor(
  choice: StrategyChoice,
  current: DeploymentConfiguration | undefined,
): DeploymentConfiguration {
  const base: DeploymentConfiguration = {
    ...(current?.deploymentCircuitBreaker
      ? { deploymentCircuitBreaker: current.deploymentCircuitBreaker }
      : {}),
    ...(current?.lifecycleHooks ? { lifecycleHooks: current.lifecycleHooks } : {}),
    strategy: choice.strategy,
    alarms:
      choice.alarms && choice.alarms.length > 0
        ? { alarmNames: [...choice.alarms], enable: true, rollback: true }
        : { alarmNames: [], enable: false, rollback: false },
  };
  switch (choice.strategy) {
    case 'ROLLING':
      return {
        ...base,
        minimumHealthyPercent: choice.minimumHealthyPercent ?? current?.minimumHealthyPercent ?? 100,
        maximumPercent: choice.maximumPercent ?? current?.maximumPercent ?? 200,
      };
    case 'BLUE_GREEN':
      return { ...base, bakeTimeInMinutes: choice.bakeTimeInMinutes ?? 0 };
    case 'LINEAR':
      return {
        ...base,
        bakeTimeInMinutes: choice.bakeTimeInMinutes ?? 0,
        linearConfiguration: {
          stepPercent: choice.stepPercent ?? STRATEGY_LIMITS.linearStepPercent.default,
          stepBakeTimeInMinutes:
            choice.stepBakeTimeInMinutes ?? STRATEGY_LIMITS.linearStepBakeMinutes.default,
        },
      };
    case 'CANARY':
      return {
        ...base,
        bakeTimeInMinutes: choice.bakeTimeInMinutes ?? 0,
        canaryConfiguration: {
          canaryPercent: choice.canaryPercent ?? STRATEGY_LIMITS.canaryPercent.default,
          canaryBakeTimeInMinutes:
            choice.canaryBakeTimeInMinutes ?? STRATEGY_LIMITS.canaryBakeMinutes.default,
        },
      };
    default:
      return base;
  }
}

/** The choice a service's current configuration amounts to (the form's starting values). */
export function currentChoice(config: DeploymentConfiguration | undefined): StrategyChoice {
  const c = config ?? {};
  return {
    strategy: c.strategy ?? 'ROLLING',
    ...(c.minimumHealthyPercent !== undefined ? { minimumHealthyPercent: c.minimumHealthyPercent } : {}),
    ...(c.maximumPercent !== undefined ? { maximumPercent: c.maximumPercent } : {}),
    ...(c.bakeTimeInMinutes !== undefined ? { bakeTimeInMinutes: c.bakeTimeInMinutes } : {}),
    ...(c.linearConfiguration?.stepPercent !== undefined
      ? { stepPercent: c.linearConfiguration.stepPercent }
      : {}),
    ...(c.linearConfiguration?.stepBakeTimeInMinutes !== undefined
      ? { stepBakeTimeInMinutes: c.linearConfiguration.stepBakeTimeInMinutes }
      : {}),
    ...(c.canaryConfiguration?.canaryPercent !== undefined
      ? { canaryPercent: c.canaryConfiguration.canaryPercent }
      : {}),
    ...(c.canaryConfiguration?.canaryBakeTimeInMinutes !== undefined
      ? { canaryBakeTimeInMinutes: c.canaryConfiguration.canaryBakeTimeInMinutes }
      : {}),
    ...(c.alarms?.enable ? { alarms: c.alarms.alarmNames ?? [] } : {}),
  };
}
