/**
 * Container health checks: the ranges ECS accepts (API_HealthCheck; note timeout is 2–60 s, not the
 * 2–120 some guides say) and a command that starts with CMD or CMD-SHELL.
 */
import type { Problem } from '../problems';
import { DOCS } from './docs';
import { elements, numberValue, problem, stringValue, valueNode, type Rule } from './ruleContext';

const RANGES: ReadonlyArray<{ key: string; min: number; max: number; unit: string; fallback: string }> = [
  { key: 'interval', min: 5, max: 300, unit: ' seconds', fallback: 'default 30' },
  { key: 'timeout', min: 2, max: 60, unit: ' seconds', fallback: 'default 5' },
  { key: 'retries', min: 1, max: 10, unit: '', fallback: 'default 3' },
  { key: 'startPeriod', min: 0, max: 300, unit: ' seconds', fallback: 'off by default' },
];

export const healthCheckRange: Rule = {
  id: 'health-check-range',
  severity: 'error',
  docsUrl: DOCS.healthCheck,
  description: 'healthCheck interval 5–300, timeout 2–60, retries 1–10, startPeriod 0–300.',
  check(ctx) {
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      const hc = valueNode(c.node, 'healthCheck');
      if (hc?.type !== 'object') continue;
      for (const { key, min, max, unit, fallback } of RANGES) {
        const node = valueNode(hc, key);
        const n = numberValue(node);
        if (!node || n === undefined || (n >= min && n <= max && Number.isInteger(n))) continue;
        out.push(
          problem(
            this,
            node,
            `healthCheck "${key}" must be a whole number from ${min} to ${max}${unit} (${fallback}), not ${n}.`,
          ),
        );
      }
    }
    return out;
  },
};

export const healthCheckCommand: Rule = {
  id: 'health-check-command',
  severity: 'error',
  docsUrl: DOCS.healthCheck,
  description: 'healthCheck command starts with "CMD" or "CMD-SHELL".',
  check(ctx) {
    const out: Problem[] = [];
    for (const c of ctx.containers) {
      const command = valueNode(valueNode(c.node, 'healthCheck'), 'command');
      if (command?.type !== 'array') continue;
      const items = elements(command);
      const first = items[0];
      const head = stringValue(first);
      if (head === 'CMD' || head === 'CMD-SHELL') {
        if (items.length > 1) continue;
        out.push(
          problem(
            this,
            command,
            `healthCheck "command" has nothing to run after "${head}": add the command.`,
          ),
        );
        continue;
      }
      const shell = items.length === 1 && head !== undefined && /\s/.test(head);
      out.push(
        problem(
          this,
          first ?? command,
          items.length === 0
            ? 'healthCheck "command" is empty: write ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] or ["CMD", "executable", "arg"].'
            : `healthCheck "command" must start with "CMD" (run the executable) or "CMD-SHELL" (run with the container's shell).`,
          first
            ? [
                {
                  title: shell ? 'Run it with "CMD-SHELL"' : 'Run it with "CMD"',
                  edits: [{ offset: first.offset, length: 0, newText: shell ? '"CMD-SHELL", ' : '"CMD", ' }],
                  isPreferred: true,
                },
              ]
            : undefined,
        ),
      );
    }
    return out;
  },
};

export const healthCheckRules: readonly Rule[] = [healthCheckRange, healthCheckCommand];
