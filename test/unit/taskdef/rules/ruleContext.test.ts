import * as assert from 'node:assert/strict';
import { parseTree, type Node } from 'jsonc-parser';
import { applyEdits } from '../../../../src/taskdef/problems';
import {
  insertProperty,
  listOf,
  missingAnchor,
  property,
  removeProperties,
  valueNode,
} from '../../../../src/taskdef/rules/ruleContext';

function tree(text: string): Node {
  return parseTree(text)!;
}

describe('rule context helpers', () => {
  it('reads the last of a repeated key, as JSON.parse does', () => {
    const root = tree('{"a": 1, "a": 2}');
    assert.equal(valueNode(root, 'a')?.value, 2);
    assert.equal(property(root, 'b'), undefined);
    assert.equal(valueNode(undefined, 'a'), undefined);
  });

  it('inserts a property into an empty object, at the indentation of the document', () => {
    const text = '{\n  "options": {}\n}\n';
    const options = valueNode(tree(text), 'options')!;
    assert.equal(
      applyEdits(text, [insertProperty(text, options, 'k', '"v"')]),
      '{\n  "options": {\n    "k": "v"\n  }\n}\n',
    );
  });

  it('inserts with tabs when the document uses tabs, re-indenting a multi-line value', () => {
    const text = '{\n\t"a": 1\n}';
    const root = tree(text);
    assert.equal(
      applyEdits(text, [insertProperty(text, root, 'b', '{\n  "c": 2\n}')]),
      '{\n\t"a": 1,\n\t"b": {\n\t  "c": 2\n\t}\n}',
    );
  });

  it('removes runs of properties without overlapping edits, whatever their position', () => {
    const text = '{\n  "a": 1,\n  "b": 2,\n  "c": 3,\n  "d": 4\n}';
    const root = tree(text);
    const props = root.children!;
    const cases: Array<[number[], unknown]> = [
      [[0], { b: 2, c: 3, d: 4 }],
      [[3], { a: 1, b: 2, c: 3 }],
      [[1, 2], { a: 1, d: 4 }],
      [[0, 3], { b: 2, c: 3 }],
      [[2, 3], { a: 1, b: 2 }],
      [[0, 1, 2, 3], {}],
    ];
    for (const [indices, expected] of cases) {
      const out = applyEdits(
        text,
        removeProperties(
          root,
          indices.map((i) => props[i]!),
        ),
      );
      assert.deepEqual(JSON.parse(out), expected, out);
    }
    assert.equal(
      applyEdits(text, removeProperties(root, [props[1]!])),
      '{\n  "a": 1,\n  "c": 3,\n  "d": 4\n}',
    );
    assert.equal(
      applyEdits(text, removeProperties(root, [props[3]!])),
      '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}',
    );
  });

  it('anchors a missing property at the key holding the object, a container name, or the brace', () => {
    const text =
      '{"logConfiguration": {"logDriver": "awslogs"}, "containerDefinitions": [{"name": "web"}, {}]}';
    const root = tree(text);
    const log = valueNode(root, 'logConfiguration')!;
    const [named, unnamed] = valueNode(root, 'containerDefinitions')!.children!;
    const slice = (r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);
    assert.equal(slice(missingAnchor(log)), '"logConfiguration"');
    assert.equal(slice(missingAnchor(named!)), '"web"');
    assert.equal(slice(missingAnchor(unnamed!)), '{');
    assert.equal(missingAnchor(root).offset, 0);
  });

  it('lists items in prose', () => {
    assert.equal(listOf(['a']), 'a');
    assert.equal(listOf(['a', 'b']), 'a and b');
    assert.equal(listOf(['a', 'b', 'c']), 'a, b and c');
    assert.equal(listOf(['a', 'b', 'c', 'd', 'e']), 'a, b, c and 2 more');
  });
});
