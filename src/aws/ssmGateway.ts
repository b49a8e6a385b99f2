/**
 * What the extension asks of AWS Systems Manager: Session Manager port-forwarding sessions to an ECS
 * container (docs/port-forwarding.md §1). Editor-free.
 *
 * StartSession with the target `ecs:<cluster>_<taskId>_<containerRuntimeId>` and the document
 * `AWS-StartPortForwardingSession` (portNumber, localPortNumber) or
 * `AWS-StartPortForwardingSessionToRemoteHost` (host too) returns the session id, the data channel's
 * WebSocket URL and its token. Every document parameter is a list of strings. The token opens the data
 * channel: it is handed to `onSecret` (the redactor) before anything else sees it, and never logged.
 * TerminateSession ends the session on the service side (the agent closes its end).
 */
import type { SSMClient } from '@aws-sdk/client-ssm';
import { sdk } from './sdkModules';

export const PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSession';
export const REMOTE_HOST_PORT_FORWARDING_DOCUMENT = 'AWS-StartPortForwardingSessionToRemoteHost';

export interface SsmSession {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
}

export interface PortForwardingSessionInput {
  /** `ecs:<cluster>_<taskId>_<containerRuntimeId>` (ecsSessionTarget). */
  readonly target: string;
  /** The port in the task (or on the remote host). */
  readonly portNumber: number;
  /** The local port, told to the agent as the plugin does (informational for the agent). */
  readonly localPortNumber?: number;
  /** A host the task reaches (an RDS endpoint…): the remote-host document. */
  readonly host?: string;
}

export interface SsmGateway {
  startPortForwardingSession(input: PortForwardingSessionInput, signal?: AbortSignal): Promise<SsmSession>;
  terminateSession(sessionId: string): Promise<void>;
}

export interface SsmGatewayOptions {
  /** Called with each session token before it is returned (the redactor registers it). */
  readonly onSecret?: (secret: string) => void;
}

/** The Session Manager target of an ECS container (docs/port-forwarding.md §1). */
export function ecsSessionTarget(cluster: string, taskId: string, containerRuntimeId: string): string {
  // The cluster by name and the task by id: an ARN's slashes and colons are not part of the target.
  const clusterName = cluster.includes('/') ? cluster.slice(cluster.lastIndexOf('/') + 1) : cluster;
  const task = taskId.includes('/') ? taskId.slice(taskId.lastIndexOf('/') + 1) : taskId;
  return `ecs:${clusterName}_${task}_${containerRuntimeId}`;
}

export function createSsmGateway(client: SSMClient, options: SsmGatewayOptions = {}): SsmGateway {
  return {
    async startPortForwardingSession(input, signal) {
      const { StartSessionCommand } = sdk.ssm();
      const parameters: Record<string, string[]> = { portNumber: [String(input.portNumber)] };
      if (input.localPortNumber !== undefined) parameters.localPortNumber = [String(input.localPortNumber)];
      if (input.host !== undefined) parameters.host = [input.host];
      const out = await client.send(
        new StartSessionCommand({
          Target: input.target,
          DocumentName:
            input.host === undefined ? PORT_FORWARDING_DOCUMENT : REMOTE_HOST_PORT_FORWARDING_DOCUMENT,
          Parameters: parameters,
          Reason: 'Port forwarding from the ECS & Fargate extension',
        }),
        signal ? { abortSignal: signal } : {},
      );
      if (!out.SessionId || !out.StreamUrl || !out.TokenValue)
        throw new Error(`SSM StartSession returned no session for the target: ${input.target}`);
      options.onSecret?.(out.TokenValue);
      return { sessionId: out.SessionId, streamUrl: out.StreamUrl, tokenValue: out.TokenValue };
    },
    async terminateSession(sessionId) {
      const { TerminateSessionCommand } = sdk.ssm();
      await client.send(new TerminateSessionCommand({ SessionId: sessionId }));
    },
  };
}
