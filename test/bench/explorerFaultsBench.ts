/**
 * The explorer under throttling, for `npm run bench:explorer`: the demo fleet expanded fully by the
 * product's clients (retry policy, SDK adaptive rate limiter, real delays), first clean, then with
 * 20 % of calls throttled and 5 % answering HTTP 500, then with every ListServices throttled.
 * Prints the error nodes, the calls, the faults injected and the extra time. Figures, not asserts.
 */
import {
  RATE_LIMITER_MIN_FILL_RATE,
  READ_BUDGET_MS,
  READ_MAX_ATTEMPTS,
  type RetryPolicyOptions,
} from '../../src/aws/retryPolicy';
import { loadChildren } from '../../src/explorer/loadChildren';
import { MessageNode } from '../../src/explorer/nodes/messageNode';
import { expandAll, explorerAgainst, type Expansion } from '../support/explorerExpansion';
import { FakeAwsProcess } from './fakeAwsProcess';

const REGION = 'us-east-1';
/** A fixed "now" so ages render the same in every run. */
const NOW = () => Date.parse('2026-12-07T10:00:00Z');

interface Run {
  readonly expansion: Expansion;
  readonly ms: number;
  readonly calls: number;
  readonly faults: number;
}

async function run(fake: FakeAwsProcess, retry?: RetryPolicyOptions): Promise<Run> {
  await fake.resetStats();
  const before = await fake.admin<{ faultsInjected: number }>('GET', 'stats');
  // A new connection each run, as after a reload: the rate limiter starts without history.
  const explorer = explorerAgainst(
    { url: fake.url, region: REGION },
    { now: NOW, ...(retry ? { retry } : {}) },
  );
  const started = performance.now();
  const expansion = await expandAll(explorer.deps);
  const ms = performance.now() - started;
  explorer.factory.destroy();
  const after = await fake.admin<{ calls: number; faultsInjected: number }>('GET', 'stats');
  return { expansion, ms, calls: after.calls, faults: after.faultsInjected - before.faultsInjected };
}

function print(label: string, r: Run, clean?: Run): void {
  console.log(`\n${label}`);
  console.log(`  nodes:            ${r.expansion.lines.length}`);
  console.log(`  error nodes:      ${r.expansion.errors.length}`);
  for (const error of r.expansion.errors) console.log(`    ${error}`);
  console.log(`  calls:            ${r.calls} (faults injected: ${r.faults})`);
  console.log(`  wall time:        ${r.ms.toFixed(0)} ms`);
  if (clean) {
    const same = JSON.stringify(r.expansion.lines) === JSON.stringify(clean.expansion.lines);
    console.log(`  same tree:        ${same ? 'yes' : 'NO'}`);
    console.log(
      `  extra time:       ${(r.ms - clean.ms).toFixed(0)} ms (${(r.ms / clean.ms).toFixed(1)}× the clean run)`,
    );
  }
}

export async function runFaultBench(latencyMs: number): Promise<void> {
  const seeds = (process.env.BENCH_FAULT_SEEDS ?? '1,2,3').split(',').map(Number);
  console.log(
    `\nThe demo fleet under faults (latency ${latencyMs} ms; reads: ${READ_MAX_ATTEMPTS} attempts or ${READ_BUDGET_MS / 1000} s; writes: the SDK's 3)`,
  );
  const fake = await FakeAwsProcess.start(['--latency', String(latencyMs), '--fleet', 'demo']);
  try {
    const clean = await run(fake);
    print('Expand the demo fleet fully, no faults', clean);
    for (const seed of seeds) {
      // The fleet ages (ECS, and the fake, stop showing stopped tasks after a while), so each faulty
      // run is compared with a clean run made just before it, not with the first one.
      const reference = await run(fake);
      const rate = { rate: { throttle: 0.2, serverError: 0.05, seed } };
      await fake.admin('POST', 'faults', rate);
      const faulty = await run(fake);
      print(`Same, 20 % of calls throttled + 5 % HTTP 500 (seed ${seed})`, faulty, reference);
      // The same faults with the SDK's own floor (0.5 calls/s), and with the limiter kept from
      // pacing (its floor raised to 1,000 calls/s): what is left there is the backoff itself.
      await fake.admin('POST', 'faults', { clear: true, latencyMs, ...rate });
      const sdkFloor = await run(fake, { rateLimiter: { minFillRate: 0.5 } });
      await fake.admin('POST', 'faults', { clear: true, latencyMs, ...rate });
      const unpaced = await run(fake, { rateLimiter: { minFillRate: 1000 } });
      console.log(
        `  pacing:           our floor (${RATE_LIMITER_MIN_FILL_RATE} calls/s) ${faulty.ms.toFixed(0)} ms; the SDK's floor (0.5 calls/s) ${sdkFloor.ms.toFixed(0)} ms (${sdkFloor.expansion.errors.length} error nodes); no pacing ${unpaced.ms.toFixed(0)} ms (${unpaced.expansion.errors.length} error nodes)`,
      );
      await fake.admin('POST', 'faults', { clear: true, latencyMs });
    }

    // Every ListServices throttled: the cluster's error node, after the read's attempts or budget.
    const explorer = explorerAgainst({ url: fake.url, region: REGION }, { now: NOW });
    const root = await loadChildren(undefined, explorer.deps);
    await fake.admin('POST', 'faults', { operation: 'ListServices', fault: 'throttle', times: 1e9 });
    await fake.resetStats();
    const started = performance.now();
    const services = await loadChildren(root.children[0], explorer.deps);
    const ms = performance.now() - started;
    const stats = await fake.stats();
    const node = services.children[0];
    console.log('\nEvery ListServices throttled (100 %): one cluster expanded');
    console.log(
      `  error node:       ${node instanceof MessageNode && node.kind === 'error' ? node.message : 'NONE'}`,
    );
    console.log(`  ListServices:     ${stats.byOperation['ListServices'] ?? 0} attempts`);
    console.log(`  time to the node: ${ms.toFixed(0)} ms (budget ${READ_BUDGET_MS} ms)`);
    explorer.factory.destroy();
  } finally {
    await fake.stop();
  }
}
