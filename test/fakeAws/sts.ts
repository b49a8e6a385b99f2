/** STS (query protocol): GetCallerIdentity, enough for "who am I" and credential checks. */
import { AwsError } from './errors';
import { queryProtocol } from './protocols/query';
import type { CallContext, ServiceModule } from './services';

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The caller the fake pretends every key belongs to. */
export function callerArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:user/test`;
}

export function stsModule(): ServiceModule {
  return {
    signingName: 'sts',
    protocol: queryProtocol(STS_XMLNS),
    queryVersion: '2011-06-15',
    handle(operation: string, _input: unknown, ctx: CallContext): unknown {
      if (operation === 'GetCallerIdentity') {
        return { UserId: 'AIDAFAKEUSERID000TEST', Account: ctx.accountId, Arn: callerArn(ctx.accountId) };
      }
      throw new AwsError('InvalidAction', `Could not find operation ${operation} for version 2011-06-15`);
    },
  };
}
