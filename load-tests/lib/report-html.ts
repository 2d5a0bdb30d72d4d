import {
  type Frame,
  type SeriesStyle,
  axes,
  escapeXml,
  legend,
  linearScale,
  plotArea,
  polyline,
  px,
  referenceLine,
  seriesStyle,
  svgElement,
} from '../../src/simulation/svg';
import type { Sample } from './phase-recorder';
import type { RunResult } from './run';

const WIDTH = 760;
const FRAME: Frame = { width: WIDTH, height: 300, left: 64, right: 16, top: 16, bottom: 48 };

interface Series {
  label: string;
  style: SeriesStyle;
  points: [number, number][];
}

/**
 * A run as one HTML file: inline CSS and SVG, no script, font or URL, so it opens offline and can be
 * attached to an issue as it is. Warm-up and steady state share one time axis.
 */
export function renderRunReport(result: RunResult): string {
  const warmupSeconds = result.warmup?.durationSeconds ?? 0;
  const timeline = (samples: Sample[], offset: number) => samples.map((s) => ({ ...s, t: s.t + offset }));
  const warmup = timeline(result.warmup?.timeSeries ?? [], 0);
  const steady = timeline(result.steady.timeSeries, warmupSeconds);
  const events = (result.background?.events ?? []).map((e) => ({ ...e, at: e.at + warmupSeconds }));
  const marks = { steadyStartsAt: warmupSeconds, events };

  const throughput = chart(
    'Requests per second',
    'requests per second (any status)',
    [
      { label: 'warm-up', style: { color: '#8a94a6', dash: '6 3' }, points: warmup.map((s) => [s.t, s.rps]) },
      { label: 'steady state', style: seriesStyle(0), points: steady.map((s) => [s.t, s.rps]) },
      { label: 'errors per second', style: seriesStyle(1), points: [...warmup, ...steady].map((s) => [s.t, s.errors]) },
    ],
    marks,
  );
  const latency = chart(
    'Latency per second',
    'milliseconds',
    [
      { label: 'p50', style: seriesStyle(0), points: [...warmup, ...steady].map((s) => [s.t, s.p50]) },
      { label: 'p99', style: seriesStyle(1), points: [...warmup, ...steady].map((s) => [s.t, s.p99]) },
    ],
    { ...marks, gate: { value: result.settings.maxP99Ms, label: `p99 gate ${result.settings.maxP99Ms} ms` } },
  );

  const verdict = result.ok ? 'passed' : 'FAILED';
  const s = result.steady;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`Corridor load test: ${result.scenario} ${verdict}`)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<main>
