import * as vscode from 'vscode';
import type { LoadBalancer } from '@aws-sdk/client-ecs';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { UserCancelledError } from '../../ui/errors';
import { withBusyIndicator } from '../../ui/progress';
import { registerCommand } from '../../ui/runCommand';
import {
  currentChoice,
  deploymentConfigurationFor,
  describePlannedStrategy,
  strategyFacts,
  strategyLabel,
  validateStrategy,
  type StrategyChoice,
} from '../../workflows/deployments/strategy';
import {
  findTrafficShiftResources,
  roleArnProblem,
  withAdvancedConfiguration,
} from '../../workflows/deployments/trafficShiftResources';
import { serviceSubject, showServiceUpdate } from '../service/serviceSubject';
import type { DeploymentCommandDeps } from './deploymentCommandDeps';
import { askAlarms, askNumber, pickStrategy } from './deploymentStrategyPrompts';

/**
 * `ecsFargate.configureDeploymentStrategy`: shows how the service deploys now, asks for the
 * strategy and its numbers (validated before any call), picks the alternate target group and the
 * production listener rule a traffic-shifting strategy needs (or explains what is missing),
 * confirms, and applies it with one UpdateService.
 */
export function registerConfigureDeploymentStrategy(deps: DeploymentCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.configureDeploymentStrategy',
    'Configuring the deployment strategy',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, service, node: serviceNode } = await serviceSubject(deps.ecs(), node);
      const name = service.serviceName ?? '';
      const facts = strategyFacts(service);
      const controller = service.deploymentController?.type ?? 'ECS';
      if (controller !== 'ECS') {
        throw new Error(
          `${name} is deployed by the ${controller} controller: a deployment strategy applies only to the ECS controller, and UpdateService cannot change the controller.`,
        );
      }
      const current = currentChoice(service.deploymentConfiguration);
      const strategy = await pickStrategy(current, strategyLabel(service));
      const title = `Deployment strategy of ${name}`;
      let choice: StrategyChoice = { ...current, strategy };
      if (strategy === 'ROLLING') {
        const minimumHealthyPercent = await askNumber(
          title,
          'Minimum healthy percent (0–100)',
          'minimumHealthyPercent',
          current.minimumHealthyPercent ?? 100,
          choice,
        );
        choice = { ...choice, minimumHealthyPercent };
        const maximumPercent = await askNumber(
          title,
          'Maximum percent (100–200)',
          'maximumPercent',
          current.maximumPercent ?? 200,
          choice,
        );
        choice = { ...choice, maximumPercent };
      } else if (strategy === 'LINEAR') {
        const stepPercent = await askNumber(
          title,
          'Percent of production traffic per step (3–100)',
          'stepPercent',
          current.stepPercent ?? 10,
          choice,
        );
        choice = { ...choice, stepPercent };
        const stepBakeTimeInMinutes = await askNumber(
          title,
          'Minutes between steps (0–1440)',
          'stepBakeTimeInMinutes',
          current.stepBakeTimeInMinutes ?? 6,
          choice,
        );
        choice = { ...choice, stepBakeTimeInMinutes };
      } else if (strategy === 'CANARY') {
        const canaryPercent = await askNumber(
          title,
          'Percent of production traffic moved first (0.1–100)',
          'canaryPercent',
          current.canaryPercent ?? 5,
          choice,
        );
        choice = { ...choice, canaryPercent };
        const canaryBakeTimeInMinutes = await askNumber(
          title,
          'Minutes before the rest moves (0–1440)',
          'canaryBakeTimeInMinutes',
          current.canaryBakeTimeInMinutes ?? 10,
          choice,
        );
        choice = { ...choice, canaryBakeTimeInMinutes };
      }
      if (strategy !== 'ROLLING') {
        const bakeTimeInMinutes = await askNumber(
          title,
          'Bake time after all traffic moved, in minutes (0–1440)',
          'bakeTimeInMinutes',
          current.bakeTimeInMinutes ?? 0,
          choice,
        );
        choice = { ...choice, bakeTimeInMinutes };
      }
      choice = { ...choice, alarms: await askAlarms(current.alarms ?? []) };

      let loadBalancers: readonly LoadBalancer[] | undefined;
      if (strategy !== 'ROLLING') {
        const lookup = await withBusyIndicator(`ECS: Reading the load balancer of ${name}…`, () =>
          findTrafficShiftResources(deps.elb(), service),
        );
        if (lookup.kind === 'missing') throw new Error(`${name} cannot use ${strategy}: ${lookup.problem}.`);
        if (lookup.kind === 'candidates') {
          const alternate = await vscode.window.showQuickPick(
            lookup.alternates.map((g) => ({
              label: g.TargetGroupName ?? '?',
              description: `${g.Protocol ?? ''} ${g.Port ?? ''}`,
              arn: g.TargetGroupArn ?? '',
            })),
            { title, placeHolder: 'The alternate target group (the new revision runs behind it first)' },
          );
          if (!alternate) throw new UserCancelledError();
          const rule = await vscode.window.showQuickPick(
            lookup.rules.map((r) => ({
              label: r.IsDefault ? 'Default rule' : `Priority ${r.Priority ?? '?'}`,
              description: (r.Conditions ?? [])
                .map((c) => `${c.Field ?? ''} ${(c.Values ?? []).join(',')}`)
                .join('; '),
              detail: r.RuleArn,
              arn: r.RuleArn ?? '',
            })),
            { title, placeHolder: 'The production listener rule ECS re-weights' },
          );
          if (!rule) throw new UserCancelledError();
          const role = await vscode.window.showInputBox({
            title,
            prompt:
              'The IAM role ECS uses to change the listener rule (infrastructure role for load balancers)',
            validateInput: roleArnProblem,
          });
          if (role === undefined) throw new UserCancelledError();
          loadBalancers = [
            withAdvancedConfiguration(lookup.loadBalancer, alternate.arn, rule.arn, role.trim()),
          ];
        }
      }
      // Last check before the call (the prompts validated each number; this checks them together).
      const problems = validateStrategy(
        choice,
        loadBalancers ? { ...service, loadBalancers: [...loadBalancers] } : service,
      );
      if (problems.length > 0) throw new Error(`Not changed: ${problems.map((p) => p.message).join('; ')}.`);
      const configuration = deploymentConfigurationFor(choice, service.deploymentConfiguration);
      const after = {
        deploymentConfiguration: configuration,
        deploymentController: service.deploymentController,
      };
      const apply = 'Apply';
      const answer = await vscode.window.showWarningMessage(
        `Change how ${name} deploys?`,
        {
          modal: true,
          detail:
            `Now: ${facts.map(([k, v]) => `${k}: ${v}`).join('; ')}\n` +
            `After: ${strategyFacts(after)
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}\n` +
            `${describePlannedStrategy(after)}. ` +
            (loadBalancers
              ? 'The load balancer change starts a service deployment now.'
              : 'The next deployment uses it; nothing is redeployed now.'),
        },
        apply,
      );
      if (answer !== apply) throw new UserCancelledError();
      const updated = await deps
        .deployments()
        .updateDeploymentConfiguration(cluster, service.serviceArn ?? name, configuration, loadBalancers);
      vscode.window.setStatusBarMessage(`${name} now deploys ${strategyLabel(after)}.`, 5000);
      showServiceUpdate(deps, serviceNode, updated);
    },
  );
}
