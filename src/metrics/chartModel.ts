/**
 * The metrics chart as data: a service's series for one range turned into two panels (CPU and
 * memory in percent with the scaling targets; running tasks with the scaling min/max), every point
 * already scaled to the chart's pixel box. Pure: the webview only draws what this returns, and tests
 * snapshot it instead of pixels.
 */
import type { Point, ServiceSeries } from '../aws/metricsGateway';
import { RANGES, type SeriesRange } from './ranges';

export interface ChartScaling {
  readonly min: number;
  readonly max: number;
  readonly targets: ReadonlyArray<{ readonly metric: 'CPU' | 'memory'; readonly value: number }>;
}

export interface ChartInput {
  readonly service: string;
  readonly cluster: string;
  readonly series: ServiceSeries;
  /** The service's runningCount, drawn flat when RunningTaskCount (Container Insights) is absent. */
  readonly runningCount?: number;
  readonly scaling?: ChartScaling;
  /**
   * The plot box of each panel (default 600 × 160): the drawing's coordinates. The webview stretches
   * the width to the panel's (docs/architecture.md, "Webviews"); the height is drawn in pixels.
   */
  readonly width?: number;
  readonly height?: number;
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  /** The original value and time, for tooltips. */
  readonly v: number;
  readonly t: number;
}

/**
 * A colour of VS Code's chart palette (the theme's `charts.<tone>`, `--vscode-charts-<tone>` in a
 * webview). A tone, not a CSS value: the webview's CSP forbids inline style attributes, so the HTML
 * gives each element a class that its nonce'd style sheet colours.
 */
export type ChartTone = 'blue' | 'purple' | 'green' | 'orange' | 'red';

export const CHART_TONES: readonly ChartTone[] = ['blue', 'purple', 'green', 'orange', 'red'];

export interface ChartLine {
  readonly id: 'cpu' | 'memory' | 'tasks';
  readonly label: string;
  readonly tone: ChartTone;
  readonly points: readonly ChartPoint[];
  /** SVG path data ("M x y L x y …"); empty when there are no points. */
  readonly path: string;
  /** The newest value, for the legend. */
  readonly latest?: number;
  readonly dashed?: boolean;
}

export interface ChartGuide {
  readonly label: string;
  readonly y: number;
  readonly value: number;
  readonly tone: ChartTone;
}

export interface ChartPanel {
  readonly id: 'utilization' | 'tasks';
  readonly title: string;
  readonly unit: '%' | 'tasks';
  readonly yMax: number;
  /** Y axis ticks: value and pixel position. */
  readonly ticks: ReadonlyArray<{ readonly value: number; readonly y: number }>;
  readonly lines: readonly ChartLine[];
  readonly guides: readonly ChartGuide[];
}

export interface ChartModel {
  readonly title: string;
  readonly range: SeriesRange;
  readonly rangeLabel: string;
  readonly periodSeconds: number;
  readonly start: number;
  readonly end: number;
  readonly width: number;
  readonly height: number;
  readonly panels: readonly ChartPanel[];
  /** Plain sentences shown under the chart (missing data, the task count's source). */
  readonly notes: readonly string[];
}

const TONES = {
  cpu: 'blue',
  memory: 'purple',
  tasks: 'green',
  target: 'orange',
  bounds: 'red',
} as const satisfies Record<string, ChartTone>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** A "nice" axis maximum at or above `value` (1, 2, 5 × 10^n). */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * exp) return step * exp;
  return 10 * exp;
}

export function buildChartModel(input: ChartInput): ChartModel {
  const { series } = input;
  const width = input.width ?? 600;
  const height = input.height ?? 160;
  const span = Math.max(1, series.end - series.start);
  const x = (t: number) => round1(((t - series.start) / span) * width);
  const yOf = (yMax: number) => (v: number) => round1(height - (Math.min(v, yMax) / yMax) * height);
  const notes: string[] = [];

  const line = (
    id: ChartLine['id'],
    label: string,
    points: readonly Point[],
    yMax: number,
    dashed = false,
  ): ChartLine => {
    const y = yOf(yMax);
    const scaled = points.map((p) => ({ x: x(p.t), y: y(p.v), v: p.v, t: p.t }));
    const path = scaled.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
    return {
      id,
      label,
      tone: TONES[id],
      points: scaled,
      path,
      ...(points.length > 0 ? { latest: points.at(-1)!.v } : {}),
      ...(dashed ? { dashed } : {}),
    };
  };
  /** Ticks at multiples of a nice step (at most 5 intervals): 0, 20 … 100 or 0, 1 … 5. */
  const ticks = (yMax: number) => {
    const step = niceMax(yMax / 5);
    const out: Array<{ value: number; y: number }> = [];
    for (let value = 0; value <= yMax + 1e-9; value = round1(value + step))
      out.push({ value, y: yOf(yMax)(value) });
    return out;
  };

  // CPU and memory, 0–100 %, with the target tracking values.
  const pct = 100;
  const targets = (input.scaling?.targets ?? []).map((target) => ({
    label: `${target.metric} target ${target.value}%`,
    value: target.value,
    y: yOf(pct)(target.value),
    tone: TONES.target,
  }));
  const utilization: ChartPanel = {
    id: 'utilization',
    title: 'CPU and memory utilization',
    unit: '%',
    yMax: pct,
    ticks: ticks(pct),
    lines: [line('cpu', 'CPU', series.cpu, pct), line('memory', 'Memory', series.memory, pct)],
    guides: targets,
  };
  if (series.cpu.length === 0 && series.memory.length === 0)
    notes.push('No CPU or memory data in this range (the service did not run, or its metrics are missing).');

  // Running tasks: ECS/ContainerInsights RunningTaskCount, else the current runningCount, flat.
  let tasks = series.runningTasks;
  let dashed = false;
  if (tasks.length === 0) {
    if (input.runningCount !== undefined) {
      tasks = [
        { t: series.start, v: input.runningCount },
        { t: series.end, v: input.runningCount },
      ];
      dashed = true;
      notes.push(
        `No RunningTaskCount metric (Container Insights is off): the line is the current running count (${input.runningCount}), not history.`,
      );
    } else {
      notes.push('No RunningTaskCount metric (Container Insights is off).');
    }
  }
  const scaling = input.scaling;
  const taskMax = niceMax(Math.max(1, ...tasks.map((p) => p.v), scaling ? scaling.max : 0) * 1.1);
  const bounds: ChartGuide[] = scaling
    ? [
        {
          label: `max ${scaling.max}`,
          value: scaling.max,
          y: yOf(taskMax)(scaling.max),
          tone: TONES.bounds,
        },
        {
          label: `min ${scaling.min}`,
          value: scaling.min,
          y: yOf(taskMax)(scaling.min),
          tone: TONES.bounds,
        },
      ]
    : [];
  const taskPanel: ChartPanel = {
    id: 'tasks',
    title: dashed ? 'Running tasks (current count)' : 'Running tasks',
    unit: 'tasks',
    yMax: taskMax,
    ticks: ticks(taskMax),
    lines: [line('tasks', 'Running tasks', tasks, taskMax, dashed)],
    guides: bounds,
  };
  if (!scaling) notes.push('No auto scaling target for this service.');

  const range = RANGES[series.range];
  return {
    title: `${input.service} (${input.cluster})`,
    range: series.range,
    rangeLabel: range.label,
    periodSeconds: series.periodSeconds,
    start: series.start,
    end: series.end,
    width,
    height,
    panels: [utilization, taskPanel],
    notes,
  };
}
