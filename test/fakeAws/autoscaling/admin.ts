/**
 * The fake Application Auto Scaling's admin routes under /__fake/autoscaling/ (for the host tests,
 * which run the fake in another process):
 *   GET  /__fake/autoscaling/services?cluster=X → [{service, min, max, policies: [{name, type, targetTracking}]}]
 *   POST /__fake/autoscaling/activity {cluster, service, description, cause, statusCode} → records one
 */
import type { HttpReply } from '../services';
import { ecsService, type ActivityRecord, type FakeAutoScaling } from './fakeAutoScaling';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
};

/** Answers a /__fake/autoscaling/ route, or undefined when the path is not one. */
export function handleAutoScalingAdmin(
  fake: FakeAutoScaling,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  if (!url.pathname.startsWith('/__fake/autoscaling/')) return undefined;
  try {
    const key = `${method} ${url.pathname}`;
    if (key === 'GET /__fake/autoscaling/services') {
      const cluster = text(url.searchParams.get('cluster') ?? undefined, 'cluster');
      const rows = [...fake.targets.values()].flatMap((t) => {
        const parts = ecsService(t.namespace, t.resourceId);
        if (!parts || parts.cluster !== cluster) return [];
        const policies = fake.policiesOf(t.namespace, t.resourceId, t.dimension).map((p) => ({
          name: p.name,
          type: p.type,
          targetTracking: p.targetTracking,
        }));
        return [{ service: parts.service, min: t.min, max: t.max, policies }];
      });
      return json(200, rows);
    }
    if (key === 'POST /__fake/autoscaling/activity') {
      const record = fake.addActivity({
        resourceId: `service/${text(body['cluster'], 'cluster')}/${text(body['service'], 'service')}`,
        description: text(body['description'], 'description'),
        cause: text(body['cause'], 'cause'),
        statusCode: text(body['statusCode'] ?? 'Successful', 'statusCode') as ActivityRecord['statusCode'],
      });
      return json(200, { activityId: record.activityId });
    }
    return json(404, { error: `no admin route ${key}` });
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
