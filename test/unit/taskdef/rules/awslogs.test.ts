import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, parseDoc, problemsOf, ruleCases, type TaskDef, web } from './helpers';

const options = (td: TaskDef) => web(td).logConfiguration!.options as Record<string, string>;

ruleCases('awslogs-group-required', {
  pass: [['group set', doc()]],
  fail: [
    ['group missing, at the options key', doc((td) => delete options(td)['awslogs-group']), '"options"'],
    ['no options at all, at the driver', doc((td) => delete web(td).logConfiguration!.options), '"awslogs"'],
  ],
});

ruleCases('awslogs-region-required', {
  pass: [['region set', doc()]],
  fail: [['region missing', doc((td) => delete options(td)['awslogs-region']), '"options"']],
});

ruleCases('awslogs-stream-prefix-required', {
  pass: [
    ['prefix set', doc()],
    [
      'EC2 does not need a prefix',
      doc((td) => ((td.requiresCompatibilities = ['EC2']), delete options(td)['awslogs-stream-prefix'])),
    ],
  ],
  fail: [
    ['prefix missing', doc((td) => delete options(td)['awslogs-stream-prefix']), '"options"'],
    ['prefix empty', doc((td) => (options(td)['awslogs-stream-prefix'] = '')), '"options"'],
  ],
});

ruleCases('awslogs-group-name', {
  pass: [['path-like name', doc((td) => (options(td)['awslogs-group'] = '/aws/ecs/my_app-prod.v2#blue'))]],
  fail: [['spaces', doc((td) => (options(td)['awslogs-group'] = 'my app')), '"my app"']],
});

ruleCases('awslogs-create-group', {
  pass: [['"false"', doc((td) => (options(td)['awslogs-create-group'] = 'false'))]],
  fail: [['"true"', doc((td) => (options(td)['awslogs-create-group'] = 'true')), '"true"']],
});

ruleCases('awslogs-multiline', {
  pass: [['only a pattern', doc((td) => (options(td)['awslogs-multiline-pattern'] = '^INFO'))]],
  fail: [
    [
      'pattern and datetime format',
      doc((td) => {
        options(td)['awslogs-multiline-pattern'] = '^INFO';
        options(td)['awslogs-datetime-format'] = '%Y-%m-%d';
      }),
      '"awslogs-multiline-pattern"',
    ],
  ],
});

describe('awslogs quick fixes', () => {
  it('adds "awslogs-stream-prefix": "ecs" into the options', () => {
    const [fixed] = applyEveryFix(
      doc((td) => delete options(td)['awslogs-stream-prefix']),
      'awslogs-stream-prefix-required',
    );
    assert.equal(web(parseDoc(fixed!)).logConfiguration!.options!['awslogs-stream-prefix'], 'ecs');
  });

  it('fills in an empty prefix, and adds options when there are none', () => {
    const [filled] = applyEveryFix(
      doc((td) => (options(td)['awslogs-stream-prefix'] = '')),
      'awslogs-stream-prefix-required',
    );
    assert.equal(web(parseDoc(filled!)).logConfiguration!.options!['awslogs-stream-prefix'], 'ecs');
    const text = doc((td) => delete web(td).logConfiguration!.options);
    const [added] = applyEveryFix(text, 'awslogs-stream-prefix-required');
    assert.deepEqual(web(parseDoc(added!)).logConfiguration!.options, { 'awslogs-stream-prefix': 'ecs' });
    assert.equal(
      problemsOf(added!, 'awslogs-group-required').length,
      1,
      'the group is still missing: no guess',
    );
  });
});
