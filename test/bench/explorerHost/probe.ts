// Runs INSIDE the extension host (loaded as `extensionTestsPath` by explorerHostBench.ts): expands a
// 2,000-service cluster through the Clusters view's provider the way VS Code does (each change event
// on the cluster makes it ask for the children again, and every row's TreeItem is built), RUNS times,
// against the fake AWS (its own process) answering every call after LATENCY_MS. Writes the figures
// as JSON to $ECS_BENCH_RESULT_DIR; with ECS_BENCH_PROFILE=1 also a CPU profile of the extension
// host (node:inspector, in process) over the timed expansions. The runner prints; nothing fails on
// a slow machine.
import * as diagnostics from 'node:diagnostics_channel';
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type * as vscode from 'vscode';
import { chainGaps, type CallEvent } from '../../fakeAws/stats';
import { extensionApi, fakeAdmin, fakeAdminPost, treeChildren, treeNode } from '../../host/suite/helpers';
import { expandProgressively } from '../../host/suite/progressiveExpansion';

export const CLUSTER = 'pace-cluster-01';
export const SERVICES = 2000;

export interface ExpansionFigures {
  /** First call of getChildren on the cluster until it returned (the first page's rows). */
  readonly firstMs: number;
  readonly firstRows: number;
  /** Until the rows held every service and no "Loading more…" row. */
  readonly allMs: number;
  /** getChildren + getTreeItem of every row, over all the updates (the extension host's thread). */
  readonly renderMs: number;
  readonly updates: number;
  /** Mean and max time from a ListServices answer (at the fake) to the next page's request. */
  readonly gapMeanMs: number;
  readonly gapMaxMs: number;
  /** CPU time of the extension host over the expansion (user + system). */
  readonly cpuMs: number;
  /** Inside the host: a ListServices response's headers parsed → the next page's request created. */
  readonly hostGapMeanMs: number;
  /** Other responses whose headers were parsed in those windows, on average. */
  readonly responsesInGapMean: number;
}

interface HttpEvent {
  readonly t: number;
  readonly kind: 'request' | 'response';
  readonly operation: string;
}

/** Records when the host creates each AWS request and parses each response's headers. */
function traceHttp(): { events: HttpEvent[]; stop(): void } {
  const events: HttpEvent[] = [];
  const operationOf = (request: unknown): string => {
    const target = (request as { getHeader?(name: string): unknown }).getHeader?.('x-amz-target');
    return typeof target === 'string' ? (target.split('.').pop() ?? '') : '';
  };
  const onRequest = (message: unknown) =>
    events.push({
      t: performance.now(),
      kind: 'request',
      operation: operationOf((message as { request: unknown }).request),
    });
  const onResponse = (message: unknown) =>
    events.push({
      t: performance.now(),
      kind: 'response',
      operation: operationOf((message as { request: unknown }).request),
    });
  diagnostics.subscribe('http.client.request.start', onRequest);
  diagnostics.subscribe('http.client.response.finish', onResponse);
  return {
    events,
    stop() {
      diagnostics.unsubscribe('http.client.request.start', onRequest);
      diagnostics.unsubscribe('http.client.response.finish', onResponse);
    },
  };
}

/** The host's share of each page gap: ListServices response parsed → next ListServices request. */
function hostGaps(events: readonly HttpEvent[]): { mean: number; responsesMean: number } {
  const gaps: number[] = [];
  const others: number[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e?.kind !== 'response' || e.operation !== 'ListServices') continue;
    let between = 0;
    for (let j = i + 1; j < events.length; j++) {
      const f = events[j];
      if (!f) break;
      if (f.kind === 'request' && f.operation === 'ListServices') {
        gaps.push(f.t - e.t);
        others.push(between);
        break;
      }
      if (f.kind === 'response') between++;
    }
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  return { mean: mean(gaps), responsesMean: mean(others) };
}

export interface ExplorerHostResult {
  readonly latencyMs: number;
  readonly runs: readonly ExpansionFigures[];
  readonly profileFile?: string;
  readonly error?: string;
}

