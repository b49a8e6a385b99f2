/** CloudWatch Logs as a service module of the fake endpoint: awsJson1_1, target prefix Logs_20140328. */
import type { StartLiveTailRequest } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import { groupNameOf, logsHandlers } from './handlers';
import type { FakeLogs } from './fakeLogs';
import { startLiveTail } from './liveTail';

export const LOGS_TARGET_PREFIX = 'Logs_20140328';

/** The operations the fake CloudWatch Logs implements. */
export const logsOperations: readonly string[] = [...Object.keys(logsHandlers), 'StartLiveTail'];

export function logsModule(logs: FakeLogs): ServiceModule {
  return {
    signingName: 'logs',
    protocol: awsJsonProtocol('com.amazonaws.logs'),
    jsonTargetPrefix: LOGS_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'ServiceUnavailableException',
        status: 500,
        message: 'The service cannot complete the request.',
      },
    },
    resourceFor(_operation: string, input: unknown, ctx: CallContext): string {
      const fields = (input ?? {}) as {
        logGroupName?: string;
        logGroupIdentifier?: string;
        logGroupIdentifiers?: string[];
      };
      const ref = fields.logGroupName ?? fields.logGroupIdentifier ?? fields.logGroupIdentifiers?.[0];
      if (ref === undefined) return '*';
      return `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${groupNameOf(ref)}:*`;
    },
    handle(operation: string, input: unknown, ctx: CallContext): unknown {
      const fault = logs.randomFault(operation);
      if (fault) throw fault;
      logs.feed();
      if (operation === 'StartLiveTail')
        return startLiveTail(logs, input as StartLiveTailRequest, ctx.requestId);
      const handler = Object.hasOwn(logsHandlers, operation) ? logsHandlers[operation] : undefined;
      if (!handler) throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
      return handler(logs, input);
    },
  };
}
