/**
 * Deploying a service whose deployment controller is CODE_DEPLOY: UpdateService cannot change its
 * task definition, so the new revision goes out as a CodeDeploy deployment with an AppSpec naming
 * the task definition and the container name and port of the service's load balancer, in the
 * deployment group that manages the service. Then the deployment is followed (GetDeployment and
 * the ECS target's lifecycle events per poll) to Succeeded, or Failed/Stopped with CodeDeploy's
 * error and rollback. docs/deployments.md §4. Editor-free.
 */
import type { DeploymentGroupInfo, LifecycleEvent } from '@aws-sdk/client-codedeploy';
import type { Service } from '@aws-sdk/client-ecs';
import type { CodeDeployGateway } from '../../aws/codeDeployGateway';
import { isAbortError } from '../../shared/abort';
import type { DeployClock } from '../deploy/deployDeps';
import { deployCancelled } from '../deploy/deployDeps';
import { DeployFailure } from '../deploy/deployFailure';
import type { DeployReporter } from '../deploy/deployTypes';
import { POLL_BACKOFF } from '../deploy/rolloutWatcher';

const MAX_POLL_ERRORS = 5;

/**
 * The AppSpec for an ECS deployment (JSON, which CodeDeploy reads as YAML): the task definition and
 * the load balancer's container; the container comes from the service, so the traffic keeps
 * reaching the port it reaches now.
 */
export function buildAppSpec(taskDefinitionArn: string, service: Service): string {
  const lb = service.loadBalancers?.find((l) => l.containerName && l.containerPort !== undefined);
  if (!lb?.containerName || lb.containerPort === undefined) {
    throw new DeployFailure(
      `The service ${service.serviceName ?? ''} is deployed by CodeDeploy but has no load balancer with a container name and port; ` +
        'a CodeDeploy ECS deployment shifts traffic between target groups, so the service needs one (check it in the console).',
    );
  }
  return JSON.stringify(
    {
      version: 0.0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: taskDefinitionArn,
              LoadBalancerInfo: { ContainerName: lb.containerName, ContainerPort: lb.containerPort },
            },
          },
        },
      ],
    },
    undefined,
    2,
  );
}

export interface StartedCodeDeploy {
  readonly deploymentId: string;
  readonly group: DeploymentGroupInfo;
}

export async function startCodeDeploy(
  codeDeploy: Pick<CodeDeployGateway, 'findDeploymentGroup' | 'createDeployment'>,
  cluster: string,
  service: Service,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<StartedCodeDeploy> {
  const name = service.serviceName ?? '';
  const appSpec = buildAppSpec(taskDefinitionArn, service);
  const group = await codeDeploy.findDeploymentGroup(cluster, name, signal);
  if (!group?.applicationName || !group.deploymentGroupName) {
    throw new DeployFailure(
      `No CodeDeploy deployment group manages the service ${name} in cluster ${cluster}; the service's deployment controller is CODE_DEPLOY, ` +
        'so it can only be deployed through CodeDeploy: create a deployment group for it (CodeDeploy console) or check the region.',
    );
  }
  const deploymentId = await codeDeploy.createDeployment(
    { applicationName: group.applicationName, deploymentGroupName: group.deploymentGroupName },
    appSpec,
    `ECS & Fargate deploy of ${taskDefinitionArn.split('/').pop() ?? taskDefinitionArn}`,
    signal,
  );
  return { deploymentId, group };
}

export interface CodeDeployWatchResult {
  readonly outcome: 'completed' | 'failed' | 'timedOut' | 'cancelled';
  readonly message: string;
  readonly polls: number;
  readonly events: readonly string[];
}

const clockTime = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export async function followCodeDeploy(
  deploymentId: string,
  timeoutMs: number,
  deps: {
    readonly codeDeploy: Pick<CodeDeployGateway, 'getDeployment' | 'lifecycleEvents'>;
    readonly clock: DeployClock;
  },
  reporter: DeployReporter,
  signal: AbortSignal,
): Promise<CodeDeployWatchResult> {
  const { clock } = deps;
  const deadline = clock.now() + timeoutMs;
  const seen = new Map<string, string>();
  const events: string[] = [];
  let lastStatus = '';
  let polls = 0;
  let errors = 0;
  let delay: number = POLL_BACKOFF.initialMs;
  const print = (line: string) => {
    events.push(line);
    reporter.line(`  ${clockTime(clock.now())}  ${line}`);
  };
  try {
    for (;;) {
      if (signal.aborted) throw deployCancelled();
      let changed = false;
      try {
        polls++;
        const info = await deps.codeDeploy.getDeployment(deploymentId, signal);
        let lifecycle: readonly LifecycleEvent[] = [];
        try {
          lifecycle = await deps.codeDeploy.lifecycleEvents(deploymentId, signal);
        } catch (error) {
          if (isAbortError(error) || signal.aborted) throw error;
          // The target may not exist yet right after CreateDeployment: the status still tells.
        }
        errors = 0;
        for (const event of lifecycle) {
          const name = event.lifecycleEventName ?? '?';
          const status = event.status ?? 'Pending';
          if (seen.get(name) === status || status === 'Pending') continue;
          seen.set(name, status);
          print(`${name}: ${status}`);
          changed = true;
        }
        const status = info?.status ?? 'Created';
        if (status !== lastStatus) {
          lastStatus = status;
          print(`CodeDeploy deployment ${deploymentId}: ${status}`);
          changed = true;
        }
        reporter.status?.(`CodeDeploy: ${status}`);
        if (status === 'Succeeded') {
          return {
            outcome: 'completed',
            message: `CodeDeploy deployment ${deploymentId} succeeded.`,
            polls,
            events,
          };
        }
        if (status === 'Failed' || status === 'Stopped') {
          const why = info?.errorInformation?.message ?? info?.errorInformation?.code;
          const rollback =
            info?.rollbackInfo?.rollbackMessage ??
            (info?.rollbackInfo?.rollbackDeploymentId
              ? `rolled back by deployment ${info.rollbackInfo.rollbackDeploymentId}`
              : undefined);
          return {
            outcome: 'failed',
            message: `CodeDeploy deployment ${deploymentId} ${status.toLowerCase()}${why ? `: ${why}` : '.'}${rollback ? ` Rollback: ${rollback}` : ''}`,
            polls,
            events,
          };
        }
      } catch (error) {
        if (isAbortError(error) || signal.aborted) throw error;
        if (++errors >= MAX_POLL_ERRORS) throw error;
        reporter.line(`  (GetDeployment failed, retrying: ${(error as Error).message})`);
      }
      const left = deadline - clock.now();
      if (left <= 0) {
        const minutes = Math.round(timeoutMs / 60_000);
        return {
          outcome: 'timedOut',
          message: `The CodeDeploy deployment ${deploymentId} did not finish within ${minutes} minute${minutes === 1 ? '' : 's'} (it carries on; nothing was rolled back): last status ${lastStatus || 'unknown'}.`,
          polls,
          events,
        };
      }
      delay = changed
        ? POLL_BACKOFF.initialMs
        : Math.min(Math.round(delay * POLL_BACKOFF.factor), POLL_BACKOFF.maxMs);
      await clock.sleep(Math.min(delay, left), signal);
    }
  } catch (error) {
    if (!isAbortError(error) && !signal.aborted) throw error;
    return {
      outcome: 'cancelled',
      message: `Stopped following; nothing was rolled back: CodeDeploy carries on with deployment ${deploymentId} (${lastStatus || 'status unknown'}).`,
      polls,
      events,
    };
  }
}
