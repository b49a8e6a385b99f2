/**
 * AWS Systems Manager as a service module of the fake endpoint: awsJson1_1, target prefix AmazonSSM.
 * Session Manager (StartSession, TerminateSession) is in sessions.ts; Parameter Store goes in a file
 * of its own next to it, and joins the operation table below.
 */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import type { FakeSsmSessions } from './sessions';

export const SSM_TARGET_PREFIX = 'AmazonSSM';

export interface FakeSsm {
  readonly sessions: FakeSsmSessions;
}

type Handler = (ssm: FakeSsm, input: unknown, ctx: CallContext) => unknown;

const handlers: Record<string, Handler> = {
  // The session id starts with the caller's name, as the service does (the access key stands in).
  StartSession: (ssm, input, ctx) => ssm.sessions.startSession(input, ctx.accessKeyId ?? 'user'),
  TerminateSession: (ssm, input) => ssm.sessions.terminateSession(input),
};

export const ssmOperations: readonly string[] = Object.keys(handlers);

export function ssmModule(ssm: FakeSsm): ServiceModule {
  return {
    signingName: 'ssm',
    protocol: awsJsonProtocol('com.amazonaws.ssm'),
    jsonTargetPrefix: SSM_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'InternalServerError',
        status: 500,
        message: 'An internal server error occurred.',
      },
    },
    resourceFor(operation: string, input: unknown, ctx: CallContext): string {
      if (operation === 'StartSession') {
        const target = (input as { Target?: string } | undefined)?.Target ?? '*';
        return `arn:aws:ssm:${ctx.region}:${ctx.accountId}:managed-instance/${target}`;
      }
      return '*';
    },
    handle(operation: string, input: unknown, ctx: CallContext): unknown {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return handler(ssm, input, ctx);
    },
  };
}
