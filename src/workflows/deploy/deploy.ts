/**
 * The deploy pipeline, editor-free: validate the task-definition file → preflight → build → push →
 * render the pushed image (by digest) into the chosen container → register → UpdateService with
 * the new revision (or CreateService, or RunTask for a one-off target) → wait for the rollout.
 * Each step is reported with its time, each is cancellable, and the first failure stops the
 * deploy naming the step. Expected failures never throw: they come back as a DeployResult with
 * what was done before the stop. At the end, what the deploy learned and created is recorded in
 * the target (recordDeploy.ts). The command layer asks the questions and shows the progress.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseTaskDefinitionId } from '../../aws/taskDefinitionGateway';
import { silentLogger } from '../../shared/logger';
import type { BuildAndPushResult } from '../buildAndPush';
import { deployTimeoutMinutes, systemClock, type DeployDeps, type DeployRequest } from './deployDeps';
import { DeployFailure } from './deployFailure';
import { findService, planChange, stepOfPhase, validateFile } from './deployPlan';
import { DeploySteps } from './deploySteps';
import type { DeployReporter, DeployResult, PlannedChange } from './deployTypes';
import {
  DEFAULT_LOG_RETENTION_DAYS,
  describeLogGroupOutcome,
  ensureLogGroups,
  retentionLabel,
} from '../logGroups';
import { checkImagePlatform, formatChecks, runPreflight } from './preflight';
import { platformOfTaskDefinition, renderImage, updateImageInText } from './renderTaskDefinition';
import { watchRollout } from './rolloutWatcher';
import { recordDeploy } from './recordDeploy';
import { runOneOffTasks, startRollout } from './serviceRollout';
import { waitForTasks } from './taskWait';
import { controllerOf, strategyOf } from '../deployments/strategy';
import { followStrategyDeployment, rollOutWithCodeDeploy } from './strategyRollout';

export type { DeployDeps, DeployRequest } from './deployDeps';

const readUtf8 = (file: string) => fs.readFile(file, 'utf8');
const writeUtf8 = (file: string, text: string) => fs.writeFile(file, text, 'utf8');

export async function runDeploy(
  request: DeployRequest,
  deps: DeployDeps,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<DeployResult> {
  let plan: PlannedChange | undefined;
  const result = await runSteps(request, deps, reporter, signal, (planned) => (plan = planned));
  // Whatever the outcome: a repository the push created is recorded even when a later step failed.
  await recordDeploy(request.workspaceRoot, request.target, plan, result, {
    logger: deps.logger ?? silentLogger,
    ...(request.deployFileHasUnsavedChanges
      ? { hasUnsavedChanges: request.deployFileHasUnsavedChanges }
      : {}),
  });
  return result;
}

async function runSteps(
  request: DeployRequest,
  deps: DeployDeps,
  reporter: DeployReporter,
  signal: AbortSignal,
  onPlan: (plan: PlannedChange) => void,
): Promise<DeployResult> {
  const clock = deps.clock ?? systemClock;
  const steps = new DeploySteps(reporter, clock, signal, deps.describeError);
  const { target, workspaceRoot } = request;
  const read = deps.readFile ?? readUtf8;
  const file = path.resolve(workspaceRoot, target.taskDefinitionFile);
  const retention = deps.settings.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
  try {
    const source = await steps.run('validate', target.taskDefinitionFile, async () => {
      const validated = validateFile(file, await read(file), target.container, (message) =>
        reporter.line(`  ${message}`),
      );
      for (const warning of validated.warnings) reporter.line(warning);
      const warnings = validated.warnings.length;
      return { value: validated, summary: `No errors${warnings ? ` (${warnings} warnings)` : ''}.` };
    });

    const service = await steps.run('preflight', undefined, async () => {
      const existing = await findService(deps, target, signal);
      if (!deps.settings.preflight) {
        return { value: existing, summary: 'Skipped (setting ecsFargate.deploy.preflight is off).' };
      }
      const checks = await runPreflight(
        { target, taskDefinition: source.json, service: existing, logRetentionDays: retention },
        deps,
        signal,
      );
      for (const line of formatChecks(checks)) reporter.line(line);
      const failures = checks.filter((c) => c.status === 'failed');
      const grants = failures.flatMap((c) => (c.grant ? [c.grant] : []));
      if (grants[0]) {
        const groupArns = grants
          .filter((g) => g.roleName === grants[0]?.roleName)
          .flatMap((g) => g.groupArns);
        steps.fields = { ...steps.fields, logGroupGrant: { roleName: grants[0].roleName, groupArns } };
      }
      if (failures.length > 0) {
        const first = failures[0];
        throw new DeployFailure(
          `${failures.length} check${failures.length === 1 ? '' : 's'} failed; ${first?.message} Fix: ${first?.fix}`,
        );
      }
      const unverified = checks.filter((c) => c.status === 'unverified').length;
      const passed = checks.length - unverified;
      return {
        value: existing,
        summary: `${passed} check${passed === 1 ? '' : 's'} passed${unverified ? `, ${unverified} could not be made` : ''}.`,
      };
    });

    const pushed = await buildAndPush(request, deps, steps, reporter, source.json, signal);
    steps.fields = {
      ...steps.fields,
      imageUri: pushed.imageUri,
      ...(pushed.createdRepository ? { createdRepository: true } : {}),
    };

    const change = await steps.run('render', target.container, async () => {
      const rendered = renderImage(source.json, target.container, pushed.imageUri, file);
      const planned = await planChange(
        deps,
        { target, service, imageUri: pushed.imageUri, rendered },
        reporter.line.bind(reporter),
        signal,
      );
      const range = planned.scaling ? ` (auto scaled ${planned.scaling.min}–${planned.scaling.max})` : '';
      return { value: planned, summary: `${target.container} → ${pushed.imageUri}${range}` };
    });
    onPlan(change);
    if (request.confirm && !(await request.confirm(change))) {
      return steps.result(
        'cancelled',
        `Not deployed: you chose not to go on. ${steps.whatWasDone()}`,
        'register',
      );
    }

    // After the confirmation (nothing is created before the user said yes), before the register:
    // the first task must find its log group (see workflows/logGroups.ts for why not ECS).
    await steps.run('logGroups', undefined, async () => {
      const outcomes = await ensureLogGroups(source.json, deps.logs, retention, signal);
      for (const outcome of outcomes) reporter.line(`  ${describeLogGroupOutcome(outcome)}`);
      const created = outcomes.filter((o) => o.kind === 'created').map((o) => o.group);
      const summary =
        created.length > 0
          ? `Created ${created.join(', ')} (retention ${retentionLabel(retention)}).`
          : outcomes.length > 0
            ? 'Nothing to create.'
            : 'No awslogs log groups.';
      return {
        value: undefined,
        summary,
        ...(created.length > 0 ? { done: `created log group ${created.join(', ')}` } : {}),
      };
    });

    const registered = await steps.run('register', change.rendered.family, async () => {
      const definition = await deps.taskDefinitions.register(change.rendered, signal);
      const arn = definition.taskDefinitionArn ?? '';
      const id = parseTaskDefinitionId(arn);
      const name = id ? `${id.family}:${id.revision}` : arn;
      return { value: { arn, name }, summary: `Registered ${name}.`, done: `registered ${name}` };
    });
    steps.fields = { ...steps.fields, taskDefinitionArn: registered.arn };
    if (request.updateTaskDefinitionFile)
      await writeImageIntoFile(deps, source, target.container, pushed, steps);

    if (!target.service) {
      const taskArns = await steps.run('rollout', `Run ${target.runTask?.count ?? 1} task(s)`, async () => {
        const arns = await steps.send(
          `asked ECS to run ${registered.name} (it may have started tasks: check the cluster's Tasks)`,
          () => runOneOffTasks(deps.ecs, target, registered.arn, signal),
        );
        for (const arn of arns) reporter.line(`  started ${arn}`);
        return {
          value: arns,
          summary: `Started ${arns.length} task(s).`,
          done: `started ${arns.length} task(s)`,
        };
      });
      steps.fields = { ...steps.fields, taskArns };
      const waited = await steps.run('wait', `${taskArns.length} task(s) to reach RUNNING`, () =>
        waitForTasks(target.cluster, taskArns, deps, clock, reporter, signal),
      );
      return steps.result('succeeded', `${registered.name} is running as ${waited} task(s).`);
    }

    if (service && controllerOf(service) === 'CODE_DEPLOY') {
      return await rollOutWithCodeDeploy(
        { cluster: target.cluster, service, registered, request },
        deps,
        steps,
        reporter,
        signal,
      );
    }

    const updateSentAt = clock.now();
    const rollout = await steps.run('rollout', target.service, async () => {
      const started = await steps.send(
        `asked ECS to ${service ? 'update' : 'create'} service ${target.service} with ${registered.name} ` +
          `(it may have started the deployment: check the service's Deployments tab)`,
        () => startRollout(deps.ecs, target, service, registered.arn, signal),
      );
      steps.rolloutStarted = true;
      const verb = started.created ? 'created service' : 'updated service';
      const count = change.scaling
        ? `desired count left to auto scaling (${change.scaling.min}–${change.scaling.max})`
        : `desired count ${started.service.desiredCount ?? '?'}${started.created ? '' : ' (unchanged)'}`;
      return {
        value: started,
        summary: `${started.created ? 'Created' : 'Updated'} ${target.service}: deployment ${started.deployment.id}, ${count}.`,
        done: `${verb} ${target.service} to ${registered.name} (deployment ${started.deployment.id})`,
      };
    });
    steps.fields = {
      ...steps.fields,
      ...(rollout.service.serviceArn ? { serviceArn: rollout.service.serviceArn } : {}),
    };

    const timeoutMs = deployTimeoutMinutes(deps.settings.timeoutMinutes) * 60_000;
    if (deps.deployments && strategyOf(rollout.service) !== 'ROLLING') {
      return await followStrategyDeployment(
        { request, rollout, registeredName: registered.name, updateSentAt, timeoutMs },
        { ...deps, deployments: deps.deployments, clock },
        steps,
        reporter,
        signal,
      );
    }
    steps.current = 'wait';
    const started = clock.now();
    reporter.stepStarted('wait', `${target.service} (up to ${deps.settings.timeoutMinutes} min)`);
    const watched = await watchRollout(
      {
        cluster: target.cluster,
        service: target.service,
        deploymentId: rollout.deployment.id ?? '',
        taskDefinitionArn: registered.arn,
        initial: rollout.service,
        seenEventIds: new Set((service?.events ?? []).flatMap((e) => (e.id ? [e.id] : []))),
        timeoutMs,
      },
      { ...deps, clock },
      reporter,
      signal,
    );
    steps.timings.push({ step: 'wait', ms: clock.now() - started });
    reporter.stepFinished('wait', clock.now() - started, watched.message);
    if (watched.outcome === 'completed') return steps.result('succeeded', watched.message);
    if (watched.outcome === 'failed')
      return steps.result('failed', `The rollout failed: ${watched.message}`, 'wait');
    const outcome = watched.outcome === 'timedOut' ? 'timedOut' : 'cancelled';
    return steps.result(outcome, `${watched.message} ${steps.whatWasDone()}`, 'wait');
  } catch (error) {
    return steps.fromError(error);
  }
}

/** Build then push through the injected job; its phases start and finish the two steps. */
async function buildAndPush(
  request: DeployRequest,
  deps: DeployDeps,
  steps: DeploySteps,
  reporter: DeployReporter,
  taskDefinition: Parameters<typeof platformOfTaskDefinition>[0],
  signal: AbortSignal,
): Promise<BuildAndPushResult> {
  const { target, workspaceRoot } = request;
  const platform = platformOfTaskDefinition(taskDefinition);
  const dockerfile = path.resolve(workspaceRoot, target.dockerfile);
  const contextDir = path.resolve(workspaceRoot, target.buildContext ?? path.dirname(target.dockerfile));
  let repositoryMissing = false;
  let resolvePush: (() => void) | undefined;
  const pushStarted = new Promise<void>((resolve) => (resolvePush = resolve));
  let job: Promise<BuildAndPushResult> | undefined;
  // The build step ends when the job reaches its first push phase (or ends, whichever is first).
  await steps.run('build', `${target.dockerfile} for ${platform}`, async () => {
    job = deps.buildAndPush(
      {
        contextDir,
        dockerfile,
        repositoryName: target.repository,
        workspaceFolder: workspaceRoot,
        ...(request.imageTag ? { tag: request.imageTag } : {}),
        platform,
        // The scan on push is not waited for: its findings show in the Repositories view.
        scanWait: { maxWaitMs: 0 },
        confirmCreateRepository: async (name) => {
          const options = await request.confirmCreateRepository?.(name);
          if (!options) repositoryMissing = true;
          return options;
        },
      },
      (event) => {
        if (event.kind === 'phase') {
          if (stepOfPhase(event.phase) === 'push') resolvePush?.();
          reporter.status?.(event.message);
          reporter.line(`  ${event.message}`);
        } else if (event.kind === 'output') {
          for (const line of event.text.split('\n')) if (line.trim()) reporter.line(`  ${line}`);
        }
      },
      signal,
    );
    void job.catch(() => undefined); // awaited in the push step; this only keeps it from going unhandled
    await Promise.race([pushStarted, job.then(() => undefined)]);
    return { value: undefined, summary: `Built for ${platform}.` };
  });
  return steps.run('push', target.repository, async () => {
    let result: BuildAndPushResult;
    try {
      if (!job) throw new Error('the build did not start');
      result = await job;
    } catch (error) {
      if (repositoryMissing && !signal.aborted) {
        throw new DeployFailure(
          `The ECR repository does not exist: create it (ECS: Build and Push Image offers to) or fix "repository" in .vscode/ecs-deploy.json: ${target.repository}`,
        );
      }
      throw error;
    }
    const check = checkImagePlatform(result.image.platform, taskDefinition);
    if (check.status === 'failed') throw new DeployFailure(`${check.message} Fix: ${check.fix}`);
    return { value: result, summary: `Pushed ${result.imageUri}`, done: `pushed ${result.imageUri}` };
  });
}

async function writeImageIntoFile(
  deps: DeployDeps,
  source: { file: string; text: string },
  container: string,
  pushed: BuildAndPushResult,
  steps: DeploySteps,
): Promise<void> {
  const current = await (deps.readFile ?? readUtf8)(source.file);
  if (current !== source.text) return; // edited during the deploy: never overwrite the user's change
  await (deps.writeFile ?? writeUtf8)(source.file, updateImageInText(current, container, pushed.imageUri));
  steps.done.push(`wrote the new image into ${path.basename(source.file)}`);
}
