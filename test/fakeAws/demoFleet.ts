/**
 * A small, realistic account for screenshots and the demo mode: production (Container Insights on),
 * staging and batch-jobs, with a rollout in progress, a failed one, and telling stopped tasks; and
 * releases, one service per deployment strategy and controller (demoReleases.ts).
 */
import type { FakeAutoScaling } from './autoscaling/fakeAutoScaling';
import { pullErrorReason } from './ecs/behaviors';
import type { FakeEcs } from './ecs/fakeEcs';
import type { FakeElb } from './elb/fakeElb';
import type { FleetSummary } from './fleet';
import type { FakeCodeDeploy } from './codedeploy/fakeCodeDeploy';
import type { FakeCloudTrail } from './cloudtrail/fakeCloudTrail';
import { buildReleasesCluster } from './demoReleases';
import { ecrImage, registerFamily } from './templates';

const MINUTE = 60_000;

function pullError(ecs: FakeEcs, repository: string, tag: string): string {
  return pullErrorReason(ecrImage(ecs, repository, tag));
}

/**
 * With `autoScaling`, production/web-frontend is auto scaled: 2–6 tasks, CPU at 60%. With `elb`,
 * production/orders-api sits behind the target group `orders-api` of the ALB `production-alb`. With
 * `codeDeploy`, releases/billing has its CodeDeploy application and deployment group. With
 * `cloudTrail`, the releases deployments have CloudTrail events saying who started them.
 */
