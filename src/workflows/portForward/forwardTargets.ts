/**
 * What can be forwarded in a task, and why it cannot: the containers with their runtime ids and the
 * ports of the task definition's portMappings, and a preflight that explains instead of failing
 * (docs/port-forwarding.md §1: Session Manager reaches a container through the ECS Exec agent).
 * Editor-free.
 */
import type { ContainerDefinition, Task } from '@aws-sdk/client-ecs';

export interface ForwardableContainer {
  readonly name: string;
  readonly runtimeId: string | undefined;
  /** containerPort values of its portMappings (TCP only: Session Manager forwards TCP). */
  readonly ports: readonly number[];
}

export function forwardableContainers(
  task: Task,
  definitions: readonly ContainerDefinition[] | undefined,
): ForwardableContainer[] {
  return (task.containers ?? []).map((c) => {
    const definition = definitions?.find((d) => d.name === c.name);
    const ports = (definition?.portMappings ?? [])
      .filter((m) => (m.protocol ?? 'tcp') === 'tcp' && m.containerPort !== undefined)
      .map((m) => m.containerPort!);
    return { name: c.name ?? '', runtimeId: c.runtimeId, ports: [...new Set(ports)] };
  });
}

/** Platform versions before 1.4.0 have no ECS Exec. */
function platformTooOld(version: string | undefined): boolean {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(version ?? '');
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major < 1 || (major === 1 && minor < 4);
}

/**
 * Why Session Manager cannot reach the task (undefined: nothing known against it). Each reason says
 * what to do.
 */
export function portForwardProblem(task: Task, container?: string): string | undefined {
  const id = task.taskArn?.split('/').pop() ?? 'the task';
  if (task.lastStatus !== 'RUNNING')
    return `Task ${id} is ${task.lastStatus ?? 'not running'}: a port can only be forwarded to a RUNNING task.`;
  if (!task.enableExecuteCommand)
    return `ECS Exec is off for task ${id}: port forwarding goes through the ECS Exec agent. Turn on "enableExecuteCommand" for the service (or Run Task with ECS Exec on), then forward from a new task.`;
  if (task.launchType === 'FARGATE' && platformTooOld(task.platformVersion))
    return `Task ${id} runs on Fargate platform version ${task.platformVersion}: ECS Exec needs 1.4.0 or later. Deploy with platform version LATEST.`;
  const containers = (task.containers ?? []).filter((c) => container === undefined || c.name === container);
  for (const c of containers) {
    const agent = c.managedAgents?.find((a) => a.name === 'ExecuteCommandAgent');
    if (agent && agent.lastStatus !== 'RUNNING')
      return `The ECS Exec agent in container ${c.name ?? ''} is ${agent.lastStatus ?? 'not running'}${agent.reason ? ` (${agent.reason})` : ''}: wait until it is RUNNING, or check the task role's ssmmessages permissions.`;
    if (!c.runtimeId)
      return `Container ${c.name ?? ''} of task ${id} has no runtime id yet: wait until it is running.`;
  }
  return undefined;
}

/** A host name or IP address the agent can dial (no scheme, no port, no spaces). */
export function remoteHostProblem(host: string): string | undefined {
  const value = host.trim();
  if (value === '') return 'Enter the host the task should connect to (an RDS endpoint, a private IP…).';
  if (/[\s/:@]/.test(value) && !/^\[?[0-9a-f:]+\]?$/i.test(value))
    return 'Enter only the host name or IP address, without a scheme, path or port.';
  if (value.length > 253) return 'A host name has at most 253 characters.';
  return undefined;
}

export function portProblem(text: string): string | undefined {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return 'Enter a port number from 1 to 65535.';
  const port = Number(value);
  return port >= 1 && port <= 65535 ? undefined : 'Enter a port number from 1 to 65535.';
}
