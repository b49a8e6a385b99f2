/**
 * Rules across the containers of a task: at least one essential container, unique names, and
 * `dependsOn` naming containers that exist, with conditions that can be met.
 */
import type { Problem } from '../problems';
import { DOCS } from './docs';
import {
  booleanValue,
  elements,
  insertProperty,
  keyNode,
  missingAnchor,
  problem,
  property,
  replaceNode,
  stringValue,
  valueNode,
  type ContainerRef,
  type Rule,
} from './ruleContext';

/** `essential` defaults to true: only an explicit false makes a container non-essential. */
function isEssential(c: ContainerRef): boolean {
  return booleanValue(valueNode(c.node, 'essential')) !== false;
}

export const essentialContainer: Rule = {
  id: 'essential-container-required',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: 'At least one container must be essential.',
  check(ctx) {
    if (ctx.containers.length === 0 || ctx.containers.some(isEssential)) return [];
    const prop = property(ctx.root, 'containerDefinitions');
    const at = prop ? keyNode(prop) : missingAnchor(ctx.root);
    const fixes = ctx.containers.slice(0, 3).map((c, i) => {
      const node = valueNode(c.node, 'essential')!;
      return {
        title: `Make ${c.label} essential`,
        edits: [replaceNode(node, 'true')],
        isPreferred: i === 0,
      };
    });
    return [
      problem(
        this,
        at,
        'Every task needs at least one essential container (the task stops when it exits): set "essential": true on the main container, or leave "essential" out (it defaults to true).',
        fixes,
      ),
    ];
  },
};

export const uniqueNames: Rule = {
  id: 'container-name-unique',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: 'Container names must be unique within a task definition.',
  check(ctx) {
    const seen = new Map<string, ContainerRef>();
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      if (c.name === undefined) continue;
      const first = seen.get(c.name);
      if (!first) {
        seen.set(c.name, c);
        continue;
      }
      out.push(
        problem(
          this,
          valueNode(c.node, 'name')!,
          `Container name "${c.name}" is already used by container #${first.index + 1}: give each container its own name.`,
        ),
      );
    }
    return out;
  },
};

export const dependsOnContainer: Rule = {
  id: 'depends-on-container',
  severity: 'error',
  docsUrl: DOCS.containerDependency,
  description: 'dependsOn must name another container of the same task definition.',
  check(ctx) {
    const names = ctx.containers.map((c) => c.name).filter((n): n is string => n !== undefined);
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const dep of elements(valueNode(c.node, 'dependsOn'))) {
        const nameNode = valueNode(dep, 'containerName');
        const target = stringValue(nameNode);
        if (!nameNode || target === undefined) continue;
        if (target === c.name) {
          out.push(problem(this, nameNode, `${c.label} cannot depend on itself: name another container.`));
        } else if (!names.includes(target)) {
          const others = names.filter((n) => n !== c.name);
          const fixes = others.slice(0, 3).map((n) => ({
            title: `Change to "${n}"`,
            edits: [replaceNode(nameNode, JSON.stringify(n))],
          }));
          out.push(
            problem(
              this,
              nameNode,
              `No container is named "${target}"` +
                (others.length ? `: use one of ${others.map((n) => `"${n}"`).join(', ')}.` : '.'),
              fixes,
            ),
          );
        }
      }
    }
    return out;
  },
};

export const dependsOnCondition: Rule = {
  id: 'depends-on-condition',
  severity: 'warning',
  docsUrl: DOCS.containerDependency,
  description:
    'HEALTHY needs a health check on the other container; COMPLETE and SUCCESS need a non-essential one.',
  check(ctx) {
    const byName = new Map(ctx.containers.filter((c) => c.name !== undefined).map((c) => [c.name!, c]));
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const dep of elements(valueNode(c.node, 'dependsOn'))) {
        const target = byName.get(stringValue(valueNode(dep, 'containerName')) ?? '');
        const condNode = valueNode(dep, 'condition');
        const condition = stringValue(condNode);
        if (!target || !condNode || target === c) continue;
        if (condition === 'HEALTHY' && !valueNode(target.node, 'healthCheck')) {
          out.push(
            problem(
              this,
              condNode,
              `"HEALTHY" waits for a health check, but ${target.label} has no "healthCheck": add one to it, or use "START".`,
            ),
          );
        } else if ((condition === 'COMPLETE' || condition === 'SUCCESS') && isEssential(target)) {
          out.push(
            problem(
              this,
              condNode,
              `"${condition}" waits for ${target.label} to exit, but it is essential, so its exit stops the whole task: set "essential": false on it.`,
              [
                {
                  title: `Make ${target.label} non-essential`,
                  edits: [
                    valueNode(target.node, 'essential')
                      ? replaceNode(valueNode(target.node, 'essential')!, 'false')
                      : insertProperty(ctx.text, target.node, 'essential', 'false'),
                  ],
                },
              ],
            ),
          );
        }
      }
    }
    return out;
  },
};

export const containerRules: readonly Rule[] = [
  essentialContainer,
  uniqueNames,
  dependsOnContainer,
  dependsOnCondition,
];
