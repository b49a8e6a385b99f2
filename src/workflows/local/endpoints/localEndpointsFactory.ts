/**
 * What services.ts hands the Run Locally command for a task's endpoints: given the task definition's
 * taskRoleArn and the user's choice, the runner seam with the right credentials. The task role is
 * assumed here, before anything starts, so a role the user may not assume is explained up front
 * (TaskRoleUnavailableError); `ownCredentials` serves the profile's credentials instead (the
 * command warns first). No taskRoleArn: metadata only, no credentials endpoint, as on Fargate.
 * Editor-free.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../../shared/logger';
import type { StartTaskEndpoints } from '../localTask';
import type { EndpointsNetworkDocker, EndpointsPlacement } from './endpointAddress';
import { localTaskEndpoints } from './localTaskEndpoints';
import {
  checkTaskRole,
  ownCredentials,
  roleSessionName,
  taskRoleCredentials,
  type AssumeRole,
  type CredentialsSource,
} from './taskCredentials';

export interface LocalEndpointsServices {
  /** The endpoints network on the current Docker engine. */
  readonly network: () => EndpointsNetworkDocker;
  /** STS AssumeRole with the current connection (StsGateway.assumeRole). */
  readonly assumeRole: AssumeRole;
  /** The current connection's resolved credentials (served only when the user chose so). */
  readonly ownCredentials: () => Promise<{
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
  }>;
  /** The current connection's region (undefined without a connection: no AWS_REGION). */
  readonly region: () => string | undefined;
  /** The redactor's registerSecret. */
  readonly onSecret: (secret: string) => void;
  readonly logger?: Logger;
}

export type LocalEndpointsFactory = (
  taskRoleArn: string | undefined,
  options?: {
    useOwnCredentials?: boolean;
    onPlacement?: (placement: EndpointsPlacement) => void;
  },
) => Promise<StartTaskEndpoints>;

export function localEndpointsFactory(services: LocalEndpointsServices): LocalEndpointsFactory {
  return async (taskRoleArn, options = {}) => {
    let credentials: CredentialsSource | undefined;
    if (taskRoleArn && options.useOwnCredentials) {
      credentials = ownCredentials({ resolve: services.ownCredentials });
    } else if (taskRoleArn) {
      credentials = await checkTaskRole(
        taskRoleCredentials({
          roleArn: taskRoleArn,
          sessionName: roleSessionName(randomBytes(8).toString('hex')),
          assumeRole: services.assumeRole,
          onSecret: services.onSecret,
        }),
        taskRoleArn,
      );
    }
    const region = services.region();
    return localTaskEndpoints({
      network: services.network(),
      ...(region ? { region } : {}),
      ...(credentials ? { credentials } : {}),
      onSecret: services.onSecret,
      ...(options.onPlacement ? { onPlacement: options.onPlacement } : {}),
      ...(services.logger ? { logger: services.logger } : {}),
    });
  };
}
