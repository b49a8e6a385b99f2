/**
 * `npm run bench:deploy`: the deploy pipeline against the fake AWS endpoint (its own process),
 * 50 ms per call, with an instant build/push. Prints (figures, not asserts):
 * 1. our overhead: a deploy's wall time minus the time spent in AWS calls (and in the rollout
 *    wait, none here: tasks start at once), cold (first deploy in the process) and warm (median);
 *    target < 300 ms. The time in AWS calls holds the SDK's own work too (serializing, signing,
 *    parsing): that is measured apart as this process's CPU time while a gateway call is open
 *    (process.cpuUsage(), user + system), and added back in "overhead with SDK CPU";
 * 2. a rollout that takes about 2 minutes (lifecycle steps of 20 s, real time): the polls, the
 *    API calls made while waiting and the delays between polls; target ≤ 1 DescribeServices per
 *    poll, delays from 3 s backing off ×1.5 to 15 s.
 * BENCH_WAIT_STEP_MS changes the lifecycle step of part 2 (0 skips it).
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  type ECSClient,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import { runDeploy } from '../../src/workflows/deploy/deploy';
import { systemClock, type DeployDeps } from '../../src/workflows/deploy/deployDeps';
import type { DeployReporter } from '../../src/workflows/deploy/deployTypes';
import {
  awsClients,
  deployDeps,
  instantBuildAndPush,
  makeWorkspace,
  target,
  TASK_DEFINITION,
} from '../integration/deploy/deployHarness';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const WAIT_STEP_MS = Number(process.env.BENCH_WAIT_STEP_MS ?? 20_000);
const WARM_RUNS = 5;

interface Interval {
  readonly name: string;
  readonly start: number;
  end: number;
}

/**
 * This process's CPU time while at least one gateway call is open: the SDK's work inside the calls
 * (and whatever else ran meanwhile; the deploy awaits its calls, so little else does).
 */
class CpuInCalls {
  private open = 0;
  private since: NodeJS.CpuUsage | undefined;
  totalMs = 0;

  enter(): void {
    if (this.open++ === 0) this.since = process.cpuUsage();
  }

  leave(): void {
    if (--this.open === 0 && this.since) {
      const used = process.cpuUsage(this.since);
      this.totalMs += (used.user + used.system) / 1000;
    }
  }
}

/** Every gateway method call, timed (a Proxy: the gateways are not changed). */
function timed<T extends object>(name: string, gateway: T, log: Interval[], cpu: CpuInCalls): T {
  return new Proxy(gateway, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const entry: Interval = { name: `${name}.${String(prop)}`, start: performance.now(), end: NaN };
        log.push(entry);
        cpu.enter();
        const done = () => {
          entry.end = performance.now();
          cpu.leave();
        };
        let out: unknown;
        try {
          out = (value as (...a: unknown[]) => unknown).apply(target, args);
        } catch (error) {
          done();
          throw error;
        }
        if (out instanceof Promise) return out.finally(done);
        done();
        return out;
      };
    },
  });
}

/** Total time covered by the intervals (overlapping calls count once). */
function covered(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let start = 0;
  let end = 0;
  for (const i of sorted) {
    if (i.start > end) {
      total += end - start;
      start = i.start;
      end = i.end;
    } else end = Math.max(end, i.end);
  }
  return total + (end - start);
}

const quiet: DeployReporter = {
  stepStarted: () => undefined,
  stepFinished: () => undefined,
  line: () => undefined,
};

