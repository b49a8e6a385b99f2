/**
 * The questions of "ECS: Run Task", one quick pick or input box each, every one pre-filled from
 * the last run (its answer listed first, marked "last run"). Escape anywhere cancels the run.
 */
import type { TaskOverride } from '@aws-sdk/client-ecs';
import * as vscode from 'vscode';
import { UserCancelledError } from '../../ui/errors';
import { pickFromListing, pickService, type PickItem } from '../../ui/pickers';
import {
  countProblem,
  parseIds,
  securityGroupsProblem,
  subnetsProblem,
  type RunTaskCapacity,
  type RunTaskNetwork,
} from '../../workflows/runTask/runTaskInput';
import type { LastRun } from '../../workflows/runTask/runTaskMemory';
import {
  defaultVpcNetwork,
  describeNetwork,
  networkOfService,
  serviceNetworks,
  type NamedNetwork,
} from '../../workflows/runTask/runTaskNetwork';
import { overridesTemplate, overridesText, parseOverrides } from '../../workflows/runTask/runTaskOverrides';
import type { RunTaskCommandDeps } from './runTaskCommandDeps';

const TITLE = 'Run Task';

interface Item<T> extends vscode.QuickPickItem {
  readonly value: T;
}

async function choose<T>(items: ReadonlyArray<Item<T>>, placeHolder: string, step: string): Promise<T> {
  const chosen = await vscode.window.showQuickPick(items, {
    title: `${TITLE}: ${step}`,
    placeHolder,
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  if (!chosen) throw new UserCancelledError();
  return chosen.value;
}

async function ask(options: vscode.InputBoxOptions & { step: string }): Promise<string> {
  const answer = await vscode.window.showInputBox({
    ...options,
    title: `${TITLE}: ${options.step}`,
    ignoreFocusOut: true,
  });
  if (answer === undefined) throw new UserCancelledError();
  return answer;
}

/** The last run's answer first. */
function lastFirst<T>(items: Array<Item<T>>, isLast: (value: T) => boolean): Array<Item<T>> {
  const last = items.find((i) => isLast(i.value));
  if (!last) return items;
  return [
    { ...last, description: [last.description, 'last run'].filter(Boolean).join(' · ') },
    ...items.filter((i) => i !== last),
  ];
}

type NetworkAnswer = NamedNetwork | 'service' | 'enter';

export async function pickRunNetwork(
  deps: RunTaskCommandDeps,
  cluster: string,
  last: LastRun,
): Promise<NamedNetwork> {
  // Filled by the listing: the services' networks (undefined when listing them failed).
  const listed: { services?: readonly NamedNetwork[] | undefined } = {};
  const answer = await pickFromListing(
    `${TITLE}: Networking`,
    async (signal): Promise<Array<PickItem<NetworkAnswer>>> => {
      const [vpc, services] = await Promise.all([
        defaultVpcNetwork(deps.ec2(), signal),
        // A listing that fails still offers the choice: picking it then reports the error.
        serviceNetworks(deps.ecs(), cluster, signal).catch(() => undefined),
      ]);
      listed.services = services;
      const items: Array<PickItem<NetworkAnswer>> = [];
      if (last.network) {
        const network = { source: last.network.source ?? 'last run', ...last.network };
        items.push({ label: 'Same as the last run', description: describeNetwork(network), value: network });
      }
      if (vpc) {
        items.push({
          label: `Default VPC (${vpc.source.replace('default VPC ', '')})`,
          description: describeNetwork(vpc),
          detail:
            'Its subnets are public: the task gets a public IP so it can pull its image from ECR or Docker Hub.',
          value: vpc,
        });
      } else {
        items.push({
          label: "This region has no default VPC: copy a service's networking or enter subnet ids",
          kind: vscode.QuickPickItemKind.Separator,
        });
      }
      // Only where there are services to copy from (a cluster of jobs has none).
      if (services === undefined || services.length > 0) {
        items.push({
          label: 'Same as a service…',
          detail: `Copy the subnets, security groups and public IP of a service in ${cluster}`,
          value: 'service',
        });
      }
      items.push({ label: 'Enter subnet and security group ids…', value: 'enter' });
      return items;
    },
    'No networking choices.',
    { placeHolder: 'Subnets and security groups for the task', ignoreFocusOut: true },
  );
  if (answer === 'service' && listed.services) {
    return choose(
      listed.services.map((n) => ({
        label: n.source.replace(/^service /, ''),
        description: describeNetwork(n),
        value: n,
      })),
      `The service whose networking the task copies (${cluster})`,
      'Networking of a service',
    );
  }
  if (answer === 'service') {
    const service = await pickService(deps.ecs(), cluster);
    const network = networkOfService(service);
    if (!network)
      throw new Error(
        `Service ${service.serviceName ?? ''} has no awsvpc network configuration to copy: choose another networking option.`,
      );
    return network;
  }
  if (answer === 'enter') return askNetworkIds(last.network);
  return answer;
}

async function askNetworkIds(last: RunTaskNetwork | undefined): Promise<NamedNetwork> {
  const subnets = parseIds(
    await ask({
      step: 'Subnets',
      prompt: 'Subnet ids, separated by commas (all in the same VPC)',
      value: last?.subnets.join(', ') ?? '',
      validateInput: (v) => subnetsProblem(parseIds(v)),
    }),
  );
  const securityGroups = parseIds(
    await ask({
      step: 'Security groups',
      prompt: "Security group ids, separated by commas; empty = the VPC's default security group",
      value: last?.securityGroups.join(', ') ?? '',
      validateInput: (v) => securityGroupsProblem(parseIds(v)),
    }),
  );
  return { source: 'entered ids', subnets, securityGroups, assignPublicIp: last?.assignPublicIp ?? true };
}

export async function pickPublicIp(network: NamedNetwork): Promise<boolean> {
  const on: Item<boolean> = {
    label: 'Public IP on',
    detail: "Needed in a public subnet (like the default VPC's) to reach ECR or Docker Hub.",
    value: true,
  };
  const off: Item<boolean> = {
    label: 'Public IP off',
    detail:
      'For a private subnet: it needs a NAT gateway or VPC endpoints (ECR, S3, Logs), or the image cannot be pulled.',
    value: false,
  };
  const first = network.assignPublicIp ? on : off;
  return choose(
    [{ ...first, description: `as ${network.source}` }, network.assignPublicIp ? off : on],
    'Assign a public IP to the task?',
    'Public IP',
  );
}

const sameCapacity = (a: RunTaskCapacity, b: RunTaskCapacity | undefined): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

export async function pickCapacity(last: LastRun): Promise<RunTaskCapacity> {
  const items: Array<Item<RunTaskCapacity>> = [
    {
      label: 'FARGATE',
      description: 'launch type',
      detail: 'On-demand Fargate capacity',
      value: { launchType: 'FARGATE' },
    },
    {
      label: 'FARGATE_SPOT',
      description: 'capacity provider',
      detail: "Spare capacity at a discount; the task can be stopped with two minutes' notice",
      value: { capacityProvider: 'FARGATE_SPOT' },
    },
  ];
  return choose(
    lastFirst(items, (v) => sameCapacity(v, last.capacity)),
    'Where the task runs',
    'Capacity',
  );
}

export async function askCount(last: LastRun): Promise<number> {
  const text = await ask({
    step: 'Count',
    prompt: 'How many tasks to start (1 to 10)',
    value: String(last.count ?? 1),
    validateInput: (v) => countProblem(v),
  });
  return Number(text.trim());
}

export async function askOverrides(
  last: LastRun,
  containers: readonly string[],
): Promise<TaskOverride | undefined> {
  const lastText = overridesText(last.overrides);
  const lastValid = lastText !== '' && parseOverrides(lastText, containers).ok;
  const items: Array<Item<'none' | 'edit' | 'last'>> = [
    { label: 'No overrides', detail: 'Run the revision as it is', value: 'none' },
    ...(lastValid
      ? [{ label: 'Same overrides as the last run', description: lastText, value: 'last' as const }]
      : []),
    {
      label: 'Override command or environment…',
      detail: `Containers: ${containers.join(', ')}`,
      value: 'edit',
    },
  ];
  const answer = await choose(
    lastValid ? lastFirst(items, (v) => v === 'last') : items,
    'Optional overrides',
    'Overrides',
  );
  if (answer === 'none') return undefined;
  if (answer === 'last') return last.overrides;
  // An input box with live validation: a modal cannot be answered while an editor is being edited.
  const text = await ask({
    step: 'Overrides (JSON)',
    prompt: 'containerOverrides with name, command and environment; checked as you type',
    value: lastText || overridesTemplate(containers),
    validateInput: (v) => {
      const parsed = parseOverrides(v, containers);
      return parsed.ok ? undefined : parsed.problem;
    },
  });
  const parsed = parseOverrides(text, containers);
  if (!parsed.ok) throw new Error(`Overrides: ${parsed.problem}`);
  return parsed.overrides;
}

/**
 * ECS Exec (enableExecuteCommand) for the task. The extension has no command that opens a shell
 * yet, so the choice says what it does today: the AWS CLI's `aws ecs execute-command` can use it.
 */
export async function pickExecuteCommand(last: LastRun): Promise<boolean> {
  const items: Array<Item<boolean>> = [
    { label: 'ECS Exec off', value: false },
    {
      label: 'ECS Exec on',
      detail:
        'Sets enableExecuteCommand, for `aws ecs execute-command` (this extension cannot open a shell yet); the task role must allow ssmmessages:*',
      value: true,
    },
  ];
  return choose(
    lastFirst(items, (v) => v === (last.enableExecuteCommand ?? false)),
    'ECS Exec (enableExecuteCommand)',
    'ECS Exec',
  );
}
