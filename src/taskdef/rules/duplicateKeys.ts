/**
 * A key written twice in one object is valid JSON, but only the last value counts (in the AWS CLI as
 * in JSON.parse), so the first one is silently ignored: a classic in long task definitions.
 */
import type { Node } from 'jsonc-parser';
import type { Problem } from '../problems';
import { DOCS } from './docs';
import { keyNode, problem, removeProperty, type Rule } from './ruleContext';

export const duplicateKey: Rule = {
  id: 'json-duplicate-key',
  severity: 'warning',
  docsUrl: DOCS.taskParameters,
  description: 'A key appears twice in one object; only the last one counts.',
  check(ctx) {
    const out: Problem[] = [];
    const walk = (node: Node) => {
      const children = node.children;
      if (!children) return;
      if (node.type === 'object') {
        const last = new Map<string, Node>();
        for (const p of children) last.set(p.children?.[0]?.value as string, p);
        if (last.size < children.length) {
          for (const p of children) {
            const key = p.children?.[0]?.value as string;
            if (last.get(key) === p) continue;
            out.push(
              problem(
                this,
                keyNode(p),
                `"${key}" is set again later in this object, and only the last value counts: remove this one.`,
                [{ title: `Remove this "${key}"`, edits: removeProperty(p), isPreferred: true }],
              ),
            );
          }
        }
        for (const p of children) {
          const value = p.children?.[1];
          if (value?.children) walk(value);
        }
      } else {
        for (const c of children) if (c.children) walk(c);
      }
    };
    walk(ctx.root);
    return out;
  },
};

export const duplicateKeyRules: readonly Rule[] = [duplicateKey];
