/** The error names and codes describeAwsError recognises, by what they mean (SDK, service and Node codes). */

export const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'ECONNABORTED',
]);

export const TLS_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export const EXPIRED_TOKEN = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'TokenRefreshRequired',
]);

export const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AuthFailure',
  'InvalidAccessKeyId',
  'IncompleteSignature',
  'MissingAuthenticationToken',
]);

export const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedException',
]);

export const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
]);

export const NOT_FOUND = new Set(['NoSuchEntity', 'NotFound', 'ResourceNotFound', 'NoSuchKey']);

export const INVALID_INPUT = new Set([
  'InvalidParameterException',
  'ClientException',
  'ValidationException',
  'ValidationError',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'InvalidParameterCombination',
  'InvalidParameterCombinationException',
  'MissingParameter',
  'InvalidRequestException',
  'InvalidInput',
  'MalformedPolicyDocument',
  'PlatformUnknownException',
  'PlatformTaskDefinitionIncompatibilityException',
  'UnsupportedFeatureException',
  'ServiceNotActiveException',
  'LimitExceededException',
  'AttributeLimitExceededException',
  'ResourceInUseException',
  'ConflictException',
  // Deleting what still holds something (ECS DeleteCluster, ECR DeleteRepository): ECS's text says what.
  'ClusterContainsServicesException',
  'ClusterContainsTasksException',
  'ClusterContainsContainerInstancesException',
  'ClusterContainsCapacityProviderException',
  'RepositoryNotEmptyException',
]);
