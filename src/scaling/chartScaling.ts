/**
 * The auto scaling facts the metrics chart draws: the min/max range and the target-tracking
 * targets on CPU and memory. Editor-free; undefined when the service is not auto scaled.
 */
import type { ScalingGateway } from '../aws/scalingGateway';
import type { ChartScaling } from '../metrics/chartModel';

const METRIC_OF: Record<string, 'CPU' | 'memory'> = {
  ECSServiceAverageCPUUtilization: 'CPU',
  ECSServiceAverageMemoryUtilization: 'memory',
};

export async function chartScaling(
  gateway: ScalingGateway,
  cluster: string,
  service: string,
  signal?: AbortSignal,
): Promise<ChartScaling | undefined> {
  const target = await gateway.describeTarget(cluster, service, signal);
  if (!target) return undefined;
  const policies = await gateway.describePolicies(cluster, service, signal);
  const targets = policies.flatMap((p) => {
    const config = p.TargetTrackingScalingPolicyConfiguration;
    const metric = METRIC_OF[config?.PredefinedMetricSpecification?.PredefinedMetricType ?? ''];
    return metric && config?.TargetValue !== undefined ? [{ metric, value: config.TargetValue }] : [];
  });
  return { min: target.MinCapacity ?? 0, max: target.MaxCapacity ?? 0, targets };
}
