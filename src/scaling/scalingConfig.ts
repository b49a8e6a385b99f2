/**
 * "Configure Auto Scaling", below the editor: validates what the user typed (each box on its own,
 * then the whole), turns it into a plan of Application Auto Scaling calls, applies the plan through
 * the gateway, and describes a configuration in words. Every refusal happens here, before any call.
 */
import type {
  ScalableTarget,
  ScalingActivity,
  ScalingPolicy,
  TargetTrackingScalingPolicyConfiguration,
} from '@aws-sdk/client-application-auto-scaling';
import type { ScalingGateway, ScalingPolicyInput } from '../aws/scalingGateway';

/** ECS's default quota of tasks per service (also the scalable target's maximum here). */
export const MAX_TASKS = 5000;
export const DEFAULT_SCALE_IN_COOLDOWN = 300;
export const DEFAULT_SCALE_OUT_COOLDOWN = 60;
/** One year, the longest cooldown the API accepts. */
export const MAX_COOLDOWN = 31_536_000;

/** The policies this extension manages (other policies on the target are left alone). */
export const POLICY_NAMES = {
  cpu: 'ecs-fargate-cpu',
  memory: 'ecs-fargate-memory',
  requests: 'ecs-fargate-requests',
} as const;

const METRIC = {
  cpu: 'ECSServiceAverageCPUUtilization',
  memory: 'ECSServiceAverageMemoryUtilization',
  requests: 'ALBRequestCountPerTarget',
} as const;

/** The largest request-count target accepted (a sanity bound, far above any real ALB's rate). */
export const MAX_REQUESTS_PER_TARGET = 1_000_000;

/** The text of each input box, as typed. */
export interface ScalingInput {
  readonly min: string;
  readonly max: string;
  /** Blank: no CPU policy. */
  readonly cpuTarget: string;
  /** Blank: no memory policy. */
  readonly memoryTarget: string;
  /** ALB requests per target; blank or absent: no request-count policy. */
  readonly requestTarget?: string;
  /** Blank: the default (300 s). */
  readonly scaleInCooldown: string;
  /** Blank: the default (60 s). */
  readonly scaleOutCooldown: string;
}

export interface ScalingPlan {
  readonly min: number;
  readonly max: number;
  /** Put in this order after the target is registered. */
  readonly policies: readonly ScalingPolicyInput[];
  /** Our policies that exist but were left blank this time: deleted after the puts. */
  readonly deletePolicies: readonly string[];
}

export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

const WHOLE = /^\d+$/;

/** Input box check for the minimum number of tasks. */
export function validateMin(text: string): string | undefined {
  const value = text.trim();
  if (!WHOLE.test(value)) return 'Enter the minimum number of tasks: a whole number, 0 or more.';
  if (Number(value) > MAX_TASKS) return `The minimum cannot exceed ${MAX_TASKS} tasks.`;
  return undefined;
}

/** Input box check for the maximum number of tasks, given the minimum already chosen. */
export function validateMax(text: string, min: number): string | undefined {
  const value = text.trim();
  if (!WHOLE.test(value)) return 'Enter the maximum number of tasks: a whole number.';
  const max = Number(value);
  if (max > MAX_TASKS) return `ECS allows at most ${MAX_TASKS} tasks per service.`;
  if (max < min) return `The maximum must be at least the minimum (${min}).`;
  if (max === 0) return 'The maximum must be at least 1 task.';
  return undefined;
}

/** Input box check for a target utilization in percent; blank means "no policy". */
export function validateTargetPercent(text: string): string | undefined {
  const value = text.trim().replace(/%$/, '').trim();
  if (value === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(value))
    return 'Enter a target utilization from 1 to 100 (percent), or leave it blank.';
  const n = Number(value);
  if (n < 1 || n > 100) return 'The target utilization must be from 1 to 100 percent.';
  return undefined;
}

/** Input box check for the ALB requests per target; blank means "no request-count policy". */
export function validateRequestCount(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(value))
    return 'Enter a number of requests per target (greater than 0), or leave it blank.';
  const n = Number(value);
  if (n <= 0) return 'The request count per target must be greater than 0.';
  if (n > MAX_REQUESTS_PER_TARGET)
    return `The request count per target can be at most ${MAX_REQUESTS_PER_TARGET.toLocaleString('en-US')}.`;
  return undefined;
}

/** Input box check for a cooldown in seconds; blank means the default. */
export function validateCooldown(text: string): string | undefined {
  const value = text.trim().replace(/s$/, '').trim();
  if (value === '') return undefined;
  if (!WHOLE.test(value)) return 'Enter a cooldown in whole seconds, 0 or more.';
  if (Number(value) > MAX_COOLDOWN) return `A cooldown can be at most ${MAX_COOLDOWN} seconds (one year).`;
  return undefined;
}

function percent(text: string): number | undefined {
  const value = text.trim().replace(/%$/, '').trim();
  return value === '' ? undefined : Number(value);
}

function seconds(text: string, fallback: number): number {
  const value = text.trim().replace(/s$/, '').trim();
  return value === '' ? fallback : Number(value);
}

