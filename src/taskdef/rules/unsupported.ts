/**
 * Parameters Fargate rejects or ignores (the developer guide's Fargate list plus the newer API
 * reference notes): host-level Docker features, Docker volumes, placement constraints, log drivers
 * other than awslogs/splunk/awsfirelens, and Linux capabilities other than SYS_PTRACE. `hostname`
 * and `extraHosts` are rejected by awsvpc itself, so they are checked for any awsvpc definition.
 */
import type { Node } from 'jsonc-parser';
import type { Problem } from '../problems';
import { DOCS } from './docs';
import {
  elements,
  isSet,
  keyNode,
  problem,
  property,
  removeElement,
  removeProperty,
  stringValue,
  valueNode,
  type Rule,
  type RuleContext,
} from './ruleContext';

interface Unsupported {
  readonly key: string;
  readonly why: string;
  /** When true the check applies to every awsvpc definition, not only Fargate ones. */
  readonly awsvpc?: boolean;
}

const TASK_LEVEL: readonly Unsupported[] = [
  {
    key: 'placementConstraints',
    why: 'Fargate places tasks itself; use the service or RunTask subnets instead',
  },
  { key: 'ipcMode', why: 'Fargate does not support IPC namespaces' },
  { key: 'inferenceAccelerators', why: 'Fargate has no Elastic Inference accelerators' },
];

const CONTAINER_LEVEL: readonly Unsupported[] = [
  { key: 'privileged', why: 'Fargate does not run privileged containers' },
  {
    key: 'links',
    why: 'links need the bridge network mode; in awsvpc containers reach each other on localhost',
  },
  { key: 'dockerSecurityOptions', why: 'Fargate does not accept Docker security options' },
  { key: 'disableNetworking', why: 'Fargate does not support disabling networking' },
  { key: 'dnsServers', why: 'Fargate uses the VPC resolver; set DNS in the VPC (DHCP options)' },
  { key: 'dnsSearchDomains', why: 'Fargate uses the VPC resolver; set DNS in the VPC (DHCP options)' },
  { key: 'extraHosts', why: 'awsvpc does not support extraHosts', awsvpc: true },
  { key: 'hostname', why: 'awsvpc does not support hostname', awsvpc: true },
];

const LINUX_PARAMETERS: readonly Unsupported[] = [
  { key: 'devices', why: 'Fargate does not expose host devices' },
  { key: 'sharedMemorySize', why: 'Fargate does not support sharedMemorySize' },
  { key: 'tmpfs', why: 'Fargate does not support tmpfs mounts' },
  { key: 'maxSwap', why: 'Fargate has no swap' },
  { key: 'swappiness', why: 'Fargate has no swap' },
];

const FARGATE_LOG_DRIVERS = ['awslogs', 'splunk', 'awsfirelens'];

function isAwsvpc(ctx: RuleContext): boolean {
  return ctx.fargate || stringValue(valueNode(ctx.root, 'networkMode')) === 'awsvpc';
}

