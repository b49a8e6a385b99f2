/** Fargate tasks run only in `awsvpc` network mode (ECS defaults to `bridge` on Linux when it is omitted). */
import { DOCS } from './docs';
import {
  insertProperty,
  missingAnchor,
  problem,
  replaceNode,
  stringValue,
  valueNode,
  type Rule,
} from './ruleContext';

export const networkMode: Rule = {
  id: 'fargate-network-mode',
  severity: 'error',
  docsUrl: DOCS.networkMode,
  description: 'Fargate tasks need "networkMode": "awsvpc".',
  check(ctx) {
    if (!ctx.fargate) return [];
    const node = valueNode(ctx.root, 'networkMode');
    if (!node) {
      return [
        problem(
          this,
          missingAnchor(ctx.root),
          'Fargate tasks need "networkMode": "awsvpc" (without it ECS uses "bridge", which Fargate does not support).',
          [
            {
              title: 'Add "networkMode": "awsvpc"',
              edits: [insertProperty(ctx.text, ctx.root, 'networkMode', '"awsvpc"')],
              isPreferred: true,
            },
          ],
        ),
      ];
    }
    const mode = stringValue(node);
    if (mode === 'awsvpc') return [];
    return [
      problem(
        this,
        node,
        `Fargate supports only "networkMode": "awsvpc"${mode !== undefined ? `, not "${mode}"` : ''}.`,
        [
          {
            title: 'Change networkMode to "awsvpc"',
            edits: [replaceNode(node, '"awsvpc"')],
            isPreferred: true,
          },
        ],
      ),
    ];
  },
};

export const networkRules: readonly Rule[] = [networkMode];
