/**
 * CloudTrail as a service module of the fake endpoint: awsJson1_1, X-Amz-Target prefix
 * CloudTrail_20131101 (the SDK's serviceTarget), signing name cloudtrail. LookupEvents only.
 */
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { ServiceModule } from '../services';
import type { FakeCloudTrail } from './fakeCloudTrail';

export const CLOUDTRAIL_TARGET_PREFIX = 'CloudTrail_20131101';

export function cloudTrailModule(trail: FakeCloudTrail): ServiceModule {
  return {
    signingName: 'cloudtrail',
    protocol: awsJsonProtocol('com.amazonaws.cloudtrail'),
    jsonTargetPrefix: CLOUDTRAIL_TARGET_PREFIX,
    handle(operation: string, input: unknown): unknown {
      if (operation === 'LookupEvents') return trail.lookup((input ?? {}) as Record<string, unknown>);
      throw new AwsError('UnknownOperationException', `Unknown operation ${operation}`);
    },
  };
}
