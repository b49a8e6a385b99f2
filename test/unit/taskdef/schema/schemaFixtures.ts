/**
 * Shared by the schema tests: the generated schema (generated once per run: about a second), what the
 * installed SDK declares (read with the TypeScript compiler from the package's own entry point, not the
 * way the generator reads it), and realistic task definitions.
 */
import * as path from 'node:path';
import * as ts from 'typescript';
import { generateTaskDefinitionSchema, type JsonSchema } from '../../../../src/taskdef/schema/generateSchema';

export const repoRoot = path.resolve(__dirname, '../../../../..');

let generated: { withOverlay?: JsonSchema; sdkOnly?: JsonSchema } = {};

/** The schema as the build writes it. */
export function schema(): JsonSchema {
  return (generated.withOverlay ??= generateTaskDefinitionSchema());
}

/** What the SDK alone gives (no overlay). */
export function sdkOnlySchema(): JsonSchema {
  return (generated.sdkOnly ??= generateTaskDefinitionSchema({ overlay: false }));
}

export function resetGenerated(): void {
  generated = {};
}

export function definition(s: JsonSchema, name: string): JsonSchema {
  const d = s.definitions?.[name];
  if (!d) throw new Error(`no definition ${name}`);
  return d;
}

/** The kind of value a member holds, as the TypeScript checker sees the SDK declaration. */
export type SdkKind =
  | { kind: 'string' | 'number' | 'boolean' }
  | { kind: 'enum'; name: string; values: string[] }
  | { kind: 'array'; items: SdkKind }
  | { kind: 'map'; values: SdkKind }
  | { kind: 'object'; name: string }
  | { kind: 'union'; name: string; members: { name: string; type: SdkKind }[] };

export interface SdkMember {
  readonly name: string;
  readonly optional: boolean;
  readonly type: SdkKind;
}

let sdk: { checker: ts.TypeChecker; exports: Map<string, ts.Symbol> } | undefined;

/** The installed `@aws-sdk/client-ecs` as a program over its published `dist-types/index.d.ts`. */
function sdkProgram(): { checker: ts.TypeChecker; exports: Map<string, ts.Symbol> } {
  if (sdk) return sdk;
  const entry = require.resolve('@aws-sdk/client-ecs/dist-types/index.d.ts');
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  const exports = new Map(
    checker
      .getExportsOfModule(module)
      .map((s) => [s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s] as const),
  );
  sdk = { checker, exports };
  return sdk;
}

/** The members of an exported SDK interface, in declaration order. */
export function sdkMembers(interfaceName: string): SdkMember[] {
  const { checker, exports } = sdkProgram();
  const symbol = exports.get(interfaceName);
  if (!symbol) throw new Error(`@aws-sdk/client-ecs exports no ${interfaceName}`);
  return checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)).map((member) => ({
    name: member.name,
    optional: (member.flags & ts.SymbolFlags.Optional) !== 0,
    type: kindOf(checker, checker.getNonNullableType(checker.getTypeOfSymbol(member))),
  }));
}

function kindOf(checker: ts.TypeChecker, type: ts.Type): SdkKind {
  if (type.flags & ts.TypeFlags.String) return { kind: 'string' };
  if (type.flags & ts.TypeFlags.Number) return { kind: 'number' };
  if (type.flags & ts.TypeFlags.BooleanLike) return { kind: 'boolean' };
  if (type.isStringLiteral())
    return { kind: 'enum', name: type.aliasSymbol?.name ?? '', values: [type.value] };
  if (type.isUnion()) {
    if (type.types.every((t) => t.flags & ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
    if (type.types.every((t) => t.isStringLiteral())) {
      const name = type.aliasSymbol?.name ?? '';
      return { kind: 'enum', name, values: type.types.map((t) => t.value) };
    }
    // A Smithy union: one variant interface per member, where only that member is not `never`.
    const members = type.types.flatMap((variant) =>
      checker
        .getPropertiesOfType(variant)
        .filter((p) => p.name !== '$unknown')
        .map((p) => ({ name: p.name, type: checker.getNonNullableType(checker.getTypeOfSymbol(p)) }))
        .filter((p) => !(p.type.flags & ts.TypeFlags.Never))
        .map((p) => ({ name: p.name, type: kindOf(checker, p.type) })),
    );
    return { kind: 'union', name: type.aliasSymbol?.name ?? '', members };
  }
  if (checker.isArrayType(type))
    return { kind: 'array', items: kindOf(checker, checker.getTypeArguments(type as ts.TypeReference)[0]!) };
  const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
  if (index) return { kind: 'map', values: kindOf(checker, index.type) };
  if (type.flags & ts.TypeFlags.Object && type.symbol) return { kind: 'object', name: type.symbol.name };
  throw new Error(`unexpected SDK type ${checker.typeToString(type)}`);
}

/** A Fargate task definition as a team would write it: two containers, secrets, logs, health check. */
export const fargateTaskDefinition = {
  family: 'orders-api',
  taskRoleArn: 'arn:aws:iam::123456789012:role/orders-api-task',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '1 vCPU',
  memory: '2 GB',
  runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
  ephemeralStorage: { sizeInGiB: 30 },
  containerDefinitions: [
    {
      name: 'app',
      image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:1.4.2',
      essential: true,
      cpu: 768,
      memoryReservation: 1536,
      portMappings: [
        { name: 'http', containerPort: 8080, hostPort: 8080, protocol: 'tcp', appProtocol: 'http' },
      ],
      environment: [{ name: 'LOG_LEVEL', value: 'info' }],
      secrets: [
        {
          name: 'DB_PASSWORD',
          valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf:password::',
        },
      ],
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/orders-api',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'app',
          mode: 'non-blocking',
        },
      },
      healthCheck: {
        command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 10,
      },
      dependsOn: [{ containerName: 'log-router', condition: 'START' }],
      stopTimeout: 30,
      restartPolicy: { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 300 },
      ulimits: [{ name: 'nofile', softLimit: 65535, hardLimit: 65535 }],
      readonlyRootFilesystem: true,
      mountPoints: [{ sourceVolume: 'scratch', containerPath: '/tmp', readOnly: false }],
      dockerLabels: { 'com.example.team': 'orders' },
    },
    {
      name: 'log-router',
      image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
      essential: true,
      memoryReservation: 50,
      firelensConfiguration: { type: 'fluentbit', options: { 'enable-ecs-log-metadata': 'true' } },
      user: '0',
    },
  ],
  volumes: [{ name: 'scratch' }],
  tags: [
    { key: 'team', value: 'orders' },
    { key: 'cost-center', value: '' },
  ],
};

/** What `aws ecs describe-task-definition --include TAGS` prints for a registered revision. */
export const describeOutput = {
  taskDefinition: {
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-api:7',
    containerDefinitions: [
      {
        name: 'app',
        image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders-api:1.4.2',
        cpu: 0,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        essential: true,
        environment: [],
        mountPoints: [],
        volumesFrom: [],
        systemControls: [],
      },
    ],
    family: 'orders-api',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    networkMode: 'awsvpc',
    revision: 7,
    volumes: [],
    status: 'ACTIVE',
    requiresAttributes: [
      { name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' },
      { name: 'ecs.capability.task-eni' },
    ],
    placementConstraints: [],
    compatibilities: ['EC2', 'FARGATE'],
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    registeredAt: '2026-05-01T10:00:00.123000+00:00',
    registeredBy: 'arn:aws:sts::123456789012:assumed-role/deployer/ci',
    enableFaultInjection: false,
  },
  tags: [{ key: 'team', value: 'orders' }],
};
