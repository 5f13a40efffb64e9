// Line plots with uPlot: drag to zoom on x, double-click (or "Reset zoom") to go back, click a
// legend entry to hide a line. The container's data-* attributes say what was drawn (tests and the
// benchmark read them): data-points, data-lines, data-visible-points, data-draws.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Line } from './series.js';

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

/** A plot in a container, resized with it. */
export interface Plot {
  /** The uPlot instance. */
  uplot: uPlot;
  /** Shows the whole x range again. */
  resetZoom(): void;
  /** Removes the plot. */
  destroy(): void;
}

/** Number of x values inside [min, max] (x is sorted). */
function countBetween(x: ArrayLike<number>, min: number, max: number): number {
  const lower = (v: number) => {
    let lo = 0;
    let hi = x.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const upper = (v: number) => {
    let lo = 0;
    let hi = x.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return Math.max(0, upper(max) - lower(min));
}

/** A date-time as stored: `YYYY-MM-DDTHH:MM:SS` in UTC. */
export function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

/** Time-axis labels in the stored (ISO, 24 h, UTC) style; the date is repeated only where it changes. */
function timeLabels(_u: uPlot, splits: number[], _axis: number, _space: number, increment: number): string[] {
  let lastDay = '';
  return splits.map((v) => {
    const iso = isoSeconds(v);
    const day = iso.slice(0, 10);
    if (increment >= 28 * 86400) return iso.slice(0, 7);
    if (increment >= 86400) return day;
    const time = increment >= 60 ? iso.slice(11, 16) : iso.slice(11, 19);
    const label = day === lastDay ? time : `${time}\n${day}`;
    lastDay = day;
    return label;
  });
}

/**
 * Draws `lines` over `x` in `container`. `time`: x is seconds since 1970, shown in UTC like the
 * stored date-times. `onFirstDraw` runs once the first frame is on the canvas.
 */
export function createPlot(
  container: HTMLElement,
  x: Float64Array,
  lines: Line[],
  options: { time: boolean; xLabel: string; onFirstDraw?: () => void },
): Plot {
  let draws = 0;
  const width = () => Math.max(320, container.clientWidth || 800);
  const opts: uPlot.Options = {
    width: width(),
    height: 320,
    scales: { x: { time: options.time } },
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    axes: [options.time ? { values: timeLabels } : {}, {}],
    series: [
      { label: options.xLabel, value: options.time ? (_u: uPlot, v: number | null) => (v === null ? '--' : isoSeconds(v).replace('T', ' ')) : undefined },
      ...lines.map((l, i) => ({ label: l.label, stroke: PALETTE[i % PALETTE.length], width: 1.5 })),
    ],
    cursor: { drag: { x: true, y: false } },
    legend: { live: true },
    hooks: {
      draw: [
        (u: uPlot) => {
          const { min, max } = u.scales.x;
          container.dataset.visiblePoints = String(min === undefined || max === undefined ? x.length : countBetween(x, min, max));
          container.dataset.draws = String(++draws);
          if (draws === 1) options.onFirstDraw?.();
        },
      ],
    },
  };
  container.dataset.points = String(x.length);
  container.dataset.lines = String(lines.length);
  const plot = new uPlot(opts, [x, ...lines.map((l) => l.values)] as uPlot.AlignedData, container);
  const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: 320 }));
  resize.observe(container);
  return {
    uplot: plot,
    resetZoom() {
      if (x.length > 0) plot.setScale('x', { min: x[0]!, max: x[x.length - 1]! });
    },
    destroy() {
      resize.disconnect();
      plot.destroy();
    },
  };
}
