/**
 * Reading an ECS AppSpec (CodeDeploy user guide, "AppSpec 'resources' section for Amazon ECS
 * deployments"): `Resources[].TargetService {Type: AWS::ECS::Service, Properties: {TaskDefinition,
 * LoadBalancerInfo: {ContainerName, ContainerPort}}}` and `Hooks[] {<event>: <Lambda>}`. The fake reads
 * JSON AppSpecs only (JSON is also valid YAML, so the product may send JSON either way). A problem
 * does not fail CreateDeployment: like CodeDeploy, the deployment fails when it starts (INVALID_REVISION).
 */
import type { FakeEcs } from '../ecs/fakeEcs';
import type { ServiceRecord } from '../ecs/types';

export interface ReadAppSpec {
  taskDefinitionArn?: string;
  containerName?: string;
  containerPort?: number;
  hooks: Record<string, string>;
  /** Why the deployment will fail, if it will. */
  invalid?: string;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** AppSpec keys are written `Resources` in the guide; accept `resources` as well. */
const field = (o: Json, name: string): unknown => o[name] ?? o[name.charAt(0).toLowerCase() + name.slice(1)];

export function readAppSpec(ecs: FakeEcs, service: ServiceRecord | undefined, content: string): ReadAppSpec {
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch (err) {
    return {
      hooks: {},
      invalid: `The AppSpec file cannot be parsed: ${(err as Error).message} (the fake reads JSON AppSpec content).`,
    };
  }
  const resources = isObject(doc) ? field(doc, 'Resources') : undefined;
  const target = Array.isArray(resources)
    ? resources.map((r) => (isObject(r) ? field(r, 'TargetService') : undefined)).find(isObject)
    : undefined;
  const hooks: Record<string, string> = {};
  const hookList = isObject(doc) ? field(doc, 'Hooks') : undefined;
  for (const h of Array.isArray(hookList) ? hookList : []) {
    if (isObject(h)) for (const [k, v] of Object.entries(h)) if (typeof v === 'string') hooks[k] = v;
  }
  if (!target || field(target, 'Type') !== 'AWS::ECS::Service') {
    return { hooks, invalid: 'The AppSpec file has no Resources[].TargetService of Type AWS::ECS::Service.' };
  }
  const props = field(target, 'Properties');
  const properties = isObject(props) ? props : {};
  const taskDefinition = field(properties, 'TaskDefinition');
  const lbInfo = field(properties, 'LoadBalancerInfo');
  const lb = isObject(lbInfo) ? lbInfo : {};
  const containerName = field(lb, 'ContainerName');
  const port = field(lb, 'ContainerPort');
  const containerPort = typeof port === 'number' ? port : typeof port === 'string' ? Number(port) : undefined;
  const out: ReadAppSpec = {
    taskDefinitionArn: typeof taskDefinition === 'string' ? taskDefinition : undefined,
    containerName: typeof containerName === 'string' ? containerName : undefined,
    containerPort,
    hooks,
  };
  out.invalid = problem(ecs, service, out);
  return out;
}

function problem(ecs: FakeEcs, service: ServiceRecord | undefined, spec: ReadAppSpec): string | undefined {
  if (!spec.taskDefinitionArn) return 'The AppSpec file does not specify a TaskDefinition.';
  const definition = ecs.taskDefinitions.resolve(spec.taskDefinitionArn);
  if (!definition || definition.status !== 'ACTIVE') {
    return `The task definition ${spec.taskDefinitionArn} in the AppSpec file does not exist or is not ACTIVE.`;
  }
  if (!spec.containerName || spec.containerPort === undefined || !Number.isInteger(spec.containerPort)) {
    return 'The AppSpec file must specify LoadBalancerInfo with ContainerName and ContainerPort.';
  }
  const container = (definition.input.containerDefinitions ?? []).find((c) => c.name === spec.containerName);
  if (!container) {
    return `The container ${spec.containerName} does not exist in the task definition ${definition.arn}.`;
  }
  if (!(container.portMappings ?? []).some((m) => m.containerPort === spec.containerPort)) {
    return `The container ${spec.containerName} does not have a port mapping for container port ${spec.containerPort} in ${definition.arn}.`;
  }
  const lb = service?.loadBalancers[0];
  if (lb && (lb.containerName !== spec.containerName || lb.containerPort !== spec.containerPort)) {
    return (
      `The AppSpec LoadBalancerInfo (${spec.containerName}:${spec.containerPort}) does not match the ` +
      `load balancer of the ECS service (${lb.containerName ?? '?'}:${lb.containerPort ?? '?'}).`
    );
  }
  return undefined;
}
