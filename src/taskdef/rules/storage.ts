/** Fargate ephemeral storage: 21–200 GiB when set (20 GiB when left out). */
import { DOCS } from './docs';
import { numberValue, problem, valueNode, type Rule } from './ruleContext';

export const ephemeralStorage: Rule = {
  id: 'ephemeral-storage-range',
  severity: 'error',
  docsUrl: DOCS.ephemeralStorage,
  description: 'ephemeralStorage.sizeInGiB must be 21–200.',
  check(ctx) {
    const node = valueNode(valueNode(ctx.root, 'ephemeralStorage'), 'sizeInGiB');
    const size = numberValue(node);
    if (!node || size === undefined || (Number.isInteger(size) && size >= 21 && size <= 200)) return [];
    return [
      problem(
        this,
        node,
        `"sizeInGiB" must be a whole number from 21 to 200, not ${size}` +
          (size <= 20 ? ': leave "ephemeralStorage" out for the default 20 GiB.' : '.'),
      ),
    ];
  },
};

export const storageRules: readonly Rule[] = [ephemeralStorage];
