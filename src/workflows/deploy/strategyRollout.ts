/**
 * The deploy's last steps for services that do not roll: a BLUE_GREEN, LINEAR or CANARY service is
 * followed through its service deployment (the one UpdateService/CreateService started, to
 * SUCCESSFUL or STOPPED/ROLLBACK_*), and a CODE_DEPLOY service gets a CodeDeploy deployment
 * (rollout step) that is then followed (wait step). Rolling services keep the rollout watcher
 * (rolloutWatcher.ts). docs/deployments.md §3–4. Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import { followCodeDeploy, startCodeDeploy } from '../deployments/codeDeployRollout';
import { findServiceDeployment } from '../deployments/findServiceDeployment';
import { followServiceDeployment } from '../deployments/followServiceDeployment';
import { expectedBakeMinutes, strategyLabel } from '../deployments/strategy';
import type { DeployClock, DeployDeps, DeployRequest } from './deployDeps';
import { deployTimeoutMinutes, systemClock } from './deployDeps';
import { DeployFailure } from './deployFailure';
import type { DeploySteps } from './deploySteps';
import type { DeployReporter, DeployResult } from './deployTypes';
import type { StartedRollout } from './serviceRollout';

interface FollowInput {
  readonly request: DeployRequest;
  readonly rollout: StartedRollout;
  readonly registeredName: string;
  /** When UpdateService/CreateService was sent (to find the deployment it started by its time). */
  readonly updateSentAt: number;
  /** ecsFargate.deploy.timeoutMinutes; the strategy's bake time is added to it. */
  readonly timeoutMs: number;
}

type FollowDepsIn = DeployDeps & {
  readonly deployments: ServiceDeploymentsGateway;
  readonly clock: DeployClock;
};

/** The result of a wait that ended: succeeded, failed at "wait", timed out or cancelled. */
function waitResult(
  steps: DeploySteps,
  outcome: 'completed' | 'failed' | 'timedOut' | 'cancelled',
  message: string,
  what: string,
): DeployResult {
  if (outcome === 'completed') return steps.result('succeeded', message);
  if (outcome === 'failed') return steps.result('failed', `The ${what} failed: ${message}`, 'wait');
  return steps.result(outcome, `${message} ${steps.whatWasDone()}`, 'wait');
}

export async function followStrategyDeployment(
  input: FollowInput,
  deps: FollowDepsIn,
  steps: DeploySteps,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<DeployResult> {
  const { request, rollout } = input;
  const { target } = request;
  const { clock } = deps;
  const service = target.service ?? '';
  const bakeMinutes = expectedBakeMinutes(rollout.service.deploymentConfiguration);
  const timeoutMs = input.timeoutMs + bakeMinutes * 60_000;
  steps.current = 'wait';
  const started = clock.now();
  reporter.stepStarted(
    'wait',
    `${service}: ${strategyLabel(rollout.service)} (bakes about ${bakeMinutes} min; up to ${Math.round(timeoutMs / 60_000)} min)`,
  );
  const arn = await findServiceDeployment(
    deps.deployments,
    target.cluster,
    rollout.service,
    input.updateSentAt,
    signal,
  );
  if (!arn) {
    throw new DeployFailure(
      `ECS accepted the update but lists no service deployment for it: check the service's Deployments: ${service}`,
    );
  }
  reporter.line(`  Service deployment ${arn}`);
  steps.fields = { ...steps.fields, serviceDeploymentArn: arn };
  const followed = await followServiceDeployment(
    {
      cluster: target.cluster,
      service,
      serviceDeploymentArn: arn,
      ...(rollout.deployment.id ? { deploymentId: rollout.deployment.id } : {}),
      timeoutMs,
      ...(request.onHookAwaiting ? { onHookAwaiting: request.onHookAwaiting } : {}),
    },
    deps,
    reporter,
    signal,
  );
  const ms = clock.now() - started;
  steps.timings.push({ step: 'wait', ms });
  const message =
    followed.outcome === 'completed'
      ? `${input.registeredName} is deployed: ${followed.message}`
      : followed.message;
  reporter.stepFinished('wait', ms, message);
  return waitResult(steps, followed.outcome, message, 'service deployment');
}

interface CodeDeployInput {
  readonly cluster: string;
  readonly service: Service;
  readonly registered: { readonly arn: string; readonly name: string };
  readonly request: DeployRequest;
}

export async function rollOutWithCodeDeploy(
  input: CodeDeployInput,
  deps: DeployDeps,
  steps: DeploySteps,
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<DeployResult> {
  const { codeDeploy } = deps;
  const name = input.service.serviceName ?? '';
  if (!codeDeploy) {
    throw new DeployFailure(
      `The service ${name} is deployed by CodeDeploy (deployment controller CODE_DEPLOY) and CodeDeploy is not available here.`,
    );
  }
  const clock = deps.clock ?? systemClock;
  const started = await steps.run('rollout', `${name} through CodeDeploy`, async () => {
    const out = await steps.send(
      `asked CodeDeploy to deploy ${input.registered.name} to ${name} (it may have started: check the CodeDeploy console)`,
      () => startCodeDeploy(codeDeploy, input.cluster, input.service, input.registered.arn, signal),
    );
    steps.rolloutStarted = true;
    reporter.line(
      `  Deployment group ${out.group.applicationName ?? '?'} / ${out.group.deploymentGroupName ?? '?'}` +
        `${out.group.deploymentConfigName ? ` (${out.group.deploymentConfigName})` : ''}`,
    );
    return {
      value: out,
      summary: `Created CodeDeploy deployment ${out.deploymentId}.`,
      done: `created CodeDeploy deployment ${out.deploymentId} of ${input.registered.name}`,
    };
  });
  steps.fields = {
    ...steps.fields,
    ...(input.service.serviceArn ? { serviceArn: input.service.serviceArn } : {}),
    codeDeployDeploymentId: started.deploymentId,
  };
  const timeoutMs = deployTimeoutMinutes(deps.settings.timeoutMinutes) * 60_000;
  steps.current = 'wait';
  const begin = clock.now();
  reporter.stepStarted('wait', `CodeDeploy deployment ${started.deploymentId}`);
  const followed = await followCodeDeploy(
    started.deploymentId,
    timeoutMs,
    { codeDeploy, clock },
    reporter,
    signal,
  );
  const ms = clock.now() - begin;
  steps.timings.push({ step: 'wait', ms });
  const message =
    followed.outcome === 'completed'
      ? `${input.registered.name} is deployed: ${followed.message}`
      : followed.message;
  reporter.stepFinished('wait', ms, message);
  return waitResult(steps, followed.outcome, message, 'CodeDeploy deployment');
}
