/**
 * AWS Systems Manager as a service module of the fake endpoint: awsJson1_1, target prefix AmazonSSM.
 * Session Manager (StartSession, TerminateSession) is in sessions.ts, Parameter Store (GetParameter,
 * GetParameters) in parameters.ts; both join the operation table below.
 */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import { parameterStoreHandlers, type FakeSsmParameters } from './parameters';
import type { FakeSsmSessions } from './sessions';

export const SSM_TARGET_PREFIX = 'AmazonSSM';

export interface FakeSsm {
  readonly sessions: FakeSsmSessions;
  readonly parameters: FakeSsmParameters;
}

type Handler = (input: unknown, ctx: CallContext) => unknown;

function handlersOf(ssm: FakeSsm): Record<string, Handler> {
  return {
    // The session id starts with the caller's name, as the service does (the access key stands in).
    StartSession: (input, ctx) => ssm.sessions.startSession(input, ctx.accessKeyId ?? 'user'),
    TerminateSession: (input) => ssm.sessions.terminateSession(input),
    ...parameterStoreHandlers(ssm.parameters),
  };
}

export function ssmModule(ssm: FakeSsm): ServiceModule {
  const handlers = handlersOf(ssm);
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
      return handler(input, ctx);
    },
  };
}
