/**
 * An ECS Exec session: ExecuteCommand through the ECS gateway, then the data channel (src/ssm) with
 * the cluster's KMS key when it has one. The shell adapter turns the channel into what a terminal
 * needs; runCommand collects a one-off command's output and exit code. Editor-free.
 */
import type { EcsGateway } from '../../aws/ecsGateway';
import type { Logger } from '../../shared/logger';
import type { Redactor } from '../../shared/redact';
import {
  openDataChannel,
  type ChannelClosure,
  type DataChannel,
  type DataChannelTiming,
  type WebSocketFactory,
} from '../../ssm/dataChannel';
import type { DataKeySource } from '../../ssm/encryption';
import { PayloadType } from '../../ssm/message';
import { missingBinary, noShellAdvice } from './execErrors';

export interface ExecTarget {
  readonly cluster: string;
  /** The cluster's name (the target id uses it, not the ARN). */
  readonly clusterName: string;
  readonly taskArn: string;
  readonly container: string;
  /** The container's runtimeId (DescribeTasks), for the session target `ecs:<cluster>_<taskId>_<runtimeId>`. */
  readonly runtimeId: string | undefined;
}

export interface ExecSessionDeps {
  readonly ecs: Pick<EcsGateway, 'executeCommand'>;
  /** KMS, for clusters whose executeCommandConfiguration names a key. */
  readonly kms?: DataKeySource;
  readonly logger: Logger;
  readonly redactor: Pick<Redactor, 'registerSecret'>;
  readonly webSocketFactory?: WebSocketFactory;
  readonly timing?: Partial<DataChannelTiming>;
}

export function taskIdOf(taskArn: string): string {
  return taskArn.split('/').pop() ?? taskArn;
}

/** The SSM target of an ECS container, as the AWS CLI builds it: `ecs:<cluster>_<taskId>_<runtimeId>`. */
export function execTargetId(target: ExecTarget): string | undefined {
  return target.runtimeId
    ? `ecs:${target.clusterName}_${taskIdOf(target.taskArn)}_${target.runtimeId}`
    : undefined;
}

export async function startExecSession(
  deps: ExecSessionDeps,
  target: ExecTarget,
  command: string,
  signal?: AbortSignal,
): Promise<DataChannel> {
  const session = await deps.ecs.executeCommand(
    { cluster: target.cluster, task: target.taskArn, container: target.container, command },
    signal,
  );
  // Before anything else can print it.
  deps.redactor.registerSecret(session.tokenValue);
  const targetId = execTargetId(target);
  return openDataChannel({
    streamUrl: session.streamUrl,
    tokenValue: session.tokenValue,
    sessionId: session.sessionId,
    ...(targetId ? { targetId } : {}),
    ...(deps.kms ? { kms: deps.kms } : {}),
    ...(signal ? { signal } : {}),
    logger: deps.logger,
    redactor: deps.redactor,
    ...(deps.webSocketFactory ? { webSocketFactory: deps.webSocketFactory } : {}),
    ...(deps.timing ? { timing: deps.timing } : {}),
  });
}

export interface ShellEnd {
  readonly closure: ChannelClosure;
  /** The line the terminal shows last. */
  readonly summary: string;
}

export interface ShellSession {
  /** Text for the terminal, as it arrives. */
  onData(listener: (text: string) => void): void;
  /** Keystrokes as typed (Ctrl-C is the byte 0x03 and passes through). */
  write(text: string): void;
  resize(cols: number, rows: number): void;
  readonly ended: Promise<ShellEnd>;
  close(): void;
}

export function shellSummary(closure: ChannelClosure, noShell: string | undefined): string {
  if (noShell) return noShellAdvice(noShell);
  if (closure.reason === 'channelClosed' || closure.reason === 'clientClosed') {
    return closure.exitCode === undefined
      ? 'Session ended.'
      : `Session ended with exit code ${closure.exitCode}.`;
  }
  return closure.message;
}

/** A terminal's view of the channel: output and stderr as text, the end with its exit status. */
export function shellSession(channel: DataChannel, logger: Logger): ShellSession {
  const listeners: Array<(text: string) => void> = [];
  const early: string[] = [];
  const decoder = new TextDecoder('utf-8');
  let seen = '';
  channel.onOutput((event) => {
    if (event.payloadType !== PayloadType.Output && event.payloadType !== PayloadType.StdErr) return;
    const text = decoder.decode(event.data, { stream: true });
    if (seen.length < 4096) seen += text;
    if (listeners.length === 0) early.push(text);
    for (const l of listeners) l(text);
  });
  const report = (error: unknown) => {
    if (!channel.isClosed)
      logger.warn(`Exec input not sent: ${error instanceof Error ? error.message : String(error)}`);
  };
  return {
    onData(listener) {
      listeners.push(listener);
      for (const text of early.splice(0)) listener(text);
    },
    write: (text) => {
      channel.send(PayloadType.Output, Buffer.from(text, 'utf8')).catch(report);
    },
    resize: (cols, rows) => {
      if (cols > 0 && rows > 0) channel.sendSize(cols, rows).catch(report);
    },
    ended: channel.closed.then((closure) => ({
      closure,
      summary: shellSummary(closure, missingBinary(seen)),
    })),
    close: () => channel.close(),
  };
}

export interface CommandResult {
  readonly output: string;
  readonly exitCode: number | undefined;
  readonly closure: ChannelClosure;
  /** Set when the container has no such binary. */
  readonly advice?: string;
}

/** Runs a one-off command (ExecuteCommand is always interactive: a wide pty) and collects its output. */
export async function runCommand(
  deps: ExecSessionDeps,
  target: ExecTarget,
  command: string,
  signal?: AbortSignal,
  onOutput?: (text: string) => void,
): Promise<CommandResult> {
  const channel = await startExecSession(deps, target, command, signal);
  const decoder = new TextDecoder('utf-8');
  let output = '';
  channel.onOutput((event) => {
    if (event.payloadType !== PayloadType.Output && event.payloadType !== PayloadType.StdErr) return;
    const text = decoder.decode(event.data, { stream: true });
    output += text;
    onOutput?.(text);
  });
  // A wide terminal keeps long lines whole.
  await channel.sendSize(200, 50).catch(() => undefined);
  const closure = await channel.closed;
  const binary = missingBinary(output);
  return {
    output,
    exitCode: closure.exitCode,
    closure,
    ...(binary ? { advice: noShellAdvice(binary) } : {}),
  };
}
