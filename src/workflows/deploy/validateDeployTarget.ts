/**
 * Checks the parsed `.vscode/ecs-deploy.json` against the rules the APIs will apply later (names,
 * counts, subnet/security-group id shapes) and the one rule of our own: every path is relative and
 * stays inside the workspace, so a shared file never builds or reads something outside the
 * checkout. Each problem carries the JSON path, so the caller can point at the line. Editor-free.
 * The JSON schema (schemas/ecs-deploy.schema.json) says the same for completion and hover; this is
 * what a deploy actually enforces, with messages that say what to write instead.
 */
import * as path from 'node:path';
import { repositoryNameProblem } from '../../aws/ecrGateway';
import { trafficShiftProblem, validateStrategy, type StrategyChoice } from '../deployments/strategy';
import { DEPLOY_FILE_VERSION } from './deployTarget';

export type JsonPath = ReadonlyArray<string | number>;

export interface DeployFileProblem {
  readonly path: JsonPath;
  readonly message: string;
}

/** Cluster, service and container names: up to 255 letters, digits, hyphens and underscores (ECS). */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;
const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
const TARGET_GROUP_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** awsvpcConfiguration limits (RunTask / CreateService): ≤ 16 subnets, ≤ 5 security groups. */
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;
/** RunTask launches at most 10 tasks per call. */
export const MAX_RUN_TASK_COUNT = 10;
/** The default ECS quota of tasks per service; a typo like 1000000 is caught before CreateService. */
export const MAX_DESIRED_COUNT = 5000;

const TARGET_KEYS = new Set([
  'name',
  'dockerfile',
  'buildContext',
  'taskDefinitionFile',
  'container',
  'repository',
  'cluster',
  'service',
  'runTask',
  'network',
  'createService',
  'updateTaskDefinitionFile',
  'region',
  'profile',
  'scaling',
  'created',
]);

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Why `value` is not a workspace-relative path that stays inside the workspace, or undefined. */
export function workspacePathProblem(value: string): string | undefined {
  if (value.trim() === '') return 'must not be empty';
  if (path.isAbsolute(value) || path.win32.isAbsolute(value) || value.startsWith('~')) {
    return `must be relative to the workspace folder, not ${show(value)}`;
  }
  const normalized = path.posix.normalize(value.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) {
    return `must stay inside the workspace folder, not ${show(value)}`;
  }
  return undefined;
}

class Collector {
  readonly problems: DeployFileProblem[] = [];
  add(at: JsonPath, message: string): void {
    this.problems.push({ path: at, message });
  }
  string(obj: Json, key: string, at: JsonPath, required: boolean): string | undefined {
    const value = obj[key];
    if (value === undefined) {
      if (required) this.add(at, `is missing "${key}"`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.add([...at, key], `must be a string, not ${show(value)}`);
      return undefined;
    }
    return value;
  }
  integer(value: unknown, at: JsonPath, min: number, max: number): void {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(at, `must be a whole number from ${min} to ${max}, not ${show(value)}`);
    }
  }
  boolean(value: unknown, at: JsonPath): void {
    if (value !== undefined && typeof value !== 'boolean') {
      this.add(at, `must be true or false, not ${show(value)}`);
    }
  }
  unknownKeys(obj: Json, allowed: ReadonlySet<string>, at: JsonPath): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.has(key)) {
        this.add([...at, key], `unknown property "${key}" (expected one of: ${[...allowed].join(', ')})`);
      }
    }
  }
  ids(value: unknown, at: JsonPath, shape: RegExp, what: string, max: number, min: number): void {
    if (!Array.isArray(value)) {
      this.add(at, `must be a list of ${what} ids`);
      return;
    }
    if (value.length < min || value.length > max) {
      this.add(at, `must list ${min === max ? min : `${min} to ${max}`} ${what} ids, not ${value.length}`);
    }
    value.forEach((id, i) => {
      if (typeof id !== 'string' || !shape.test(id)) {
        this.add(
          [...at, i],
          `${show(id)} is not a ${what} id (like ${shape === SUBNET_ID ? 'subnet' : 'sg'}-0123456789abcdef0)`,
        );
      }
    });
  }
}

function checkName(c: Collector, value: string | undefined, at: JsonPath, what: string, arnOk = false): void {
  if (value === undefined) return;
  if (ECS_NAME.test(value) || (arnOk && CLUSTER_ARN.test(value))) return;
  c.add(at, `${show(value)} is not a valid ${what} name (up to 255 letters, digits, "-" and "_")`);
}

function checkNetwork(c: Collector, network: unknown, at: JsonPath): void {
  if (!isObject(network)) {
    c.add(at, 'must be an object with subnets, securityGroups and assignPublicIp');
    return;
  }
  c.unknownKeys(network, new Set(['subnets', 'securityGroups', 'assignPublicIp']), at);
  c.ids(network.subnets, [...at, 'subnets'], SUBNET_ID, 'subnet', MAX_SUBNETS, 1);
  // Security groups may be empty: ECS then uses the VPC's default security group.
  if (network.securityGroups !== undefined) {
    c.ids(
      network.securityGroups,
      [...at, 'securityGroups'],
      SECURITY_GROUP_ID,
      'security group',
      MAX_SECURITY_GROUPS,
      0,
    );
  }
  c.boolean(network.assignPublicIp, [...at, 'assignPublicIp']);
}