async function main(): Promise<void> {
  const fake = await FakeAwsProcess.start(['--latency', String(LATENCY_MS), '--lifecycle-ms', '0']);
  const clients = awsClients(fake.url, 'us-east-1');
  const ecsClient: ECSClient = clients.ecs;
  try {
    const subnets =
      (await clients.ec2.send(new DescribeSubnetsCommand({}))).Subnets?.map((s) => s.SubnetId ?? '') ?? [];
    await ecsClient.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await clients.iam.send(
      new CreateRoleCommand({
        RoleName: 'ecsTaskExecutionRole',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        }),
      }),
    );
    await clients.logs.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
    await ecsClient.send(
      new RegisterTaskDefinitionCommand(
        structuredClone(TASK_DEFINITION) as RegisterTaskDefinitionCommandInput,
      ),
    );
    await ecsClient.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: subnets.slice(0, 2) } },
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    const workspace = makeWorkspace();
    const log: Interval[] = [];
    const cpu = new CpuInCalls();
    const sleeps: number[] = [];
    const base = deployDeps(
      clients,
      'us-east-1',
      instantBuildAndPush('123456789012.dkr.ecr.us-east-1.amazonaws.com'),
    );
    const deps: DeployDeps = {
      ...base,
      ecs: timed('ecs', base.ecs, log, cpu),
      taskDefinitions: timed('taskDefinitions', base.taskDefinitions, log, cpu),
      iam: timed('iam', base.iam, log, cpu),
      logs: timed('logs', base.logs, log, cpu),
      ec2: timed('ec2', base.ec2, log, cpu),
      scaling: timed('scaling', base.scaling, log, cpu),
      clock: {
        now: () => Date.now(),
        sleep: (ms, signal) => {
          sleeps.push(ms);
          const entry: Interval = { name: 'sleep', start: performance.now(), end: NaN };
          log.push(entry);
          return systemClock.sleep(ms, signal).finally(() => (entry.end = performance.now()));
        },
      },
    };
    const request = { target: target(), workspaceRoot: workspace.root };

    const overheads: number[] = [];
    const sdkCpu: number[] = [];
    for (let run = 0; run <= WARM_RUNS; run++) {
      log.length = 0;
      cpu.totalMs = 0;
      const started = performance.now();
      const result = await runDeploy(request, deps, quiet, new AbortController().signal);
      const wall = performance.now() - started;
      if (result.outcome !== 'succeeded') throw new Error(`deploy ${run}: ${result.message}`);
      const open = log.filter((i) => Number.isNaN(i.end));
      if (open.length > 0) console.log(`still open: ${open.map((i) => i.name).join(', ')}`);
      const inAws = covered(log);
      overheads.push(wall - inAws);
      sdkCpu.push(cpu.totalMs);
      const calls = log.filter((i) => i.name !== 'sleep').length;
      console.log(
        `deploy ${run === 0 ? 'cold' : `warm ${run}`}: ${wall.toFixed(0)} ms wall, ${inAws.toFixed(0)} ms in ${calls} gateway calls / sleeps, overhead ${(wall - inAws).toFixed(1)} ms, SDK CPU in the calls ${cpu.totalMs.toFixed(1)} ms`,
      );
    }
    const warmMedian = (values: number[]) =>
      values.slice(1).sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;
    const withCpu = overheads.map((o, i) => o + (sdkCpu[i] ?? 0));
    console.log(
      `OVERHEAD cold ${overheads[0]?.toFixed(1)} ms, warm median ${warmMedian(overheads).toFixed(1)} ms ` +
        `(wall minus time in gateway calls; target < 300 ms)`,
    );
    console.log(
      `OVERHEAD WITH SDK CPU cold ${withCpu[0]?.toFixed(1)} ms, warm median ${warmMedian(withCpu).toFixed(1)} ms ` +
        `(plus this process's CPU while a gateway call was open: SDK serializing, signing, parsing)`,
    );

    if (WAIT_STEP_MS > 0) {
      await fake.admin('POST', 'ecs/lifecycle', { lifecycleStepMs: WAIT_STEP_MS });
      log.length = 0;
      sleeps.length = 0;
      let waitStarted = 0;
      const reporter: DeployReporter = {
        ...quiet,
        stepStarted: (step) => {
          if (step === 'wait') waitStarted = performance.now();
        },
      };
      const stats0 = await fake.stats();
      const result = await runDeploy(request, deps, reporter, new AbortController().signal);
      const stats1 = await fake.stats();
      const waitCalls = log.filter((i) => i.name !== 'sleep' && i.start >= waitStarted);
      const describes = waitCalls.filter((i) => i.name === 'ecs.describeServices').length;
      const polls = sleeps.length;
      const diff = (op: string) => (stats1.byOperation[op] ?? 0) - (stats0.byOperation[op] ?? 0);
      console.log(
        `rollout: ${result.outcome} after ${((performance.now() - waitStarted) / 1000).toFixed(1)} s of waiting — ${result.message}`,
      );
      console.log(`poll delays (s): ${sleeps.map((ms) => (ms / 1000).toFixed(2)).join(', ')}`);
      console.log(
        `WAIT ${polls} polls, ${describes} DescribeServices (${(describes / Math.max(1, polls)).toFixed(2)} per poll, target ≤ 1), ` +
          `other calls while waiting: ${waitCalls.length - describes}; whole deploy on the fake: ` +
          Object.keys(stats1.byOperation)
            .filter((op) => diff(op) > 0)
            .map((op) => `${op} ${diff(op)}`)
            .join(', '),
      );
    }
  } finally {
    clients.destroy();
    await fake.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
