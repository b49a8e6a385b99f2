/**
 * Steering a service deployment in progress: Roll Back (at a PAUSE hook awaiting action:
 * ContinueServiceDeployment with ROLLBACK and the hook id; otherwise StopServiceDeployment with
 * ROLLBACK) and Continue (ContinueServiceDeployment with CONTINUE, only at an awaiting hook). Each
 * checks the deployment's state first and says why it cannot act. docs/deployments.md §1.
 * Editor-free.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ServiceDeploymentsGateway } from '../../aws/serviceDeploymentsGateway';
import {
  awaitingHook,
  deploymentId,
  fromTo,
  isInProgress,
  revisionName,
  type RevisionNames,
} from './deploymentView';

export type SteerAction = 'rollBack' | 'continue';

export interface SteerPlan {
  readonly action: SteerAction;
  /** The confirmation's question and detail. */
  readonly question: string;
  readonly detail: string;
  /** The call that will be made, for the log. */
  readonly call: 'StopServiceDeployment' | 'ContinueServiceDeployment';
  readonly hookId?: string;
}

/** Why nothing can be done, or the plan. */
export function planSteer(
  d: ServiceDeployment,
  action: SteerAction,
  names?: RevisionNames,
): { readonly plan: SteerPlan } | { readonly refusal: string } {
  const id = deploymentId(d.serviceDeploymentArn);
  if (!isInProgress(d.status)) {
    return {
      refusal: `Service deployment ${id} is ${d.status ?? 'in an unknown state'}: only a deployment in progress can be steered.`,
    };
  }
  const hook = awaitingHook(d);
  const back =
    (d.sourceServiceRevisions ?? []).map((r) => revisionName(r.arn, names)).join(' + ') ||
    'the previous revision';
  if (action === 'continue') {
    if (!hook?.hookId) {
      return {
        refusal: `Service deployment ${id} is not paused at a lifecycle hook: Continue applies only to a PAUSE hook awaiting action.`,
      };
    }
    return {
      plan: {
        action,
        question: `Continue service deployment ${id} (${fromTo(d, names)})?`,
        detail: `The deployment is paused at ${d.lifecycleStage ?? 'a lifecycle hook'}. ECS goes on with the next lifecycle stage.`,
        call: 'ContinueServiceDeployment',
        hookId: hook.hookId,
      },
    };
  }
  return {
    plan: {
      action,
      question: `Roll back service deployment ${id} (${fromTo(d, names)})?`,
      detail: hook?.hookId
        ? `The deployment is paused at ${d.lifecycleStage ?? 'a lifecycle hook'}. ECS moves traffic back to ${back} and stops the new revision's tasks.`
        : `ECS stops the deployment, moves traffic back to ${back} and stops the new revision's tasks.`,
      call: hook?.hookId ? 'ContinueServiceDeployment' : 'StopServiceDeployment',
      ...(hook?.hookId ? { hookId: hook.hookId } : {}),
    },
  };
}

export async function steer(
  deployments: Pick<ServiceDeploymentsGateway, 'stopServiceDeployment' | 'continueServiceDeployment'>,
  d: ServiceDeployment,
  plan: SteerPlan,
  signal?: AbortSignal,
): Promise<void> {
  const arn = d.serviceDeploymentArn ?? '';
  if (plan.call === 'StopServiceDeployment') {
    await deployments.stopServiceDeployment(arn, 'ROLLBACK', signal);
    return;
  }
  await deployments.continueServiceDeployment(
    arn,
    plan.hookId ?? '',
    plan.action === 'continue' ? 'CONTINUE' : 'ROLLBACK',
    signal,
  );
}