function post(session: inspector.Session, method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

interface Row {
  readonly label: string;
  readonly contextValue?: string;
}

/**
 * The cluster's rows as VS Code builds them: getChildren, then getTreeItem for each row. No
 * resolveTreeItem: VS Code asks for a row's tooltip only when it is hovered.
 */
async function rowsOf(provider: vscode.TreeDataProvider<unknown>, element: unknown): Promise<Row[]> {
  const elements = (await provider.getChildren(element)) ?? [];
  return Promise.all(
    elements.map(async (child) => {
      const item = await provider.getTreeItem(child);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { label, contextValue: item.contextValue };
    }),
  );
}

async function expandOnce(latencyMs: number): Promise<ExpansionFigures> {
  const api = await extensionApi();
  const provider = api.explorer as vscode.TreeDataProvider<unknown>;
  const cluster = await treeNode(CLUSTER);
  await fakeAdminPost('/__fake/faults', { latencyMs });
  await fakeAdminPost('/__fake/reset', { only: 'stats' });
  const trace = traceHttp();
  const cpu0 = process.cpuUsage();
  const expansion = await expandProgressively(provider, cluster.element, () =>
    rowsOf(provider, cluster.element),
  );
  try {
    const cpu = process.cpuUsage(cpu0);
    trace.stop();
    const host = hostGaps(trace.events);
    const services = (rows: readonly Row[]) => rows.filter((r) => r.contextValue === 'ecs.service').length;
    const listed = services(expansion.rows);
    if (listed !== SERVICES) throw new Error(`listed ${listed} services, not ${SERVICES}`);
    await fakeAdminPost('/__fake/faults', { latencyMs: 0 });
    const { events } = await fakeAdmin<{ events: CallEvent[] }>('/__fake/stats?events=1');
    const gaps = chainGaps(events, 'ListServices');
    // The decorations (metrics, scaling) follow the listing in one more update; once it is read, the
    // settled listing is let go and the next expansion lists afresh, as a user's would.
    await expansion.followUp(10_000);
    await provider.getChildren(cluster.element);
    return {
      firstMs: expansion.firstMs,
      firstRows: services(expansion.first),
      allMs: expansion.allMs,
      renderMs: expansion.renderMs,
      updates: expansion.changes(),
      gapMeanMs: gaps.mean,
      gapMaxMs: gaps.max,
      cpuMs: (cpu.user + cpu.system) / 1000,
      hostGapMeanMs: host.mean,
      responsesInGapMean: host.responsesMean,
    };
  } finally {
    trace.stop();
    expansion.dispose();
  }
}

export async function run(): Promise<void> {
  const dir = process.env.ECS_BENCH_RESULT_DIR;
  if (!dir) throw new Error('ECS_BENCH_RESULT_DIR must be set');
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 50);
  const profile = process.env.ECS_BENCH_PROFILE === '1';
  let result: ExplorerHostResult;
  try {
    await extensionApi();
    await fakeAdminPost('/__fake/fleet', {
      clusters: 1,
      servicesPerCluster: SERVICES,
      tasksPerService: 0,
      namePrefix: 'pace-',
    });
    await treeChildren(); // the core loads and the clusters are listed before anything is timed
    await expandOnce(0); // warm-up: the SDK's modules and the code paths are compiled, not counted
    const session = profile ? new inspector.Session() : undefined;
    if (session) {
      session.connect();
      await post(session, 'Profiler.enable');
      await post(session, 'Profiler.setSamplingInterval', { interval: 200 });
      await post(session, 'Profiler.start');
    }
    const figures: ExpansionFigures[] = [];
    for (let i = 0; i < runs; i++) figures.push(await expandOnce(latencyMs));
    let profileFile: string | undefined;
    if (session) {
      const { profile: cpuProfile } = (await post(session, 'Profiler.stop')) as { profile: unknown };
      session.disconnect();
      profileFile = path.join(dir, `explorer-host-${process.pid}.cpuprofile`);
      fs.writeFileSync(profileFile, JSON.stringify(cpuProfile));
    }
    result = { latencyMs, runs: figures, profileFile };
  } catch (e) {
    result = { latencyMs, runs: [], error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  fs.writeFileSync(path.join(dir, `explorer-host-${process.pid}.json`), JSON.stringify(result));
}
