/**
 * `requiresCompatibilities: ["FARGATE"]` makes ECS check the definition against Fargate when it is
 * registered; without it the same mistakes surface only when a task fails to start.
 */
import { DOCS } from './docs';
import {
  elements,
  insertProperty,
  missingAnchor,
  problem,
  replaceNode,
  valueNode,
  type Rule,
} from './ruleContext';

export const requiresCompatibilities: Rule = {
  id: 'fargate-requires-compatibilities',
  severity: 'warning',
  docsUrl: DOCS.requiresCompatibilities,
  description: 'Declare requiresCompatibilities ["FARGATE"] so ECS validates the definition for Fargate.',
  check(ctx) {
    const node = valueNode(ctx.root, 'requiresCompatibilities');
    const message =
      'Add "requiresCompatibilities": ["FARGATE"] so ECS checks this definition against Fargate when you register it, instead of when a task fails to start.';
    if (!node) {
      return [
        problem(this, missingAnchor(ctx.root), message, [
          {
            title: 'Add "requiresCompatibilities": ["FARGATE"]',
            edits: [insertProperty(ctx.text, ctx.root, 'requiresCompatibilities', '["FARGATE"]')],
            isPreferred: true,
          },
        ]),
      ];
    }
    if (node.type === 'array' && elements(node).length === 0) {
      return [
        problem(this, node, message, [
          { title: 'Set to ["FARGATE"]', edits: [replaceNode(node, '["FARGATE"]')], isPreferred: true },
        ]),
      ];
    }
    return [];
  },
};

export const compatibilityRules: readonly Rule[] = [requiresCompatibilities];
