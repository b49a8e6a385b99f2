/**
 * The only place that constructs AWS SDK clients. CONTRACT (implementation to be written):
 * every client gets an explicit region, the connection's credential provider, adaptive retry,
 * and an HTTP handler honouring AWS_CA_BUNDLE and HTTPS_PROXY/NO_PROXY.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { STSClient } from '@aws-sdk/client-sts';

export interface AwsClientFactory {
  readonly region: string;
  ecs(): ECSClient;
  sts(): STSClient;
  /** Destroys every client created so far (sockets are released). */
  destroy(): void;
}
