/**
 * Latency and fault injection. Operations are named plainly ('ListServices'), with their service
 * ('ecs:ListServices'), or '*' for every operation.
 */
import { seededRandom } from './seededRandom';

export type Fault =
  | 'throttle'
  | 'serverError'
  | 'expiredToken'
  | 'accessDenied'
  | { type: string; message: string; status: number };

interface Injection {
  operation: string;
  fault: Fault;
  remaining: number;
}

/**
 * A share of calls that fail, drawn per call from a seeded generator so a run is reproducible:
 * each call of a matching operation is throttled with probability `throttle`, else answers HTTP 500
 * with probability `serverError`. Like a busy account, where any call may be throttled at any time.
 */
export interface FaultRate {
  /** Share of calls throttled (0–1). */
  readonly throttle?: number;
  /** Share of calls answering HTTP 500 (0–1). */
  readonly serverError?: number;
  /** Which operations ('*' by default). */
  readonly operation?: string;
  /** Seed of the generator (default 1): the same seed and the same calls give the same faults. */
  readonly seed?: number;
}

interface Denial {
  operation: string;
  accessKeyId?: string;
}

/** What a request hits before it reaches its handler. */
export type FaultHit =
  { kind: 'expiredToken' } | { kind: 'accessDenied' } | { kind: 'injected'; fault: Fault };

function matches(pattern: string, service: string, operation: string): boolean {
  return pattern === '*' || pattern === operation || pattern === `${service}:${operation}`;
}

export class Faults {
  /** Applied to every call, unless an operation has its own (setLatency). */
  latencyMs: number;
  private readonly perOperationLatency = new Map<string, number>();
  private gates: Array<{ operation: string; opened: Promise<void>; open: () => void }> = [];
  private injections: Injection[] = [];
  private readonly expiredKeys = new Set<string>();
  private denials: Denial[] = [];
  private rate: { spec: FaultRate; random: () => number } | undefined;
  private injectedCount = 0;

  constructor(private readonly initialLatencyMs = 0) {
    this.latencyMs = initialLatencyMs;
  }

  setLatency(operation: string, ms: number): void {
    this.perOperationLatency.set(operation, ms);
  }

  /**
   * Holds every answer of that operation (after its latency) until the returned function is
   * called, so a test can order events without relying on durations.
   */
  hold(operation: string): () => void {
    let open = (): void => undefined;
    const opened = new Promise<void>((resolve) => (open = resolve));
    const gate = { operation, opened, open };
    this.gates.push(gate);
    return () => {
      this.gates = this.gates.filter((g) => g !== gate);
      gate.open();
    };
  }

  /** Resolves once no gate holds that operation. */
  async released(service: string, operation: string): Promise<void> {
    for (const gate of this.gates.filter((g) => matches(g.operation, service, operation))) await gate.opened;
  }

  /** The next `times` calls (default 1; Infinity for all) of that operation fail with the fault. */
  inject(operation: string, fault: Fault, times = 1): void {
    if (times > 0) this.injections.push({ operation, fault, remaining: times });
  }

  /** From now on, a share of calls fail (see FaultRate); replaces an earlier rate. */
  setRate(spec: FaultRate): void {
    for (const share of [spec.throttle ?? 0, spec.serverError ?? 0]) {
      if (!(share >= 0 && share <= 1))
        throw new Error(`A fault rate is a share between 0 and 1, got ${share}`);
    }
    this.rate = { spec, random: seededRandom(spec.seed ?? 1) };
  }

  /** Faults injected so far (one-off injections and rate faults; not expired keys or denials). */
  get injected(): number {
    return this.injectedCount;
  }

  /** Any request signed with that key gets ExpiredTokenException (ExpiredToken in query protocols). */
  expireAccessKey(accessKeyId: string): void {
    this.expiredKeys.add(accessKeyId);
  }

  /** The operation (for one access key, or for all) answers AccessDenied. */
  denyOperation(operation: string, accessKeyId?: string): void {
    this.denials.push({ operation, accessKeyId });
  }

  /** Removes every fault and per-operation latency; latencyMs returns to its start value. */
  clear(): void {
    this.latencyMs = this.initialLatencyMs;
    this.perOperationLatency.clear();
    this.injections = [];
    // Clearing opens every gate: a call left held would hang.
    for (const gate of this.gates) gate.open();
    this.gates = [];
    this.expiredKeys.clear();
    this.denials = [];
    this.rate = undefined;
    this.injectedCount = 0;
  }

  latencyFor(service: string, operation: string): number {
    return (
      this.perOperationLatency.get(`${service}:${operation}`) ??
      this.perOperationLatency.get(operation) ??
      this.latencyMs
    );
  }

  /** The fault this call meets, if any. Consumes one use of an injected fault. */
  check(service: string, operation: string, accessKeyId: string | undefined): FaultHit | undefined {
    if (accessKeyId !== undefined && this.expiredKeys.has(accessKeyId)) return { kind: 'expiredToken' };
    const denied = this.denials.some(
      (d) =>
        matches(d.operation, service, operation) &&
        (d.accessKeyId === undefined || d.accessKeyId === accessKeyId),
    );
    if (denied) return { kind: 'accessDenied' };
    const injection = this.injections.find((i) => matches(i.operation, service, operation));
    if (injection) {
      injection.remaining--;
      if (injection.remaining <= 0) this.injections = this.injections.filter((i) => i !== injection);
      this.injectedCount++;
      return { kind: 'injected', fault: injection.fault };
    }
    const fault = this.rateFault(service, operation);
    if (fault === undefined) return undefined;
    this.injectedCount++;
    return { kind: 'injected', fault };
  }

  private rateFault(service: string, operation: string): Fault | undefined {
    if (!this.rate || !matches(this.rate.spec.operation ?? '*', service, operation)) return undefined;
    const draw = this.rate.random();
    const throttle = this.rate.spec.throttle ?? 0;
    if (draw < throttle) return 'throttle';
    if (draw < throttle + (this.rate.spec.serverError ?? 0)) return 'serverError';
    return undefined;
  }
}