export const unsupportedParameter: Rule = {
  id: 'fargate-unsupported-parameter',
  severity: 'error',
  docsUrl: DOCS.fargate,
  description:
    'Parameters Fargate (or awsvpc) does not support: privileged, links, devices, Docker volumes, …',
  check(ctx) {
    const out: Problem[] = [];
    const report = (prop: Node, what: string, why: string, remove = removeProperty(prop)) => {
      out.push(
        problem(this, keyNode(prop), `${what}: ${why}. Remove it.`, [
          { title: `Remove ${what}`, edits: remove },
        ]),
      );
    };
    const awsvpc = isAwsvpc(ctx);
    const applies = (u: Unsupported) => ctx.fargate || (u.awsvpc === true && awsvpc);

    for (const u of TASK_LEVEL) {
      const prop = property(ctx.root, u.key);
      if (applies(u) && prop && isSet(prop.children?.[1])) report(prop, `"${u.key}"`, u.why);
    }
    if (ctx.fargate) {
      const pid = property(ctx.root, 'pidMode');
      const pidMode = stringValue(pid?.children?.[1]);
      if (pid && pidMode !== undefined && (pidMode !== 'task' || ctx.os === 'windows')) {
        report(
          pid,
          `"pidMode": "${pidMode}"`,
          ctx.os === 'windows'
            ? 'Windows tasks on Fargate do not support pidMode'
            : 'Fargate supports only "task" (platform version 1.4.0+), not "host"',
        );
      }
      for (const volume of elements(valueNode(ctx.root, 'volumes'))) {
        const docker = property(volume, 'dockerVolumeConfiguration');
        if (docker)
          report(
            docker,
            '"dockerVolumeConfiguration"',
            'Docker volumes are not supported on Fargate; use EFS or a bind mount',
          );
        const sourcePath = property(valueNode(volume, 'host'), 'sourcePath');
        if (sourcePath) {
          report(
            sourcePath,
            '"host.sourcePath"',
            'Fargate has no host paths; leave "host" empty for a task-scoped bind mount',
          );
        }
      }
    }

    for (const c of ctx.containers) {
      for (const u of CONTAINER_LEVEL) {
        const prop = property(c.node, u.key);
        if (applies(u) && prop && isSet(prop.children?.[1])) report(prop, `"${u.key}" in ${c.label}`, u.why);
      }
      if (!ctx.fargate) continue;
      const linux = valueNode(c.node, 'linuxParameters');
      for (const u of LINUX_PARAMETERS) {
        const prop = property(linux, u.key);
        if (prop && isSet(prop.children?.[1]))
          report(prop, `"linuxParameters.${u.key}" in ${c.label}`, u.why);
      }
      for (const req of elements(valueNode(c.node, 'resourceRequirements'))) {
        const type = stringValue(valueNode(req, 'type'));
        if (type === 'GPU' || type === 'InferenceAccelerator') {
          const typeProp = property(req, 'type')!;
          report(
            typeProp,
            `a ${type} resource requirement in ${c.label}`,
            'Fargate has no GPUs or accelerators',
            removeElement(req),
          );
        }
      }
    }
    return out;
  },
};

export const logDriver: Rule = {
  id: 'fargate-log-driver',
  severity: 'error',
  docsUrl: DOCS.fargate,
  description: 'Fargate supports the awslogs, splunk and awsfirelens log drivers.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      const node = valueNode(valueNode(c.node, 'logConfiguration'), 'logDriver');
      const driver = stringValue(node);
      if (!node || driver === undefined || FARGATE_LOG_DRIVERS.includes(driver)) continue;
      out.push(
        problem(
          this,
          node,
          `Fargate does not support the "${driver}" log driver: use "awslogs" (CloudWatch Logs), "awsfirelens" (FireLens, for Fluent Bit routing) or "splunk".`,
        ),
      );
    }
    return out;
  },
};

export const linuxCapabilities: Rule = {
  id: 'fargate-linux-capability',
  severity: 'error',
  docsUrl: DOCS.linuxParameters,
  description: 'Fargate lets containers add only the SYS_PTRACE capability.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      const add = valueNode(valueNode(valueNode(c.node, 'linuxParameters'), 'capabilities'), 'add');
      for (const cap of elements(add)) {
        const name = stringValue(cap);
        if (name === undefined || name === 'SYS_PTRACE') continue;
        out.push(
          problem(
            this,
            cap,
            `Fargate can add only "SYS_PTRACE" (platform version 1.4.0+), not "${name}": remove it from "capabilities.add".`,
            [{ title: `Remove "${name}"`, edits: removeElement(cap) }],
          ),
        );
      }
    }
    return out;
  },
};

export const unsupportedRules: readonly Rule[] = [unsupportedParameter, logDriver, linuxCapabilities];
