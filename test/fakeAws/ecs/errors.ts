/** The ECS service errors the fake raises, with ECS's own messages. */
import { AwsError } from '../errors';

export const clusterNotFound = (): AwsError => new AwsError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = (): AwsError => new AwsError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = (): AwsError =>
  new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);
export const clientError = (message: string): AwsError => new AwsError('ClientException', message);
export const clusterContainsServices = (): AwsError =>
  new AwsError(
    'ClusterContainsServicesException',
    'The Cluster cannot be deleted while Services are active.',
  );
export const clusterContainsTasks = (): AwsError =>
  new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
