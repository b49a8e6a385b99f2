/** Secrets Manager as a service module of the fake endpoint: awsJson1_1, target prefix secretsmanager. */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, ServiceModule } from '../services';
import type { FakeSecretsManager } from './fakeSecretsManager';

export const SECRETS_MANAGER_TARGET_PREFIX = 'secretsmanager';

export function secretsManagerModule(secrets: FakeSecretsManager): ServiceModule {
  return {
    signingName: 'secretsmanager',
    protocol: awsJsonProtocol('com.amazonaws.secretsmanager'),
    jsonTargetPrefix: SECRETS_MANAGER_TARGET_PREFIX,
    errors: {
      serverError: {
        code: 'InternalServiceError',
        status: 500,
        message: 'An error occurred on the server side.',
      },
    },
    resourceFor(_operation: string, input: unknown, ctx: CallContext): string {
      const id = (input as { SecretId?: string } | undefined)?.SecretId;
      if (!id) return '*';
      return secrets.find(id)?.arn ?? `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${id}`;
    },
    handle(operation: string, input: unknown): unknown {
      if (operation === 'GetSecretValue') return secrets.getSecretValue(input as Record<string, string>);
      throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    },
  };
}