function checkCreateService(c: Collector, spec: unknown, at: JsonPath): void {
  if (!isObject(spec)) {
    c.add(at, 'must be an object (desiredCount, circuitBreaker, optional loadBalancer)');
    return;
  }
  c.unknownKeys(
    spec,
    new Set(['desiredCount', 'loadBalancer', 'circuitBreaker', 'capacityProvider', 'deployment']),
    at,
  );
  const deployment = checkDeployment(c, spec.deployment, [...at, 'deployment']);
  c.integer(spec.desiredCount, [...at, 'desiredCount'], 0, MAX_DESIRED_COUNT);
  c.boolean(spec.circuitBreaker, [...at, 'circuitBreaker']);
  if (
    spec.capacityProvider !== undefined &&
    spec.capacityProvider !== 'FARGATE' &&
    spec.capacityProvider !== 'FARGATE_SPOT'
  ) {
    c.add(
      [...at, 'capacityProvider'],
      `must be "FARGATE" or "FARGATE_SPOT", not ${show(spec.capacityProvider)}`,
    );
  }
  const lb = spec.loadBalancer;
  if (lb === undefined) return;
  const lbAt = [...at, 'loadBalancer'];
  if (!isObject(lb)) {
    c.add(lbAt, 'must be an object with targetGroupArn, containerName and containerPort');
    return;
  }
  c.unknownKeys(
    lb,
    new Set([
      'targetGroupArn',
      'containerName',
      'containerPort',
      'alternateTargetGroupArn',
      'productionListenerRule',
      'roleArn',
    ]),
    lbAt,
  );
  if (deployment && deployment.strategy !== 'ROLLING') {
    // docs/deployments.md §2: traffic moves between two target groups through a listener rule.
    const shift = trafficShiftProblem([
      {
        targetGroupArn: typeof lb.targetGroupArn === 'string' ? lb.targetGroupArn : 'target-group',
        advancedConfiguration: {
          ...(typeof lb.alternateTargetGroupArn === 'string'
            ? { alternateTargetGroupArn: lb.alternateTargetGroupArn }
            : {}),
          ...(typeof lb.productionListenerRule === 'string'
            ? { productionListenerRule: lb.productionListenerRule }
            : {}),
        },
      },
    ]);
    if (shift) {
      c.add(
        lbAt,
        `${deployment.strategy} needs "alternateTargetGroupArn", "productionListenerRule" and "roleArn" here: ${shift}`,
      );
    }
  }
  const arn = c.string(lb, 'targetGroupArn', lbAt, true);
  if (arn !== undefined && !TARGET_GROUP_ARN.test(arn)) {
    c.add(
      [...lbAt, 'targetGroupArn'],
      `${show(arn)} is not a target group ARN (arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>)`,
    );
  }
  checkName(c, c.string(lb, 'containerName', lbAt, true), [...lbAt, 'containerName'], 'container');
  c.integer(lb.containerPort, [...lbAt, 'containerPort'], 1, 65535);
}

const STRATEGIES = new Set(['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY']);
const DEPLOYMENT_KEYS = new Set([
  'strategy',
  'minimumHealthyPercent',
  'maximumPercent',
  'bakeTimeInMinutes',
  'stepPercent',
  'stepBakeTimeInMinutes',
  'canaryPercent',
  'canaryBakeTimeInMinutes',
  'alarms',
]);

/** createService.deployment: the strategy and its settings, in the ranges ECS accepts. */
function checkDeployment(c: Collector, value: unknown, at: JsonPath): StrategyChoice | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    c.add(
      at,
      'must be an object, e.g. { "strategy": "LINEAR", "stepPercent": 20, "stepBakeTimeInMinutes": 5 }',
    );
    return undefined;
  }
  c.unknownKeys(value, DEPLOYMENT_KEYS, at);
  if (typeof value.strategy !== 'string' || !STRATEGIES.has(value.strategy)) {
    c.add(
      [...at, 'strategy'],
      `must be "ROLLING", "BLUE_GREEN", "LINEAR" or "CANARY", not ${show(value.strategy)}`,
    );
    return undefined;
  }
  for (const key of DEPLOYMENT_KEYS) {
    if (key === 'strategy' || key === 'alarms' || value[key] === undefined) continue;
    if (typeof value[key] !== 'number') c.add([...at, key], `must be a number, not ${show(value[key])}`);
  }
  const alarms = value.alarms;
  if (
    alarms !== undefined &&
    (!Array.isArray(alarms) || alarms.some((a) => typeof a !== 'string' || a === ''))
  ) {
    c.add([...at, 'alarms'], 'must be a list of CloudWatch alarm names, e.g. ["web-5xx"]');
  }
  const choice = value as unknown as StrategyChoice;
  for (const problem of validateStrategy(choice)) c.add([...at, problem.field], problem.message);
  return choice;
}

