/**
 * The AWS SDK client packages, each evaluated on first use instead of at activation: together
 * they cost about 100 ms to load, and most activations need only ECS (or nothing yet).
 * esbuild keeps a bundled module lazy when it is required inside a function, so `require` is used
 * on purpose here; the types still come from the packages.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as AutoScaling from '@aws-sdk/client-application-auto-scaling';
import type * as CloudTrail from '@aws-sdk/client-cloudtrail';
import type * as CloudWatch from '@aws-sdk/client-cloudwatch';
import type * as CloudWatchLogs from '@aws-sdk/client-cloudwatch-logs';
import type * as CodeDeploy from '@aws-sdk/client-codedeploy';
import type * as Ec2 from '@aws-sdk/client-ec2';
import type * as Ecr from '@aws-sdk/client-ecr';
import type * as Ecs from '@aws-sdk/client-ecs';
import type * as Elb from '@aws-sdk/client-elastic-load-balancing-v2';
import type * as Iam from '@aws-sdk/client-iam';
import type * as Kms from '@aws-sdk/client-kms';
import type * as SecretsManager from '@aws-sdk/client-secrets-manager';
import type * as Ssm from '@aws-sdk/client-ssm';
import type * as Sts from '@aws-sdk/client-sts';
import type * as SmithyRetry from '@smithy/core/retry';
import type * as CredentialProviders from '@aws-sdk/credential-providers';
import type * as NodeHttp from '@smithy/node-http-handler';

export const sdk = {
  ecs: () => require('@aws-sdk/client-ecs') as typeof Ecs,
  ecr: () => require('@aws-sdk/client-ecr') as typeof Ecr,
  cloudwatch: () => require('@aws-sdk/client-cloudwatch') as typeof CloudWatch,
  logs: () => require('@aws-sdk/client-cloudwatch-logs') as typeof CloudWatchLogs,
  sts: () => require('@aws-sdk/client-sts') as typeof Sts,
  iam: () => require('@aws-sdk/client-iam') as typeof Iam,
  /** KMS: the data key of an encrypted exec session (GenerateDataKey). */
  kms: () => require('@aws-sdk/client-kms') as typeof Kms,
  autoScaling: () => require('@aws-sdk/client-application-auto-scaling') as typeof AutoScaling,
  elb: () => require('@aws-sdk/client-elastic-load-balancing-v2') as typeof Elb,
  ec2: () => require('@aws-sdk/client-ec2') as typeof Ec2,
  /** CodeDeploy: only for services whose deployment controller is CODE_DEPLOY. */
  codeDeploy: () => require('@aws-sdk/client-codedeploy') as typeof CodeDeploy,
  /** CloudTrail: who started a service deployment (LookupEvents; docs/aws-facts.md §11). */
  cloudTrail: () => require('@aws-sdk/client-cloudtrail') as typeof CloudTrail,
  /** fromIni and the other credential providers (built with the first client). */
  credentialProviders: () => require('@aws-sdk/credential-providers') as typeof CredentialProviders,
  /** The HTTP handler the clients share (built with the first client). */
  nodeHttpHandler: () => require('@smithy/node-http-handler') as typeof NodeHttp,
  /** Systems Manager: Session Manager (port forwarding) and Parameter Store (a local task's secrets). */
  ssm: () => require('@aws-sdk/client-ssm') as typeof Ssm,
  /** Secrets Manager: a local task's secrets. */
  secretsManager: () => require('@aws-sdk/client-secrets-manager') as typeof SecretsManager,
  /** The SDK's retry strategies and middleware (already loaded with any client). */
  retry: () => require('@smithy/core/retry') as typeof SmithyRetry,
};
