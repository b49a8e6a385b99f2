/** Fargate container start and stop timeouts: 2–120 seconds (stopTimeout defaults to 30). */
import type { Problem } from '../problems';
import { DOCS } from './docs';
import { numberValue, problem, valueNode, type Rule } from './ruleContext';

export const containerTimeout: Rule = {
  id: 'fargate-container-timeout',
  severity: 'error',
  docsUrl: DOCS.containerDefinition,
  description: 'On Fargate startTimeout and stopTimeout are 2–120 seconds.',
  check(ctx) {
    if (!ctx.fargate) return [];
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      for (const key of ['startTimeout', 'stopTimeout']) {
        const node = valueNode(c.node, key);
        const seconds = numberValue(node);
        if (!node || seconds === undefined || (seconds >= 2 && seconds <= 120)) continue;
        out.push(
          problem(
            this,
            node,
            `On Fargate "${key}" must be from 2 to 120 seconds, not ${seconds}` +
              (key === 'stopTimeout' ? ' (default 30).' : '.'),
          ),
        );
      }
    }
    return out;
  },
};

export const timeoutRules: readonly Rule[] = [containerTimeout];