/**
 * The whole input → the calls to make. Refuses (with every reason) a range that is not
 * 0 ≤ min ≤ max ≤ 5000 with max ≥ 1, a target outside 1–100 %, a negative cooldown, or no policy
 * at all (a target without a policy never scales). `existingPolicies`: names on the target now.
 * `requestLabel`: the ResourceLabel of the chosen target group (requestCount.resourceLabel), needed
 * when a request count is given.
 */
export function planScaling(
  input: ScalingInput,
  existingPolicies: readonly string[] = [],
  requestLabel?: string,
): Parsed<ScalingPlan> {
  const errors: string[] = [];
  const minError = validateMin(input.min);
  if (minError) errors.push(minError);
  const min = minError ? 0 : Number(input.min.trim());
  const maxError = validateMax(input.max, min);
  if (maxError) errors.push(maxError);
  for (const [label, text] of [
    ['CPU', input.cpuTarget],
    ['Memory', input.memoryTarget],
  ] as const) {
    const error = validateTargetPercent(text);
    if (error) errors.push(`${label}: ${error}`);
  }
  const requestText = input.requestTarget ?? '';
  const requestError = validateRequestCount(requestText);
  if (requestError) errors.push(`Requests per target: ${requestError}`);
  else if (requestText.trim() !== '' && !requestLabel) {
    errors.push(
      'Requests per target: the service has no target group behind an Application Load Balancer; leave it blank.',
    );
  }
  for (const [label, text] of [
    ['Scale-in cooldown', input.scaleInCooldown],
    ['Scale-out cooldown', input.scaleOutCooldown],
  ] as const) {
    const error = validateCooldown(text);
    if (error) errors.push(`${label}: ${error}`);
  }
  if (errors.length > 0) return { ok: false, errors };

  const cpu = percent(input.cpuTarget);
  const memory = percent(input.memoryTarget);
  const requests = requestText.trim() === '' ? undefined : Number(requestText.trim());
  if (cpu === undefined && memory === undefined && requests === undefined) {
    return {
      ok: false,
      errors: [
        requestLabel
          ? 'Give a CPU, memory or request-count target: without a policy the service would never scale.'
          : 'Give a CPU or a memory target: without a policy the service would never scale.',
      ],
    };
  }
  const cooldowns = {
    ScaleInCooldown: seconds(input.scaleInCooldown, DEFAULT_SCALE_IN_COOLDOWN),
    ScaleOutCooldown: seconds(input.scaleOutCooldown, DEFAULT_SCALE_OUT_COOLDOWN),
  };
  const policies: ScalingPolicyInput[] = [];
  const policy = (kind: 'cpu' | 'memory', target: number): ScalingPolicyInput => ({
    policyName: POLICY_NAMES[kind],
    targetTracking: {
      TargetValue: target,
      PredefinedMetricSpecification: { PredefinedMetricType: METRIC[kind] },
      ...cooldowns,
    },
  });
  if (cpu !== undefined) policies.push(policy('cpu', cpu));
  if (memory !== undefined) policies.push(policy('memory', memory));
  if (requests !== undefined && requestLabel) {
    policies.push({
      policyName: POLICY_NAMES.requests,
      targetTracking: {
        TargetValue: requests,
        PredefinedMetricSpecification: {
          PredefinedMetricType: METRIC.requests,
          ResourceLabel: requestLabel,
        },
        ...cooldowns,
      },
    });
  }
  const kept = new Set(policies.map((p) => p.policyName));
  const ours: readonly string[] = Object.values(POLICY_NAMES);
  const deletePolicies = existingPolicies.filter((name) => ours.includes(name) && !kept.has(name));
  return { ok: true, value: { min, max: Number(input.max.trim()), policies, deletePolicies } };
}

/** Registers the range, then puts the policies, then deletes our policies the user left blank. */
export async function applyScaling(
  gateway: ScalingGateway,
  cluster: string,
  service: string,
  plan: ScalingPlan,
): Promise<void> {
  await gateway.registerTarget(cluster, service, plan.min, plan.max);
  for (const policy of plan.policies) await gateway.putPolicy(cluster, service, policy);
  for (const name of plan.deletePolicies) await gateway.deletePolicy(cluster, service, name);
}

/** The input boxes' starting values: the current configuration, or sensible defaults. */
export function initialInput(
  target: ScalableTarget | undefined,
  policies: readonly ScalingPolicy[],
  desiredCount: number,
): ScalingInput {
  const find = (metric: string) =>
    policies.find(
      (p) =>
        p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType ===
        metric,
    )?.TargetTrackingScalingPolicyConfiguration;
  const cpu = find(METRIC.cpu);
  const memory = find(METRIC.memory);
  const requests = find(METRIC.requests);
  const any = cpu ?? memory ?? requests;
  return {
    min: String(target?.MinCapacity ?? Math.max(1, desiredCount)),
    max: String(target?.MaxCapacity ?? Math.max(1, desiredCount) * 4),
    cpuTarget: cpu?.TargetValue !== undefined ? String(cpu.TargetValue) : target ? '' : '70',
    memoryTarget: memory?.TargetValue !== undefined ? String(memory.TargetValue) : '',
    requestTarget: requests?.TargetValue !== undefined ? String(requests.TargetValue) : '',
    scaleInCooldown: String(any?.ScaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN),
    scaleOutCooldown: String(any?.ScaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN),
  };
}