<h1>Load test ${escapeXml(result.scenario)}: ${verdict}</h1>
<p class="lead">${escapeXml(result.summary)}</p>
<dl class="facts">
<dt>Steady state</dt><dd>${s.ok.toLocaleString('en')} successful requests in ${s.durationSeconds} s on ${s.connections} connections: ${s.requestsPerSecond} req/s, p50 ${s.latency.p50} ms, p99 ${s.latency.p99} ms</dd>
<dt>Target</dt><dd>${escapeXml(result.target.url)}, region ${escapeXml(result.region.id)}</dd>
<dt>When</dt><dd>${escapeXml(result.startedAt)} to ${escapeXml(result.finishedAt)}</dd>
<dt>Machine</dt><dd>${escapeXml(`${result.machine.nproc} CPUs (${result.machine.cpuModel}), ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, ${result.machine.platform}; load average ${result.machine.loadAverage.join(' / ')} at the start`)}</dd>
<dt>Command</dt><dd><code>${escapeXml(result.command)}</code></dd>
</dl>
<h2>Gates</h2>
${htmlTable(
  ['gate', 'limit', 'measured', 'result'],
  result.gates.map((g) => [g.name, g.limit, g.actual, g.passed ? 'passed' : 'FAILED']),
)}
<h2>No-loss checks</h2>
${htmlTable(
  ['check', 'detail', 'result'],
  result.checks.map((c) => [c.name, c.detail, c.passed ? 'passed' : 'FAILED']),
)}
<h2>Throughput and latency</h2>
${throughput}
${latency}
<h2>Operations in the steady state</h2>
${htmlTable(
  ['operation', 'sent', 'succeeded', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses'],
  Object.entries(s.operations).map(([name, o]) => [
    name,
    String(o.sent),
    String(o.ok),
    String(o.okPerSecond),
    String(o.latency.p50),
    String(o.latency.p95),
    String(o.latency.p99),
    String(o.latency.max),
    Object.entries(o.statuses)
      .map(([status, n]) => `${status}: ${n}`)
      .join(', '),
  ]),
)}
<p>Errors: ${escapeXml(errorsLine(result))}</p>
${result.background ? `<h2>Beside the load</h2><p>${escapeXml(result.background.summary)}</p><pre>${escapeXml(JSON.stringify(result.background.details, null, 2))}</pre>` : ''}
</main>
</body>
</html>
`;
}

function errorsLine(result: RunResult): string {
  const e = result.steady.errors;
  const statuses = Object.entries(e.byStatus).map(([status, n]) => `${n} × ${status}`);
  const parts = [
    ...statuses,
    e.invalidResponses > 0 ? `${e.invalidResponses} wrong 2xx answers` : '',
    e.timeouts > 0 ? `${e.timeouts} timeouts` : '',
    e.connectionErrors > 0 ? `${e.connectionErrors} connection errors` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'none' : parts.join(', ');
}

interface Marks {
  steadyStartsAt: number;
  /** Moments beside the load (window closes), on the same time axis. */
  events: { at: number; label: string }[];
  gate?: { value: number; label: string };
}

function chart(title: string, yTitle: string, series: Series[], { steadyStartsAt, events, gate }: Marks): string {
  const points = series.flatMap((s) => s.points);
  const xMax = Math.max(1, ...points.map(([t]) => t));
  const dataMax = Math.max(1, ...points.map(([, v]) => v));
  // A gate far above the data would flatten it: draw the gate line only when it is near.
  const yMax = gate && gate.value <= 2 * dataMax ? Math.max(dataMax, gate.value) : dataMax;
  const { x0, x1, y0, y1 } = plotArea(FRAME);
  const x = linearScale(0, xMax, [x0, x1]);
  const y = linearScale(0, yMax, [y0, y1]);
  const lines = series
    .filter((s) => s.points.length > 0)
    .map((s) =>
      polyline(
        s.points.map(([t, v]) => [x(t), y(v)]),
        s.style,
      ),
    );
  const marks: string[] = [];
  if (steadyStartsAt > 0) marks.push(referenceLine(x(steadyStartsAt), FRAME, 'steady state', 'warm-up ends, measuring starts'));
  for (const event of events) {
    marks.push(
      `<g><title>${escapeXml(`${event.label} at ${event.at} s`)}</title><line class="event" x1="${px(x(event.at))}" x2="${px(x(event.at))}" y1="${px(y0)}" y2="${px(y1)}"/></g>`,
    );
  }
  if (gate && gate.value <= y.domain[1]) {
    marks.push(
      `<line class="reference" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y(gate.value))}" y2="${px(y(gate.value))}"/>` +
        `<text class="reference-label" x="${px(x1 - 4)}" y="${px(y(gate.value) - 4)}" text-anchor="end">${escapeXml(gate.label)}</text>`,
    );
  }
  const key = legend(
    [
      ...series.map((s) => ({ label: s.label, style: s.style })),
      ...(events.length > 0 ? [{ label: 'window closed', style: { color: '#CC79A7', dash: '2 3' } }] : []),
    ],
    x0,
    FRAME.height + 4,
    x1 - x0,
  );
  const height = FRAME.height + key.height + 8;
  const body = axes(x, y, FRAME, { x: 'seconds since the run started', y: yTitle }) + lines.join('') + marks.join('') + key.svg;
  return `<figure><figcaption>${escapeXml(title)}</figcaption>${svgElement(WIDTH, height, title, body)}</figure>`;
}

/** A table of text cells; the first two columns are left-aligned (names and details), the rest right-aligned. */
export function htmlTable(header: string[], rows: string[][]): string {
  const head = header.map((h, i) => `<th${i === 0 ? ' class="text"' : ''}>${escapeXml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell, i) => `<td${i === 0 || i === 1 ? ' class="text"' : ''}>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

export const REPORT_STYLE = `
body { margin: 0; background: #f6f7f9; color: #1d2430; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 4px; border-bottom: 1px solid #d4d9e1; padding-bottom: 4px; }
p.lead { color: #4a5568; margin: 4px 0 12px; }
figure { margin: 12px 0 20px; background: #fff; border: 1px solid #e2e6ec; border-radius: 6px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg { max-width: 100%; height: auto; font-family: inherit; }
.grid { stroke: #e6e9ee; stroke-width: 1; }
.axis { stroke: #5b6472; stroke-width: 1; }
.tick, .legend { font-size: 12px; fill: #3d4654; }
.axis-title { font-size: 13px; fill: #1d2430; }
.reference { stroke: #5b6472; stroke-width: 1.5; stroke-dasharray: 5 4; }
.reference-label { font-size: 12px; fill: #3d4654; font-weight: 600; }
.event { stroke: #CC79A7; stroke-width: 1.5; stroke-dasharray: 2 3; }
table { border-collapse: collapse; background: #fff; font-size: 13px; margin: 8px 0 16px; }
th, td { border: 1px solid #e2e6ec; padding: 4px 8px; text-align: right; }
th { background: #eef1f5; }
td.text, th.text { text-align: left; }
.table-wrap { overflow-x: auto; }
pre { background: #fff; border: 1px solid #e2e6ec; padding: 8px; overflow-x: auto; font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
`;