function checkTarget(c: Collector, target: unknown, at: JsonPath): void {
  if (!isObject(target)) {
    c.add(at, 'must be an object describing a deploy target');
    return;
  }
  c.unknownKeys(target, TARGET_KEYS, at);
  const name = c.string(target, 'name', at, true);
  if (name !== undefined && name.trim() === '') c.add([...at, 'name'], 'must not be empty');
  for (const key of ['dockerfile', 'taskDefinitionFile', 'buildContext'] as const) {
    const value = c.string(target, key, at, key !== 'buildContext');
    const problem = value === undefined ? undefined : workspacePathProblem(value);
    if (problem) c.add([...at, key], problem);
  }
  checkName(c, c.string(target, 'container', at, true), [...at, 'container'], 'container');
  const repository = c.string(target, 'repository', at, true);
  const repositoryProblem = repository === undefined ? undefined : repositoryNameProblem(repository);
  if (repositoryProblem) c.add([...at, 'repository'], `${show(repository)}: ${repositoryProblem}`);
  checkName(c, c.string(target, 'cluster', at, true), [...at, 'cluster'], 'cluster', true);
  const service = c.string(target, 'service', at, false);
  checkName(c, service, [...at, 'service'], 'service');
  const runTask = target.runTask;
  if ((service === undefined) === (runTask === undefined)) {
    c.add(at, 'needs exactly one of "service" (roll out to a service) or "runTask" (run as a one-off task)');
  }
  if (runTask !== undefined) {
    if (isObject(runTask)) c.integer(runTask.count, [...at, 'runTask', 'count'], 1, MAX_RUN_TASK_COUNT);
    else c.add([...at, 'runTask'], 'must be an object like { "count": 1 }');
    if (target.network === undefined)
      c.add(at, 'runs a task, so it needs "network" (subnets, security groups, public IP)');
  }
  if (target.network !== undefined) checkNetwork(c, target.network, [...at, 'network']);
  if (target.createService !== undefined) {
    if (service === undefined) c.add([...at, 'createService'], 'only applies with "service"');
    if (target.network === undefined)
      c.add(at, 'creates a service, so it needs "network" (subnets, security groups, public IP)');
    checkCreateService(c, target.createService, [...at, 'createService']);
  }
  c.boolean(target.updateTaskDefinitionFile, [...at, 'updateTaskDefinitionFile']);
  const region = c.string(target, 'region', at, false);
  if (region !== undefined && !REGION.test(region))
    c.add([...at, 'region'], `${show(region)} is not a region code (like eu-west-1)`);
  c.string(target, 'profile', at, false);
  const scaling = target.scaling;
  if (scaling !== undefined) {
    if (!isObject(scaling)) c.add([...at, 'scaling'], 'must be an object like { "min": 1, "max": 4 }');
    else {
      c.integer(scaling.min, [...at, 'scaling', 'min'], 0, 100_000);
      c.integer(scaling.max, [...at, 'scaling', 'max'], 0, 100_000);
    }
  }
  const created = target.created;
  if (created !== undefined) {
    if (!isObject(created)) c.add([...at, 'created'], 'must be an object of true/false flags');
    else for (const [key, flag] of Object.entries(created)) c.boolean(flag, [...at, 'created', key]);
  }
}

/** Every problem of a parsed deploy file (empty when it is valid). */
export function validateDeployFileValue(value: unknown): DeployFileProblem[] {
  const c = new Collector();
  if (!isObject(value)) {
    c.add([], 'must be a JSON object with "version" and "targets"');
    return c.problems;
  }
  c.unknownKeys(value, new Set(['$schema', 'version', 'targets']), []);
  if (value.version !== undefined && value.version !== DEPLOY_FILE_VERSION) {
    const newer = typeof value.version === 'number' && value.version > DEPLOY_FILE_VERSION;
    c.add(
      ['version'],
      newer
        ? `is ${show(value.version)}: written by a newer version of the extension (this one reads version ${DEPLOY_FILE_VERSION}); update the extension`
        : `must be ${DEPLOY_FILE_VERSION}, not ${show(value.version)}`,
    );
  }
  if (!Array.isArray(value.targets)) {
    c.add(value.targets === undefined ? [] : ['targets'], 'needs "targets": a list of deploy targets');
    return c.problems;
  }
  const seen = new Set<string>();
  value.targets.forEach((target, i) => {
    checkTarget(c, target, ['targets', i]);
    const name = isObject(target) ? target.name : undefined;
    if (typeof name === 'string') {
      if (seen.has(name))
        c.add(['targets', i, 'name'], `${show(name)} is used by another target: names must be unique`);
      seen.add(name);
    }
  });
  return c.problems;
}