/** The ResourceLabel of our request-count policy, if the service has one (to preselect its target group). */
export function currentRequestLabel(policies: readonly ScalingPolicy[]): string | undefined {
  return policies.find((p) => p.PolicyName === POLICY_NAMES.requests)
    ?.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.ResourceLabel;
}

/** A target-tracking configuration in a few words: "CPU 70%", "requests 1000/target". */
export function describeTargetTracking(config: TargetTrackingScalingPolicyConfiguration | undefined): string {
  if (!config) return 'step scaling';
  const type = config.PredefinedMetricSpecification?.PredefinedMetricType;
  const value = config.TargetValue ?? 0;
  switch (type) {
    case METRIC.cpu:
      return `CPU ${value}%`;
    case METRIC.memory:
      return `memory ${value}%`;
    case METRIC.requests: {
      const group = config.PredefinedMetricSpecification?.ResourceLabel?.split('/')[4];
      return `requests ${value}/target${group ? ` (${group})` : ''}`;
    }
    default:
      return `${type ?? 'custom metric'} ${value}`;
  }
}

/** One policy in a few words, for the tooltip: "CPU 70%". */
export function describePolicy(policy: ScalingPolicy): string {
  return policy.PolicyType === 'TargetTrackingScaling'
    ? describeTargetTracking(policy.TargetTrackingScalingPolicyConfiguration)
    : `${policy.PolicyType ?? 'policy'} ${policy.PolicyName ?? ''}`.trim();
}

/** The current configuration in words, one line each, for "Configure Auto Scaling" and its summary. */
export function describeConfiguration(
  target: ScalableTarget | undefined,
  policies: readonly ScalingPolicy[],
): string[] {
  if (!target) return ['Auto scaling is off: the desired count stays where it is set.'];
  const lines = [`Tasks: ${target.MinCapacity ?? 0} to ${target.MaxCapacity ?? 0}.`];
  if (policies.length === 0) lines.push('No scaling policy: the service only stays within the range.');
  for (const policy of policies) {
    const c = policy.TargetTrackingScalingPolicyConfiguration;
    const cooldowns =
      c && (c.ScaleInCooldown !== undefined || c.ScaleOutCooldown !== undefined)
        ? ` (cooldowns: scale in ${c.ScaleInCooldown ?? 0} s, scale out ${c.ScaleOutCooldown ?? 0} s)`
        : '';
    lines.push(`Keep ${describePolicy(policy)}${cooldowns} — ${policy.PolicyName ?? ''}.`);
  }
  return lines;
}

/** The plan in words, for the confirmation modal. */
export function describePlan(plan: ScalingPlan, desiredCount?: number): string[] {
  const lines = [`Tasks: ${plan.min} to ${plan.max}.`];
  for (const policy of plan.policies) {
    const c = policy.targetTracking;
    lines.push(
      `Keep ${describeTargetTracking(c)} (cooldowns: scale in ${c.ScaleInCooldown ?? 0} s, scale out ${c.ScaleOutCooldown ?? 0} s).`,
    );
  }
  for (const name of plan.deletePolicies) lines.push(`Delete the policy ${name}.`);
  if (desiredCount !== undefined && desiredCount < plan.min) {
    lines.push(`The desired count (${desiredCount}) will rise to ${plan.min}.`);
  } else if (desiredCount !== undefined && desiredCount > plan.max) {
    lines.push(`The desired count (${desiredCount}) will fall to ${plan.max}.`);
  }
  return lines;
}

/** One activity as a line: "2026-11-27 16:04:05  Successful  Setting desired count to 4. — cause". */
export function formatActivity(activity: ScalingActivity): string {
  const when = activity.StartTime ? activity.StartTime.toISOString().replace('T', ' ').slice(0, 19) : '?';
  const status = (activity.StatusCode ?? '?').padEnd(11);
  const message = activity.StatusMessage ? `\n      ${activity.StatusMessage}` : '';
  return `${when}  ${status} ${activity.Description ?? ''}\n      Cause: ${activity.Cause ?? 'unknown'}${message}`;
}

/**
 * For "Scale Service" on an auto scaled service: why a manual desired count will not stick, or
 * undefined when the service is not auto scaled.
 */
export function manualScaleWarning(
  service: string,
  target: ScalableTarget | undefined,
  desiredCount: number,
): string | undefined {
  if (!target) return undefined;
  const min = target.MinCapacity ?? 0;
  const max = target.MaxCapacity ?? 0;
  const range = `${min}–${max} tasks`;
  if (desiredCount < min || desiredCount > max) {
    return `${service} is auto scaled (${range}): Application Auto Scaling will move ${desiredCount} back into that range. Change the range with Configure Auto Scaling instead.`;
  }
  return `${service} is auto scaled (${range}): its scaling policies may change ${desiredCount} again at any time.`;
}
