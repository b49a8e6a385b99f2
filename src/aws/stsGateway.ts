/**
 * What the extension asks of AWS STS: the connection's account id (GetCallerIdentity), asked once
 * per gateway, i.e. once per connection (a failure, e.g. an expired session, is not remembered: the
 * next call asks again); and AssumeRole for a local task's task role (workflows/local/endpoints).
 * Editor-free.
 */
import type { STSClient } from '@aws-sdk/client-sts';
import { sdk } from './sdkModules';

export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly durationSeconds?: number;
}

export interface AssumedRole {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly assumedRoleArn?: string;
}

export interface StsGateway {
  accountId(): Promise<string>;
  /** AssumeRole with the connection's credentials; STS errors (AccessDenied…) pass through. */
  assumeRole(request: AssumeRoleRequest): Promise<AssumedRole>;
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
    async assumeRole(request) {
      const out = await client.send(
        new (sdk.sts().AssumeRoleCommand)({
          RoleArn: request.roleArn,
          RoleSessionName: request.sessionName,
          ...(request.durationSeconds ? { DurationSeconds: request.durationSeconds } : {}),
        }),
      );
      const c = out.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
        throw new Error(`STS AssumeRole returned no credentials for the role: ${request.roleArn}`);
      }
      return {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
        ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
      };
    },
  };
}
