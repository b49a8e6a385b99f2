/**
 * The shared body of Roll Back and Continue: the deployment (node or pick), the plan with its
 * refusal when the state does not allow it, a modal confirmation, the call, then the node is
 * described again and followed by the live updater.
 */
import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { UserCancelledError } from '../../ui/errors';
import { deploymentId } from '../../workflows/deployments/deploymentView';
import { planSteer, steer, type SteerAction } from '../../workflows/deployments/steerDeployment';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { deploymentSubject } from './deploymentSubject';

export async function steerDeploymentCommand(
  deps: DeploymentCommandDeps,
  node: ExplorerNode | undefined,
  action: SteerAction,
): Promise<void> {
  const {
    deployment,
    names,
    node: deploymentNode,
  } = await deploymentSubject(deps, node, {
    inProgressOnly: true,
  });
  const planned = planSteer(deployment, action, names);
  if ('refusal' in planned) throw new Error(planned.refusal);
  const { plan } = planned;
  const button = action === 'continue' ? 'Continue' : 'Roll Back';
  const answer = await vscode.window.showWarningMessage(
    plan.question,
    { modal: true, detail: plan.detail },
    button,
  );
  if (answer !== button) throw new UserCancelledError();
  const gateway = deps.deployments();
  await steer(gateway, deployment, plan);
  deps.logger.info(
    `${plan.call} ${action === 'continue' ? 'CONTINUE' : 'ROLLBACK'} on ${deployment.serviceDeploymentArn ?? ''}${plan.hookId ? ` (hook ${plan.hookId})` : ''}`,
  );
  vscode.window.setStatusBarMessage(
    `${action === 'continue' ? 'Continuing' : 'Rolling back'} service deployment ${deploymentId(deployment.serviceDeploymentArn)}…`,
    5000,
  );
  if (deploymentNode && deployment.serviceDeploymentArn) {
    const fresh = (await gateway.describeServiceDeployments([deployment.serviceDeploymentArn])).items[0];
    if (fresh) deploymentNode.update(fresh);
    deps.explorer.fire([deploymentNode]);
    deps.liveUpdater.track(deploymentNode);
  }
}
