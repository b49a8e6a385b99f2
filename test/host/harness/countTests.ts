// How many tests a mocha suite of the VS Code host holds, without a host: its files are loaded in
// plain Node with a stand-in for the `vscode` module (any property, call or `new` gives the stand-in
// again), and mocha counts the `it` blocks the `describe` bodies declare. Used to report a suite
// that cannot run as that many skipped tests, rather than as one.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import Mocha from 'mocha';

type Resolver = (request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolver };

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
  const stubId = path.join(dir, '__vscode-stand-in__.js');
  const resolve = loader._resolveFilename;
  const stub = new Module(stubId);
  stub.exports = standIn();
  stub.loaded = true;
  require.cache[stubId] = stub;
  loader._resolveFilename = (request, ...rest) => (request === 'vscode' ? stubId : resolve(request, ...rest));
  try {
    const mocha = new Mocha({ dryRun: true });
    for (const f of testFiles(dir)) mocha.addFile(f);
    await mocha.loadFilesAsync();
    return mocha.suite.total();
  } finally {
    loader._resolveFilename = resolve;
    delete require.cache[stubId];
  }
}
