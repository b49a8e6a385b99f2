/**
 * What the extension asks of AWS STS: the connection's account id (GetCallerIdentity), asked once
 * per gateway, i.e. once per connection. A failure (an expired session…) is not remembered: the
 * next call asks again. Editor-free.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { sdk } from './sdkModules';

export interface StsGateway {
  accountId(): Promise<string>;
}

export function createStsGateway(client: STSClient): StsGateway {
  let pending: Promise<string> | undefined;
  return {
    accountId() {
      if (pending) return pending;
      const request = client.send(new (sdk.sts().GetCallerIdentityCommand)({})).then((out) => {
        if (!out.Account) throw new Error('STS GetCallerIdentity returned no account id.');
        return out.Account;
      });
      pending = request;
      void request.catch(() => {
        if (pending === request) pending = undefined;
      });
      return request;
    },
  };
}
