/**
 * Admin routes for ECS failure injection (the VS Code host tests and the demo run the fake in another
 * process): POST /__fake/ecs/imageBehavior, POST /__fake/ecs/runTaskFailures, POST /__fake/ecs/alarm,
 * POST /__fake/ecs/hookFailure and POST /__fake/ecs/endBake (a deployment's bake ends now). JSON in and out.
 */
import type { Failure } from '@aws-sdk/client-ecs';
import type { HttpReply } from '../services';
import type { ImageBehavior } from './behaviors';
import { endBakeNow } from './deployments/engine';
import type { FakeEcs } from './fakeEcs';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `{image, behavior}` sets one; `{clear: true}` (optionally with `image`) forgets them. */
function imageBehavior(ecs: FakeEcs, body: Record<string, unknown>): HttpReply {
  const image = body['image'];
  if (image !== undefined && typeof image !== 'string') return json(400, { error: 'image must be a string' });
  if (body['clear'] === true) {
    ecs.clearImageBehaviors(image);
    return json(200, { ok: true, behaviors: ecs.imageBehaviors.size });
  }
  if (image === undefined || !isObject(body['behavior'])) {
    return json(400, { error: 'expected {image, behavior: {kind, …}} or {clear: true}' });
  }
  ecs.setImageBehavior(image, body['behavior'] as unknown as ImageBehavior);
  return json(200, { ok: true, behaviors: ecs.imageBehaviors.size });
}

/** `{failures: [{reason, arn?, detail?}]}` queues one RunTask answer; `{clear: true}` empties the queue. */
function runTaskFailures(ecs: FakeEcs, body: Record<string, unknown>): HttpReply {
  if (body['clear'] === true) {
    ecs.clearRunTaskFailures();
    return json(200, { ok: true });
  }
  const failures = body['failures'];
  if (!Array.isArray(failures) || !failures.every((f) => isObject(f) && typeof f['reason'] === 'string')) {
    return json(400, { error: 'expected {failures: [{reason, arn?}, …]} or {clear: true}' });
  }
  ecs.queueRunTaskFailures(failures as Failure[]);
  return json(200, { ok: true });
}

const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/** `{name, state}`: a CloudWatch alarm changes state now (ALARM fails the deployments watching it). */
function alarm(ecs: FakeEcs, body: Record<string, unknown>): HttpReply {
  const name = body['name'];
  const state = ALARM_STATES.find((s) => s === body['state']);
  if (typeof name !== 'string' || !state) {
    return json(400, { error: 'expected {name, state: "ALARM" | "OK" | "INSUFFICIENT_DATA"}' });
  }
  ecs.setAlarmState(name, state);
  return json(200, { ok: true });
}

/** `{hookTargetArn, fails?}`: Lambda lifecycle hooks of that target ('*': all) fail (or, fails=false, succeed). */
function hookFailure(ecs: FakeEcs, body: Record<string, unknown>): HttpReply {
  const target = body['hookTargetArn'];
  if (typeof target !== 'string') return json(400, { error: 'expected {hookTargetArn, fails?: boolean}' });
  ecs.setHookFailure(target, body['fails'] !== false);
  return json(200, { ok: true });
}

/** `{cluster, service}`: the service's deployment in progress ends its bake now (engine.ts endBakeNow). */
function endBake(ecs: FakeEcs, body: Record<string, unknown>): HttpReply {
  const cluster = body['cluster'];
  const name = body['service'];
  if (typeof cluster !== 'string' || typeof name !== 'string') {
    return json(400, { error: 'expected {cluster, service}' });
  }
  const service = ecs.services.get(cluster)?.get(name);
  if (!service) return json(400, { error: `no service ${name} in cluster ${cluster}` });
  ecs.tick();
  if (!endBakeNow(service, ecs.now())) {
    return json(409, { error: `no service deployment of ${name} is in a bake (BAKE_TIME or a step bake)` });
  }
  ecs.tick();
  return json(200, { ok: true });
}

/** Answers the ECS failure-injection routes; undefined for any other route. */
export function handleEcsAdmin(
  ecs: FakeEcs,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const key = `${method} ${url.pathname.replace(/\/+$/, '')}`;
  if (key === 'POST /__fake/ecs/imageBehavior') return imageBehavior(ecs, body);
  if (key === 'POST /__fake/ecs/runTaskFailures') return runTaskFailures(ecs, body);
  if (key === 'POST /__fake/ecs/alarm') return alarm(ecs, body);
  if (key === 'POST /__fake/ecs/hookFailure') return hookFailure(ecs, body);
  if (key === 'POST /__fake/ecs/endBake') return endBake(ecs, body);
  return undefined;
}
