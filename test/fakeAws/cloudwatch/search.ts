/**
 * The fake CloudWatch's metric math SEARCH, for the shape the extension sends:
 *   SEARCH('{Namespace,Dim1,Dim2} Name="value" Name2="value2"', 'Stat', period)
 * The metric schema is a namespace and dimension names (double-quoted when they hold spaces or
 * other non-alphanumerics); the search terms are exact `Name="value"` filters (MetricName or a
 * dimension of the schema), values double-quoted with `\` escaping `\`, `"` and `'`. Anything else
 * is rejected, so an unsupported expression fails loudly instead of returning nothing.
 */
import { AwsError } from '../errors';

export interface ParsedSearch {
  readonly namespace: string;
  /** The schema's dimension names: a matched series has exactly these dimensions. */
  readonly dimensions: readonly string[];
  /** Exact filters: MetricName and dimension values. */
  readonly filters: ReadonlyMap<string, string>;
  readonly stat: string;
  readonly periodSeconds: number;
}

/** Time series one SEARCH expression returns at most. */
export const SEARCH_MAX_SERIES = 500;

const unsupported = (expression: string, why: string) =>
  new AwsError(
    'InvalidParameterValue',
    `The fake CloudWatch supports MetricStat queries and SEARCH('{Namespace,Dims} Name="value" ...', 'Stat', period) only (${why}): ${expression}`,
  );

class Reader {
  i = 0;
  constructor(readonly text: string) {}
  peek(): string | undefined {
    return this.text[this.i];
  }
  skipSpace(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i]!)) this.i++;
  }
  eat(literal: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(literal, this.i)) return false;
    this.i += literal.length;
    return true;
  }
  /** A quoted string (quote char `q`), backslash escapes (kept as written when `raw`). */
  quoted(q: string, raw = false): string | undefined {
    this.skipSpace();
    if (this.peek() !== q) return undefined;
    let out = '';
    for (this.i++; this.i < this.text.length; this.i++) {
      const c = this.text[this.i]!;
      if (c === '\\' && this.i + 1 < this.text.length) {
        const escaped = this.text[++this.i]!;
        out += raw ? `\\${escaped}` : escaped;
      } else if (c === q) {
        this.i++;
        return out;
      } else out += c;
    }
    return undefined;
  }
  /** A bare word (letters, digits, / _ . : -) or a double-quoted name. */
  name(): string | undefined {
    this.skipSpace();
    if (this.peek() === '"') return this.quoted('"');
    const match = /^[A-Za-z0-9_/.:-]+/.exec(this.text.slice(this.i));
    if (!match) return undefined;
    this.i += match[0].length;
    return match[0];
  }
  done(): boolean {
    this.skipSpace();
    return this.i >= this.text.length;
  }
}

/** Parses a SEARCH expression, or throws InvalidParameterValue. */
export function parseSearch(expression: string): ParsedSearch {
  const outer = new Reader(expression);
  if (!outer.eat('SEARCH') || !outer.eat('(')) throw unsupported(expression, 'not a SEARCH');
  // Escapes are resolved once, in the search terms: the search string is kept as written.
  const query = outer.quoted("'", true);
  if (query === undefined) throw unsupported(expression, 'the search string must be single-quoted');
  if (!outer.eat(',')) throw unsupported(expression, 'a statistic is required');
  const stat = outer.quoted("'");
  if (!stat) throw unsupported(expression, 'the statistic must be single-quoted');
  if (!outer.eat(',')) throw unsupported(expression, 'the fake needs an explicit period');
  outer.skipSpace();
  const period = /^\d+/.exec(expression.slice(outer.i));
  if (!period) throw unsupported(expression, 'the period must be a number');
  outer.i += period[0].length;
  if (!outer.eat(')') || !outer.done()) throw unsupported(expression, 'trailing text');

  const inner = new Reader(query);
  if (!inner.eat('{')) throw unsupported(expression, 'the fake needs a metric schema');
  const namespace = inner.name();
  if (!namespace) throw unsupported(expression, 'the schema needs a namespace');
  const dimensions: string[] = [];
  while (inner.eat(',')) {
    const dim = inner.name();
    if (!dim) throw unsupported(expression, 'bad dimension name');
    dimensions.push(dim);
  }
  if (!inner.eat('}')) throw unsupported(expression, 'unclosed schema');
  const filters = new Map<string, string>();
  while (!inner.done()) {
    const key = inner.name();
    if (!key || !inner.eat('=')) throw unsupported(expression, 'only Name="value" terms');
    const value = inner.quoted('"');
    if (value === undefined) throw unsupported(expression, 'term values must be double-quoted');
    if (key !== 'MetricName' && !dimensions.includes(key))
      throw unsupported(expression, `${key} is neither MetricName nor a schema dimension`);
    filters.set(key, value);
  }
  const periodSeconds = Number(period[0]);
  if (periodSeconds < 60 ? ![1, 5, 10, 20, 30].includes(periodSeconds) : periodSeconds % 60 !== 0)
    throw new AwsError('InvalidParameterValue', 'The period of a SEARCH must be a multiple of 60.');
  return { namespace, dimensions, filters, stat, periodSeconds };
}

/**
 * A dynamic label: `${PROP('Dim.<name>')}`, `${PROP('MetricName')}`, `${PROP('Namespace')}` are
 * replaced by the series' values; other text is kept.
 */
export function dynamicLabel(
  label: string,
  series: { namespace: string; metric: string; dimensions: ReadonlyMap<string, string> },
): string {
  return label.replace(/\$\{PROP\('([^']+)'\)\}/g, (whole, prop: string) => {
    if (prop === 'MetricName') return series.metric;
    if (prop === 'Namespace') return series.namespace;
    if (prop.startsWith('Dim.')) return series.dimensions.get(prop.slice(4)) ?? '';
    return whole;
  });
}
