import * as assert from 'node:assert/strict';
import { applyEveryFix, doc, parseDoc, problemsOf, ruleCases, web } from './helpers';

const withHealthCheck = (hc: Record<string, unknown>) =>
  doc(
    (td) =>
      (web(td).healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost:8080/ || exit 1'], ...hc }),
  );

ruleCases('health-check-range', {
  pass: [
    ['the lower bounds', withHealthCheck({ interval: 5, timeout: 2, retries: 1, startPeriod: 0 })],
    ['the upper bounds', withHealthCheck({ interval: 300, timeout: 60, retries: 10, startPeriod: 300 })],
  ],
  fail: [
    ['interval 4', withHealthCheck({ interval: 4 }), '"interval": |4|'],
    ['timeout 61 (not 120)', withHealthCheck({ timeout: 61 }), '"timeout": |61|'],
    ['retries 0', withHealthCheck({ retries: 0 }), '"retries": |0|'],
    ['startPeriod 301', withHealthCheck({ startPeriod: 301 }), '"startPeriod": |301|'],
    ['fractions', withHealthCheck({ interval: 7.5 }), '"interval": |7.5|'],
  ],
});

ruleCases('health-check-command', {
  pass: [
    ['CMD', withHealthCheck({ command: ['CMD', '/healthcheck'] })],
    ['CMD-SHELL', withHealthCheck({})],
  ],
  fail: [
    [
      'no CMD, at the first element',
      withHealthCheck({ command: ['curl', '-f', 'http://localhost/'] }),
      '"curl"',
    ],
    ['empty', withHealthCheck({ command: [] }), '[]'],
    [
      'CMD alone, at the list',
      withHealthCheck({ command: ['CMD-SHELL'] }).replace(/\[\s*"CMD-SHELL"\s*\]/, '["CMD-SHELL"]'),
      '"command": |["CMD-SHELL"]|',
    ],
  ],
});

describe('health check quick fixes', () => {
  it('prepends CMD to an executable and CMD-SHELL to a shell line', () => {
    const [exec] = applyEveryFix(
      withHealthCheck({ command: ['curl', '-f', 'http://localhost/'] }),
      'health-check-command',
    );
    assert.deepEqual(web(parseDoc(exec!)).healthCheck!.command, ['CMD', 'curl', '-f', 'http://localhost/']);
    const [shell] = applyEveryFix(
      withHealthCheck({ command: ['curl -f http://localhost/ || exit 1'] }),
      'health-check-command',
    );
    assert.deepEqual(web(parseDoc(shell!)).healthCheck!.command, [
      'CMD-SHELL',
      'curl -f http://localhost/ || exit 1',
    ]);
  });

  it('says the range and the default', () => {
    assert.equal(
      problemsOf(withHealthCheck({ timeout: 90 }), 'health-check-range')[0]!.message,
      'healthCheck "timeout" must be a whole number from 2 to 60 seconds (default 5), not 90.',
    );
  });
});
