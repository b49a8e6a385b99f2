/**
 * Self time by function in a V8 CPU profile (the `.cpuprofile` that node:inspector's
 * Profiler.stop returns and Chrome DevTools opens), for the benches that profile the extension host.
 */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
    };
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface SelfTime {
  /** "functionName (file:line)", or "(idle)", "(garbage collector)", "(program)". */
  readonly name: string;
  readonly ms: number;
}

function shortUrl(url: string): string {
  if (!url) return '';
  const parts = url.replace(/^file:\/\//, '').split('/');
  const nm = parts.lastIndexOf('node_modules');
  if (nm >= 0) return parts.slice(nm + 1, nm + 3).join('/');
  return parts.slice(-2).join('/');
}

/** Self time summed by `keyOf` of each sample's function, largest first. */
function selfTimeBy(profile: CpuProfile, keyOf: (node: CpuProfile['nodes'][number]) => string): SelfTime[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the NEXT sample (the delta stored with a sample precedes it).
  for (let i = 0; i < samples.length; i++) {
    const node = byId.get(samples[i]!);
    if (!node) continue;
    const key = keyOf(node);
    totals.set(key, (totals.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  return [...totals.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

/** Self time per function (summed over its call sites), largest first, and the profile's span. */
export function selfTimes(profile: CpuProfile): { totalMs: number; byFunction: SelfTime[] } {
  const byFunction = selfTimeBy(profile, ({ callFrame: { functionName, url, lineNumber } }) =>
    url
      ? `${functionName || '(anonymous)'} (${shortUrl(url)}:${lineNumber + 1})`
      : functionName || '(anonymous)',
  );
  return { totalMs: (profile.endTime - profile.startTime) / 1000, byFunction };
}

/** Self time summed by where the code lives: our bundles, each npm package, the host, V8. */
export function selfTimeByOwner(profile: CpuProfile): SelfTime[] {
  return selfTimeBy(profile, ({ callFrame: { url, functionName } }) => {
    if (!url) return functionName || '(native)';
    if (url.startsWith('node:')) return 'node: built-ins';
    if (/\/dist\/[^/]+\.js$/.test(url)) return `extension ${url.slice(url.lastIndexOf('/dist/') + 1)}`;
    if (url.includes('/node_modules/')) return `npm ${shortUrl(url).split('/')[0]!}`;
    if (url.includes('/out/')) return 'tests/probe (out/)';
    return 'VS Code extension host';
  });
}
