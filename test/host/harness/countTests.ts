// How many tests a mocha suite of the VS Code host holds, without a host: its files are loaded in
// plain Node with a stand-in for the `vscode` module (any property, call or `new` gives the stand-in
// again), and mocha counts the `it` blocks the `describe` bodies declare. Used to report a suite
// that cannot run as that many skipped tests, rather than as one.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import Mocha from 'mocha';

type Load = (request: string, ...rest: unknown[]) => unknown;
const loader = Module as unknown as { _load: Load };

/** A value that survives whatever module-level code does with `vscode.*`. */
function standIn(): unknown {
  const handler: ProxyHandler<() => void> = {
    get: (_target, prop) => {
      if (prop === 'then') return undefined; // not a promise
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === 'prototype') return {};
      return proxy;
    },
    apply: () => proxy,
    construct: () => proxy as object,
  };
  const proxy: unknown = new Proxy(function vscodeStandIn() {}, handler);
  return proxy;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return testFiles(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

/** The number of tests declared by the *.test.js files under `dir` (compiled host suite). */
export async function countHostSuiteTests(dir: string): Promise<number> {
  // Outermost hook on the module loader: wins over any other stand-in already installed (the unit
  // suite has one), and is removed again when the files are loaded.
  const load = loader._load;
  const stub = standIn();
  loader._load = function (this: unknown, request, ...rest) {
    return request === 'vscode' ? stub : load.call(this, request, ...rest);
  };
  try {
    const mocha = new Mocha({ dryRun: true });
    for (const f of testFiles(dir)) mocha.addFile(f);
    await mocha.loadFilesAsync();
    return mocha.suite.total();
  } finally {
    loader._load = load;
  }
}