export function buildDemoFleet(
  ecs: FakeEcs,
  autoScaling?: FakeAutoScaling,
  elb?: FakeElb,
  codeDeploy?: FakeCodeDeploy,
  cloudTrail?: FakeCloudTrail,
): FleetSummary {
  const now = ecs.now();
  const before = ecs.taskDefinitions.all().length;

  registerFamily(ecs, 'web-frontend', 7, {
    tag: (rev) => (rev === 7 ? '1.4.2' : rev >= 5 ? `1.4.${rev - 5}` : `1.3.${rev}`),
    port: 8080,
    healthCheck: true,
    environment: { NODE_ENV: 'production' },
  });
  registerFamily(ecs, 'orders-api', 12, {
    tag: (rev) => `2.${rev}.0`,
    cpu: '512',
    memory: '1024',
    port: 3000,
    healthCheck: true,
    sidecar: true,
  });
  registerFamily(ecs, 'payments-worker', 3, { tag: (rev) => `0.9.${rev}`, cpu: '512', memory: '1024' });
  registerFamily(ecs, 'email-sender', 5, { tag: (rev) => (rev === 5 ? '2.0.0-rc1' : `1.${rev}.0`) });
  registerFamily(ecs, 'flask-app', 2, {
    tag: (rev) => `0.${rev}.0`,
    port: 5000,
    environment: { FLASK_ENV: 'staging' },
  });
  registerFamily(ecs, 'db-migrate', 4, { tag: (rev) => `v${rev}`, command: ['alembic', 'upgrade', 'head'] });
  registerFamily(ecs, 'report-job', 2, { tag: (rev) => `2024.${rev}`, command: ['python', 'report.py'] });
  registerFamily(ecs, 'nightly-etl', 3, {
    tag: (rev) => `1.${rev}`,
    cpu: '1024',
    memory: '2048',
    command: ['python', 'etl.py'],
  });
  registerFamily(ecs, 'thumbnail-generator', 2, { tag: (rev) => `0.${rev}.1`, cpu: '512', memory: '1024' });

  ecs.createCluster('production', {
    containerInsights: true,
    tags: { environment: 'production', team: 'platform' },
  });
  // ECS Exec on: Open Shell works on its containers (the fake agent runs a real shell).
  ecs.createService('production', 'web-frontend', {
    desiredCount: 3,
    taskDefinition: 'web-frontend:7',
    enableExecuteCommand: true,
  });
  if (autoScaling) {
    const target = {
      namespace: 'ecs',
      resourceId: 'service/production/web-frontend',
      dimension: 'ecs:service:DesiredCount',
    };
    autoScaling.registerTarget({ ...target, min: 2, max: 6 });
    autoScaling.putPolicy({
      ...target,
      name: 'ecs-fargate-cpu',
      type: 'TargetTrackingScaling',
      targetTracking: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        ScaleInCooldown: 300,
        ScaleOutCooldown: 60,
      },
    });
  }
  let ordersTargetGroup: string | undefined;
  if (elb) {
    const alb = elb.createLoadBalancer('production-alb');
    ordersTargetGroup = elb.createTargetGroup('orders-api', { loadBalancerArns: [alb.arn], port: 3000 }).arn;
  }
  ecs.createService('production', 'orders-api', {
    ...(ordersTargetGroup !== undefined
      ? {
          loadBalancers: [
            { targetGroupArn: ordersTargetGroup, containerName: 'orders-api', containerPort: 3000 },
          ],
        }
      : {}),
    desiredCount: 3,
    taskDefinition: 'orders-api:12',
    rolloutState: 'IN_PROGRESS',
    runningCount: 1,
    pendingCount: 1,
    previousTaskDefinition: 'orders-api:11',
    previousRunningCount: 1,
  });
  ecs.createService('production', 'payments-worker', {
    desiredCount: 1,
    taskDefinition: 'payments-worker:3',
  });
  ecs.createService('production', 'email-sender', {
    desiredCount: 1,
    taskDefinition: 'email-sender:5',
    rolloutState: 'FAILED',
    runningCount: 0,
    failedTasks: 3,
  });
  // The tag was never pushed: a redeploy (or a RunTask) of email-sender:5 fails the same way again.
  ecs.setImageBehavior(ecrImage(ecs, 'email-sender', '2.0.0-rc1'), { kind: 'pullError' });
  for (let i = 0; i < 3; i++) {
    ecs.addTask('production', {
      service: 'email-sender',
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: pullError(ecs, 'email-sender', '2.0.0-rc1'),
      containers: [{ reason: 'CannotPullContainerError: pull image manifest has been retried 7 time(s)' }],
      stoppedAt: now - (22 - i * 5) * MINUTE,
    });
  }
  ecs.addTask('production', {
    service: 'web-frontend',
    lastStatus: 'STOPPED',
    stopCode: 'ServiceSchedulerInitiated',
    stoppedReason: 'Task failed container health checks',
    containers: [{ exitCode: 137, healthStatus: 'UNHEALTHY' }],
    stoppedAt: now - 41 * MINUTE,
  });

  ecs.createCluster('staging', { tags: { environment: 'staging' } });
  ecs.createService('staging', 'flask-app', { desiredCount: 1, taskDefinition: 'flask-app:2' });
  ecs.addTask('staging', {
    taskDefinition: 'db-migrate:4',
    startedBy: 'ecs-fargate-vscode',
    createdAt: now - 3 * MINUTE,
  });
  ecs.addTask('staging', {
    taskDefinition: 'report-job:2',
    lastStatus: 'STOPPED',
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ exitCode: 0 }],
    stoppedAt: now - 14 * MINUTE,
  });

  ecs.createCluster('batch-jobs', { tags: { environment: 'production', team: 'data' } });
  ecs.addTask('batch-jobs', {
    taskDefinition: 'nightly-etl:3',
    startedBy: 'events-rule/nightly-etl',
    createdAt: now - 47 * MINUTE,
  });
  ecs.addTask('batch-jobs', { taskDefinition: 'thumbnail-generator:2', group: 'family:thumbnail-generator' });

  const releases = buildReleasesCluster(ecs, elb, codeDeploy, cloudTrail);

  const summary: FleetSummary = {
    clusters: ['production', 'staging', 'batch-jobs', 'releases'],
    services: 5 + releases,
    runningTasks: 0,
    stoppedTasks: 0,
    taskDefinitions: ecs.taskDefinitions.all().length - before,
  };
  for (const cluster of summary.clusters) {
    for (const task of ecs.tasks.get(cluster)?.values() ?? []) {
      if (task.desiredStatus === 'RUNNING') summary.runningTasks++;
      else summary.stoppedTasks++;
    }
  }
  return summary;
}
