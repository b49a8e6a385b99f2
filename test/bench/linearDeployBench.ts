/**
 * Part of `npm run bench:deploy`: a LINEAR deployment of 10 steps (10 % every 5 min, then a 10 min
 * bake) followed to the end by the deploy pipeline on the fake clock (in-process fake AWS, real SDK
 * clients). A second observer samples the deployment every fake second through its own client, so
 * each stage's true start is known to the second. Prints (figures, not asserts):
 * - calls per poll: DescribeServiceDeployments per poll (target 1) and any other call while following;
 * - lateness: for each stage line, the time between the stage's true start and the line, against
 *   the poll interval before it (target: never later than one poll interval);
 * - duplicate stage lines (target 0).
 */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  ECSClient,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  createServiceDeploymentsGateway,
  type ServiceDeploymentsGateway,
} from '../../src/aws/serviceDeploymentsGateway';
import { runDeploy } from '../../src/workflows/deploy/deploy';
import type { DeployClock } from '../../src/workflows/deploy/deployDeps';
import { stageLine } from '../../src/workflows/deployments/deploymentView';
import { ManualClock } from '../fakeAws/clock';
import { FakeAws } from '../fakeAws/server';
import { RecordingReporter } from '../unit/workflows/deploy/deployTestSupport';
import {
  awsClients,
  deployDeps,
  instantBuildAndPush,
  makeWorkspace,
  seedAccount,
  target,
} from '../integration/deploy/deployHarness';

const SAMPLE_MS = 1000;
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';

/** A stage line without the part that counts down (bake time left). */
const normalize = (line: string) =>
  line.replace(/: \d+ min left of \d+$/, '').replace(/, (continues|rolls back) by itself in \d+ min$/, '');

async function main(): Promise<void> {
  const manual = new ManualClock();
  const fake = await FakeAws.start({ clock: manual });
  const clients = awsClients(fake.url, fake.region);
  const observer = new ECSClient({
    region: fake.region,
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDOBSERVER', secretAccessKey: 'observer' },
  });
  try {
    const { subnets, securityGroup } = seedAccount(
      fake,
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:' + '0'.repeat(64),
    );
    await clients.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets, securityGroups: [securityGroup] } },
        loadBalancers: [
          {
            targetGroupArn: `${ELB}:targetgroup/web-blue/0123456789abcdef`,
            containerName: 'app',
            containerPort: 8080,
            advancedConfiguration: {
              alternateTargetGroupArn: `${ELB}:targetgroup/web-green/fedcba9876543210`,
              productionListenerRule: `${ELB}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
              roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers',
            },
          },
        ],
        deploymentConfiguration: {
          strategy: 'LINEAR',
          bakeTimeInMinutes: 10,
          linearConfiguration: { stepPercent: 10, stepBakeTimeInMinutes: 5 },
        },
      }),
    );
    manual.advance(120_000);

    // Our calls, counted at the gateway; the observer's go through its own client.
    const gateway = createServiceDeploymentsGateway(clients.ecs);
    let ourDescribes = 0;
    let otherCalls = 0;
    const counted: ServiceDeploymentsGateway = {
      ...gateway,
      describeServiceDeployments: (arns, signal) => {
        ourDescribes++;
        return gateway.describeServiceDeployments(arns, signal);
      },
      listServiceDeployments: (...args) => {
        otherCalls++;
        return gateway.listServiceDeployments(...args);
      },
    };

    let arn: string | undefined;
    const truth: Array<{ line: string; at: number }> = [];
    const sample = async () => {
      if (!arn) return;
      const out = await observer.send(
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
      );
      const d: ServiceDeployment | undefined = out.serviceDeployments?.[0];
      if (!d) return;
      const line = normalize(stageLine(d, { now: manual.now() }));
      if (truth.at(-1)?.line !== line) truth.push({ line, at: manual.now() });
    };
    const sleeps: Array<{ ms: number; endsAt: number }> = [];
    const clock: DeployClock = {
      now: () => manual.now(),
      sleep: async (ms, signal) => {
        for (let t = 0; t < ms; t += SAMPLE_MS) {
          if (signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
          manual.advance(Math.min(SAMPLE_MS, ms - t));
          await sample();
        }
        sleeps.push({ ms, endsAt: manual.now() });
      },
    };
    const reporter = new RecordingReporter();
    const originalLine = reporter.line.bind(reporter);
    reporter.line = (text) => {
      originalLine(text);
      const found = /^ {2}Service deployment (\S+)/.exec(text)?.[1];
      if (found) {
        arn = found;
        void sample();
      }
    };
    const workspace = makeWorkspace();
    const deps = deployDeps(
      clients,
      fake.region,
      instantBuildAndPush('123456789012.dkr.ecr.us-east-1.amazonaws.com'),
      {
        clock,
        deployments: counted,
        settings: { timeoutMinutes: 15, preflight: false },
      },
    );
    const started = manual.now();
    const result = await runDeploy(
      { target: target(), workspaceRoot: workspace.root },
      deps,
      reporter,
      new AbortController().signal,
    );
    const polls = sleeps.length + 1;

    const ours = reporter.lines
      .map((l) => /^ {2}(\d\d):(\d\d):(\d\d) {2}(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ line: normalize(m[4] ?? ''), hms: `${m[1]}:${m[2]}:${m[3]}` }));
    const duplicates = ours.length - new Set(ours.map((o) => o.line)).size;
    const toMs = (hms: string) => {
      const base = new Date(started);
      const [h, m, s] = hms.split(':').map(Number);
      return Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), h, m, s);
    };
    let late = 0;
    let worst = 0;
    const rows: string[] = [];
    for (const o of ours) {
      const t = truth.find((x) => x.line === o.line);
      const reportedAt = toMs(o.hms);
      if (!t) {
        rows.push(`  ${o.hms} ${o.line} (not seen by the 1 s observer: shorter than a second)`);
        continue;
      }
      const lateness = reportedAt - t.at;
      const before = sleeps.find((s) => s.endsAt >= reportedAt && s.endsAt < reportedAt + 1000)?.ms ?? 0;
      if (lateness > before + SAMPLE_MS) late++;
      worst = Math.max(worst, lateness / Math.max(before, 1));
      rows.push(
        `  ${o.hms} ${o.line}: ${(lateness / 1000).toFixed(0)} s after it began (poll interval ${(before / 1000).toFixed(1)} s)`,
      );
    }
    const missed = truth.filter((t) => !ours.some((o) => o.line === t.line)).map((t) => t.line);
    console.log(
      `linear deployment (10 × 10 %, 5 min steps, 10 min bake): ${result.outcome} after ${((manual.now() - started) / 60_000).toFixed(1)} fake minutes — ${result.message}`,
    );
    for (const row of rows) console.log(row);
    console.log(
      `LINEAR ${polls} polls, ${ourDescribes} DescribeServiceDeployments (${(ourDescribes / polls).toFixed(2)} per poll, target 1), ` +
        `${otherCalls} ListServiceDeployments (finding the deployment: 0 when UpdateService names it)`,
    );
    console.log(
      `LINEAR stage lines ${ours.length}, duplicates ${duplicates} (target 0), later than one poll interval ${late} (target 0), ` +
        `worst lateness ${worst.toFixed(2)} × its poll interval; stages shorter than a poll not printed: ${missed.length ? missed.join(' | ') : 'none'}`,
    );
    console.log(`poll delays (s): ${sleeps.map((s) => (s.ms / 1000).toFixed(1)).join(', ')}`);
  } finally {
    observer.destroy();
    clients.destroy();
    await fake.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
