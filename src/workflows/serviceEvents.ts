/**
 * A service's deployments and events as plain text, oldest first and newest last (like a log, so
 * the latest line is where the eye lands at the bottom), with local times. ECS returns events
 * newest first and keeps only the latest 100. Editor-free.
 */
import type { Deployment, Service, ServiceEvent } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionId } from '../aws/taskDefinitionGateway';

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `2024-05-01 14:03:09` in the machine's time zone. */
export function localTime(date: Date | undefined): string {
  if (!date) return '                   ';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** `UTC+02:00` for the header, so nobody mistakes the times for UTC. */
export function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

const revisionOf = (arn: string | undefined): string => {
  const id = parseTaskDefinitionId(arn);
  return id ? `${id.family}:${id.revision}` : (arn ?? '?');
};

const timeOf = (d: { createdAt?: Date }): number => d.createdAt?.getTime() ?? 0;

export function formatDeployment(d: Deployment): string {
  const counts = `${d.runningCount ?? 0}/${d.desiredCount ?? 0} running, ${d.pendingCount ?? 0} pending, ${d.failedTasks ?? 0} failed`;
  const rollout = d.rolloutState
    ? ` · ${d.rolloutState}${d.rolloutStateReason ? ` — ${d.rolloutStateReason}` : ''}`
    : '';
  return `${localTime(d.createdAt)}  ${(d.status ?? '?').padEnd(8)} ${revisionOf(d.taskDefinition)} · ${counts}${rollout}`;
}

export function formatEvent(e: ServiceEvent): string {
  return `${localTime(e.createdAt)}  ${e.message ?? ''}`;
}

/** The whole document: a header, the deployments, then the events, each oldest first. */
export function formatServiceEvents(service: Service, cluster: string, now: Date = new Date()): string {
  const name = service.serviceName ?? '?';
  const deployments = [...(service.deployments ?? [])].sort((a, b) => timeOf(a) - timeOf(b));
  const events = [...(service.events ?? [])].sort((a, b) => timeOf(a) - timeOf(b));
  const lines = [
    `Service ${name} in cluster ${cluster} — ${service.status ?? '?'}`,
    `Tasks: ${service.runningCount ?? 0} running / ${service.desiredCount ?? 0} desired / ${service.pendingCount ?? 0} pending`,
    `Task definition: ${revisionOf(service.taskDefinition)}`,
    `Times are local (${utcOffset(now)}); read at ${localTime(now)}.`,
    '',
    `Deployments (${deployments.length}, newest last):`,
    ...(deployments.length > 0 ? deployments.map((d) => `  ${formatDeployment(d)}`) : ['  (none)']),
    '',
    `Events (${events.length}, newest last${events.length >= 100 ? '; ECS keeps only the latest 100' : ''}):`,
    ...(events.length > 0 ? events.map((e) => `  ${formatEvent(e)}`) : ['  (none)']),
  ];
  return `${lines.join('\n')}\n`;
}
