/**
 * Port mappings in awsvpc mode (every Fargate task): the task has its own network interface, so
 * `hostPort` is either left out or equal to `containerPort`, and the containers share one network
 * namespace, so two of them cannot take the same port.
 */
import type { Problem } from '../problems';
import { DOCS } from './docs';
import {
  elements,
  numberValue,
  problem,
  property,
  removeProperty,
  replaceNode,
  stringValue,
  valueNode,
  type Rule,
  type RuleContext,
} from './ruleContext';

/** Fargate means awsvpc even while networkMode still says otherwise (that has its own error). */
function awsvpc(ctx: RuleContext): boolean {
  return ctx.fargate || stringValue(valueNode(ctx.root, 'networkMode')) === 'awsvpc';
}

export const hostPort: Rule = {
  id: 'fargate-host-port',
  severity: 'error',
  docsUrl: DOCS.portMapping,
  description: 'In awsvpc mode hostPort must equal containerPort or be left out (or 0).',
  check(ctx) {
    if (!awsvpc(ctx)) return [];
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const mapping of elements(valueNode(c.node, 'portMappings'))) {
        const hostNode = valueNode(mapping, 'hostPort');
        const containerPort = numberValue(valueNode(mapping, 'containerPort'));
        const host = numberValue(hostNode);
        // 0 means "not set", like leaving it out: ECS fills in the containerPort.
        if (!hostNode || host === undefined || containerPort === undefined) continue;
        if (host === containerPort || host === 0) continue;
        out.push(
          problem(
            this,
            hostNode,
            `In awsvpc network mode "hostPort" must be the same as "containerPort" (${containerPort}) or left out, not ${host}.`,
            [
              {
                title: `Set hostPort to ${containerPort}`,
                edits: [replaceNode(hostNode, String(containerPort))],
                isPreferred: true,
              },
              { title: 'Remove hostPort', edits: removeProperty(property(mapping, 'hostPort')!) },
            ],
          ),
        );
      }
    }
    return out;
  },
};

export const portConflict: Rule = {
  id: 'port-conflict',
  severity: 'warning',
  docsUrl: DOCS.portMapping,
  description: 'Containers of an awsvpc task share one network namespace: each port/protocol once.',
  check(ctx) {
    if (!awsvpc(ctx)) return [];
    const seen = new Map<string, string>();
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const mapping of elements(valueNode(c.node, 'portMappings'))) {
        const portNode = valueNode(mapping, 'containerPort');
        const port = numberValue(portNode);
        if (!portNode || port === undefined) continue;
        const protocol = stringValue(valueNode(mapping, 'protocol')) ?? 'tcp';
        const key = `${port}/${protocol}`;
        const owner = seen.get(key);
        if (owner === undefined) seen.set(key, c.label);
        else {
          out.push(
            problem(
              this,
              portNode,
              `Port ${key} is already mapped by ${owner}: containers of an awsvpc task share one network interface, so use a different port.`,
            ),
          );
        }
      }
    }
    return out;
  },
};

export const portRules: readonly Rule[] = [hostPort, portConflict];
