/**
 * Latency and fault injection. Operations are named plainly ('ListServices'), with their service
 * ('ecs:ListServices'), or '*' for every operation.
 */
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
    if (!injection) return undefined;
    injection.remaining--;
    if (injection.remaining <= 0) this.injections = this.injections.filter((i) => i !== injection);
    return { kind: 'injected', fault: injection.fault };
  }
}
