/**
 * The admin API under /__fake/ (never reached by SDK requests, which POST to /): stats, reset,
 * faults, fleets and a view of the internal ECS records. JSON in and out. For the VS Code host
 * tests and the demo mode, which run the fake in another process.
 */
import type { Fault, FaultRate } from './faults';
import { buildDemoFleet, buildFleet, type FleetOptions } from './fleet';
import { handleAutoScalingAdmin } from './autoscaling/admin';
import { handleEc2Admin } from './ec2/admin';
import { handleEcrAdmin } from './ecr/admin';
import { handleCloudWatchAdmin } from './cloudwatch/admin';
import { handleCodeDeployAdmin } from './codedeploy/admin';
import { handleEcsAdmin } from './ecs/admin';
import { handleLogsAdmin } from './logs/admin';
import type { FakeAws } from './server';
import type { HttpReply } from './services';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

function parse(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  const value: unknown = JSON.parse(body);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new Error('expected a JSON object');
  return value as Record<string, unknown>;
}

interface FaultsBody {
  operation?: string;
  fault?: Fault;
  times?: number;
  latencyMs?: number;
  expireAccessKey?: string;
  denyOperation?: string;
  accessKeyId?: string;
  clear?: boolean;
  rate?: FaultRate;
}

function applyFaults(fake: FakeAws, body: FaultsBody): void {
  if (body.clear) fake.faults.clear();
  if (body.latencyMs !== undefined) {
    if (body.operation !== undefined && body.fault === undefined)
      fake.faults.setLatency(body.operation, body.latencyMs);
    else fake.faults.latencyMs = body.latencyMs;
  }
  if (body.fault !== undefined) fake.faults.inject(body.operation ?? '*', body.fault, body.times ?? 1);
  if (body.expireAccessKey !== undefined) fake.faults.expireAccessKey(body.expireAccessKey);
  if (body.denyOperation !== undefined) fake.faults.denyOperation(body.denyOperation, body.accessKeyId);
  if (body.rate !== undefined) fake.faults.setRate(body.rate);
}

function route(fake: FakeAws, method: string, url: URL, body: Record<string, unknown>): HttpReply {
  const path = url.pathname.replace(/\/+$/, '');
  const key = `${method} ${path}`;
  const cluster = url.searchParams.get('cluster') ?? 'default';
  switch (key) {
    case 'GET /__fake/health':
      return json(200, { ok: true, url: fake.url, region: fake.region, accountId: fake.accountId });
    case 'GET /__fake/stats':
      // ?events=1 adds the journal: each request received and answered, in order, with its time.
      return json(200, {
        ...fake.stats.snapshot(),
        faultsInjected: fake.faults.injected,
        ...(url.searchParams.get('events') ? { events: fake.stats.events() } : {}),
      });
    case 'POST /__fake/reset': {
      const only = body['only'];
      if (only === undefined || only === 'stats') fake.stats.reset();
      if (only === undefined || only === 'faults') fake.faults.clear();
      if (only === undefined || only === 'ecs') fake.ecs.reset();
      if (only === undefined || only === 'logs') fake.logs.reset();
      if (only === undefined || only === 'iam') fake.iam.reset();
      if (only === undefined || only === 'cloudwatch') fake.cloudwatch.reset();
      if (only === undefined || only === 'autoscaling') fake.autoScaling.reset();
      if (only === undefined || only === 'ec2') fake.ec2.reset();
      if (only === undefined || only === 'codedeploy') fake.codeDeploy.reset();
      if (only === undefined || only === 'cloudtrail') fake.cloudTrail.reset();
      return json(200, { ok: true });
    }
    case 'POST /__fake/faults':
      applyFaults(fake, body);
      return json(200, { ok: true });
    case 'POST /__fake/fleet': {
      const summary =
        body['demo'] === true
          ? buildDemoFleet(fake.ecs, fake.autoScaling, fake.elb, fake.codeDeploy, fake.cloudTrail)
          : buildFleet(fake.ecs, body as unknown as FleetOptions);
      return json(200, summary);
    }
    case 'POST /__fake/cloudtrail/settings': {
      // { "indexEcsResources": false }: ECS events get no resources (only EventName & co. find them).
      const index = body['indexEcsResources'];
      if (typeof index !== 'boolean') return json(400, { error: 'indexEcsResources must be true or false' });
      fake.cloudTrail.indexEcsResources = index;
      return json(200, { ok: true });
    }
    case 'POST /__fake/ecs/lifecycle': {
      const ms = body['lifecycleStepMs'];
      if (typeof ms !== 'number' || ms < 0)
        return json(400, { error: 'lifecycleStepMs must be a number ≥ 0' });
      fake.ecs.lifecycleStepMs = ms;
      return json(200, { ok: true });
    }
    case 'GET /__fake/ecs/services':
      return json(
        200,
        fake.ecs.listServices(cluster).map((s) => {
          const tasks = fake.ecs.serviceTasks(cluster, s.name).map((t) => fake.ecs.taskStatus(t));
          return {
            ...s,
            runningCount: tasks.filter((st) => st === 'RUNNING').length,
            pendingCount: tasks.filter((st) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(st)).length,
          };
        }),
      );
    case 'GET /__fake/ecs/tasks':
      return json(
        200,
        fake.ecs.listTasks(cluster).map((t) => ({ ...t, lastStatus: fake.ecs.taskStatus(t) })),
      );
    default:
      return (
        handleEcsAdmin(fake.ecs, method, url, body) ??
        handleCodeDeployAdmin(fake.codeDeploy, method, url, body) ??
        handleLogsAdmin(fake.logs, method, url, body) ??
        handleCloudWatchAdmin(fake.cloudwatch, method, url, body) ??
        handleAutoScalingAdmin(fake.autoScaling, method, url, body) ??
        handleEc2Admin(fake.ec2, method, url, body) ??
        handleEcrAdmin(fake.ecr, method, url, body) ??
        json(404, { error: `no admin route ${key}` })
      );
  }
}

export function handleAdmin(fake: FakeAws, method: string, url: URL, rawBody: string): HttpReply {
  try {
    return route(fake, method.toUpperCase(), url, parse(rawBody));
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
