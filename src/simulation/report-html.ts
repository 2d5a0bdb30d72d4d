import type { RunMetrics, RunReport, ScenarioReport } from './run-scenario';
import {
  type Frame,
  type SeriesStyle,
  axes,
  escapeXml,
  formatTick,
  legend,
  linearScale,
  marker,
  plotArea,
  polyline,
  px,
  rect,
  referenceLine,
  seriesStyle,
  svgElement,
} from './svg';

const WIDTH = 760;
const PLOT_HEIGHT = 260;
/** Largest number of parties drawn in the net-positions chart; report.json has them all. */
const MAX_PARTIES_DRAWN = 20;
const SETTLED: SeriesStyle = { color: '#009E73', dash: '' };
const UNSETTLED: SeriesStyle = { color: '#D55E00', dash: '' };

/**
 * The scenario's report as one HTML file: inline CSS and SVG, no script, font or URL, so it opens
 * offline and can be mailed as it is. Charts are drawn from the report's decimal strings; converting
 * them to numbers here only places pixels.
 */
export function renderReportHtml(report: ScenarioReport): string {
  const s = report.scenario;
  const ruleStyle = new Map(report.rules.map((r, i) => [r.label, seriesStyle(i)]));
  const currencies = nettedCurrencies(report.runs);
  const focus = report.runs.filter((run) => run.level === s.focusLevel);
  const sections = [
    overview(report),
    section(
      'Liquidity and delay',
      'Each line is one rule; each point one liquidity level. Further left uses less liquidity, lower settles sooner: a rule whose line lies below and to the left of another needs less liquidity for the same delay. The delay indicator ρ is 0 when every payment settles on arrival and 1 when none settles before the end of the day.',
      currencies.map((currency) => delayCurve(report, currency, ruleStyle)),
    ),
    section(
      'Queued value over the day',
      `Value of payments waiting to settle, ${
        currencies.length === 1 ? 'one chart per liquidity level' : `one chart per netted currency at ${s.focusLevel}`
      }. Netting rules hold every payment until its cycle closes, so their queue grows through each cycle and drops at each close.`,
      currencies.length === 1
        ? report.levels.map((level) => queueChart(report, currencies[0]!, level.label, ruleStyle))
        : currencies.map((currency) => queueChart(report, currency, s.focusLevel, ruleStyle)),
    ),
    section(
      `Settled and unsettled value at ${s.focusLevel}`,
      'Value settled by the end of the day, and value still unsettled (queued, unwound or carried over to the next day).',
      currencies.map((currency) =>
        settledChart(
          focus,
          currency,
          report.rules.map((r) => r.label),
        ),
      ),
    ),
    section(
      `Final net positions at ${s.focusLevel}`,
      'Net position of each party at the end of the day: received minus sent among settled payments. Bars to the right are net creditors, to the left net debtors.',
      currencies.map((currency) => positionsChart(focus, currency, ruleStyle)),
    ),
    section('All metrics', 'One row per rule, liquidity level and netted currency; the same numbers as metrics.csv.', [
      metricsTable(report),
    ]),
    definitions(),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(`Corridor simulation: ${s.name}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** The report's look, and the helpers below, are shared with the regional statistics report (src/modules/reports). */
export const STYLE = `
body { margin: 0; background: #f6f7f9; color: #1d2430; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 4px; border-bottom: 1px solid #d4d9e1; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 16px 0 4px; }
p.lead { color: #4a5568; margin: 4px 0 12px; }
figure { margin: 12px 0 20px; background: #fff; border: 1px solid #e2e6ec; border-radius: 6px; padding: 12px; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg { max-width: 100%; height: auto; font-family: inherit; }
.grid { stroke: #e6e9ee; stroke-width: 1; }
.axis { stroke: #5b6472; stroke-width: 1; }
.zero { stroke: #5b6472; stroke-width: 1.5; }
.tick, .legend { font-size: 12px; fill: #3d4654; }
.axis-title { font-size: 13px; fill: #1d2430; }
.bar-label { font-size: 13px; fill: #1d2430; }
.reference { stroke: #5b6472; stroke-width: 1.5; stroke-dasharray: 5 4; }
.reference-label { font-size: 12px; fill: #3d4654; font-weight: 600; }
table { border-collapse: collapse; background: #fff; font-size: 13px; margin: 8px 0 16px; }
th, td { border: 1px solid #e2e6ec; padding: 4px 8px; text-align: right; white-space: nowrap; }
th { background: #eef1f5; }
td.text, th.text { text-align: left; white-space: normal; }
.table-wrap { overflow-x: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 12px 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
`;

export function section(title: string, lead: string, parts: string[]): string {
  return `<section><h2>${escapeXml(title)}</h2><p class="lead">${escapeXml(lead)}</p>${parts.join('\n')}</section>`;
}

function overview(report: ScenarioReport): string {
  const s = report.scenario;
  const facts: [string, string][] = [
    ['Seed', String(s.seed)],
    ['Payments', `${s.payments.toLocaleString('en-US')} (${s.workload === 'generated' ? 'synthetic day' : 'replayed from a file'})`],
    ['Day', `${formatTick(s.dayLengthSeconds / 3600)} hours`],
    ['Parties', String(report.parties.length)],
    ['Currencies', report.currencies.map((c) => c.code).join(', ')],
    ['Netting', s.netting === 'settlement-asset' ? `in the settlement asset, ${s.settlementAsset}` : 'per currency (CLS-style)'],
    ['Liquidity levels', report.levels.map((l) => l.label).join(', ')],
    ['Rules compared', report.rules.map((r) => r.label).join('; ')],
  ];
  const day = table(
    ['Currency', 'Payments', 'Gross value'],
    report.workload.map((w) => [w.currency, w.count.toLocaleString('en-US'), groupDigits(w.gross)]),
    1,
  );
  const bounds = table(
    ['Netted currency', 'Lower bound LB (Σ parties)', 'Upper bound UB (Σ parties)'],
    report.bounds.map((b) => [b.currency, groupDigits(b.lowerBound), groupDigits(b.upperBound)]),
    1,
  );
  return `<header><h1>${escapeXml(`Simulation report: ${s.name}`)}</h1>${s.description === '' ? '' : `<p class="lead">${escapeXml(s.description)}</p>`}
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl></header>
<section><h2>The day</h2><p class="lead">The same payments are settled under every rule and liquidity level. LB is the liquidity each party needs if all its payments settle at the end of the day; UB what it needs to settle every payment on arrival.</p>${day}${bounds}</section>`;
}

function nettedCurrencies(runs: RunReport[]): string[] {
  return [...new Set(runs.flatMap((run) => run.metrics.map((m) => m.currency)))];
}

function metricsOf(run: RunReport, currency: string): RunMetrics | undefined {
  return run.metrics.find((m) => m.currency === currency);
}

function chartFrame(left = 72): Frame {
  return { width: WIDTH, height: 16 + PLOT_HEIGHT + 56, left, right: 24, top: 16, bottom: 56 };
}

export interface LineSeries {
  name: string;
  style: SeriesStyle;
  points: { x: number; y: number; tip?: string }[];
}

export function lineChart(options: {
  title: string;
  xTitle: string;
  yTitle: string;
  series: LineSeries[];
  xMax?: number;
  references?: { x: number; label: string; tip: string }[];
}): string {
  const frame = chartFrame();
  const all = options.series.flatMap((s) => s.points);
  const references = options.references ?? [];
  const xMax = Math.max(options.xMax ?? 0, ...all.map((p) => p.x), ...references.map((r) => r.x));
  const x = linearScale(0, xMax, [frame.left, frame.width - frame.right]);
  const y = linearScale(0, Math.max(0, ...all.map((p) => p.y)), [frame.height - frame.bottom, frame.top]);
  const body = [axes(x, y, frame, { x: options.xTitle, y: options.yTitle })];
  for (const reference of references) body.push(referenceLine(x(reference.x), frame, reference.label, reference.tip));
  for (const series of options.series) {
    body.push(
      polyline(
        series.points.map((p) => [x(p.x), y(p.y)]),
        series.style,
      ),
    );
    for (const p of series.points) if (p.tip !== undefined) body.push(marker(x(p.x), y(p.y), series.style, p.tip));
  }
  const key = legend(
    options.series.map((s) => ({ label: s.name, style: s.style })),
    frame.left,
    frame.height + 4,
    frame.width - frame.left - frame.right,
  );
  body.push(key.svg);
  return figure(options.title, svgElement(frame.width, frame.height + key.height + 8, options.title, body.join('')));
}

function delayCurve(report: ScenarioReport, currency: string, ruleStyle: Map<string, SeriesStyle>): string {
  const series = report.rules.map((rule) => ({
    name: rule.label,
    style: ruleStyle.get(rule.label)!,
    points: report.runs.flatMap((run) => {
      const m = run.rule === rule.label ? metricsOf(run, currency) : undefined;
      if (!m || m.delayIndicator === null) return [];
      return [
        {
          x: Number(m.liquidityUsed),
          y: m.delayIndicator,
          tip: `${rule.label} at ${run.level}: liquidity used ${groupDigits(m.liquidityUsed)} ${currency}, ρ = ${m.delayIndicator.toFixed(4)}, unsettled ${groupDigits(m.unsettledValue)} ${currency}`,
        },
      ];
    }),
  }));
  const bounds = report.bounds.find((b) => b.currency === currency);
  return lineChart({
    title: `Liquidity–delay trade-off (${currency})`,
    xTitle: `liquidity used, Σ largest net debit (${currency})`,
    yTitle: 'delay indicator ρ (0 = none, 1 = all day)',
    series,
    references: bounds
      ? [
          { x: Number(bounds.lowerBound), label: 'LB', tip: `lower bound LB = ${groupDigits(bounds.lowerBound)} ${currency}` },
          { x: Number(bounds.upperBound), label: 'UB', tip: `upper bound UB = ${groupDigits(bounds.upperBound)} ${currency}` },
        ]
      : [],
  });
}

function queueChart(report: ScenarioReport, currency: string, level: string, ruleStyle: Map<string, SeriesStyle>): string {
  const series = report.rules.map((rule) => {
    const run = report.runs.find((r) => r.rule === rule.label && r.level === level);
    const points = run?.queues.find((q) => q.currency === currency)?.points ?? [];
    return { name: rule.label, style: ruleStyle.get(rule.label)!, points: points.map((p) => ({ x: p.t / 3600, y: Number(p.value) })) };
  });
  return lineChart({
    title: `Queued value at ${level} (${currency})`,
    xTitle: 'time since the day opened (hours)',
    yTitle: `queued value (${currency})`,
    series,
    xMax: report.scenario.dayLengthSeconds / 3600,
  });
}

function settledChart(runs: RunReport[], currency: string, rules: string[]): string {
  const rows = rules.flatMap((rule) => {
    const run = runs.find((r) => r.rule === rule);
    const m = run && metricsOf(run, currency);
    return m ? [{ rule, settled: Number(m.settledValue), unsettled: Number(m.unsettledValue), m }] : [];
  });
  // Each rule's name and outcome on a line of its own above its bar: long rule names stay readable.
  const rowHeight = 50;
  const frame: Frame = { width: WIDTH, height: 16 + rows.length * rowHeight + 56, left: 24, right: 24, top: 16, bottom: 56 };
  const { x0, x1, y1 } = plotArea(frame);
  const x = linearScale(0, Math.max(0, ...rows.map((r) => r.settled + r.unsettled)), [x0, x1]);
  const body = [verticalGrid(x, frame, `value (${currency})`)];
  rows.forEach((row, i) => {
    const top = y1 + i * rowHeight;
    const total = row.settled + row.unsettled;
    const share = total === 0 ? 1 : row.settled / total;
    const outcome =
      row.m.unsettledCount === 0
        ? 'all settled'
        : `${(share * 100).toFixed(2)} % of value settled; ${groupDigits(row.m.unsettledValue)} ${currency} unsettled (${row.m.unsettledCount.toLocaleString('en-US')} payments)`;
    body.push(`<text class="bar-label" x="${px(x0)}" y="${px(top + 14)}">${escapeXml(`${row.rule}: ${outcome}`)}</text>`);
    body.push(
      rect(
        x(0),
        top + 20,
        x(row.settled) - x(0),
        22,
        SETTLED.color,
        `${row.rule}: settled ${groupDigits(row.m.settledValue)} ${currency} (${row.m.settledCount} payments)`,
      ),
    );
    body.push(
      rect(
        x(row.settled),
        top + 20,
        x(total) - x(row.settled),
        22,
        UNSETTLED.color,
        `${row.rule}: unsettled ${groupDigits(row.m.unsettledValue)} ${currency} (${row.m.unsettledCount} payments)`,
      ),
    );
  });
  const key = legend(
    [
      { label: 'settled', style: SETTLED, swatch: 'box' },
      { label: 'unsettled at end of day', style: UNSETTLED, swatch: 'box' },
    ],
    frame.left,
    frame.height + 4,
    x1 - x0,
  );
  body.push(key.svg);
  const title = `Settled and unsettled value (${currency})`;
  return figure(title, svgElement(frame.width, frame.height + key.height + 8, title, body.join('')));
}

function positionsChart(runs: RunReport[], currency: string, ruleStyle: Map<string, SeriesStyle>): string {
  const byParty = new Map<string, Map<string, number>>();
  for (const run of runs) {
    for (const p of run.finalPositions) {
      if (p.currency !== currency) continue;
      if (!byParty.has(p.party)) byParty.set(p.party, new Map());
      byParty.get(p.party)!.set(run.rule, Number(p.net));
    }
  }
  const largest = (party: string) => Math.max(...[...byParty.get(party)!.values()].map(Math.abs));
  const parties = [...byParty.keys()]
    .filter((party) => largest(party) > 0)
    .sort((a, b) => largest(b) - largest(a) || (a < b ? -1 : 1))
    .slice(0, MAX_PARTIES_DRAWN);
  const rules = runs.map((run) => run.rule);
  const barHeight = 9;
  const rowHeight = rules.length * (barHeight + 2) + 12;
  const frame: Frame = {
    width: WIDTH,
    height: 16 + Math.max(1, parties.length) * rowHeight + 56,
    left: 110,
    right: 24,
    top: 16,
    bottom: 56,
  };
  const { x0, x1, y1 } = plotArea(frame);
  const extent = Math.max(0, ...parties.map(largest));
  const x = linearScale(-extent, extent, [x0, x1]);
  const body = [verticalGrid(x, frame, `net position (${currency}): ← net debtor · net creditor →`)];
  parties.forEach((party, i) => {
    const top = y1 + i * rowHeight + 6;
    body.push(
      `<text class="tick" x="${px(x0 - 8)}" y="${px(top + rowHeight / 2 - 6)}" text-anchor="end" dominant-baseline="middle">${escapeXml(party)}</text>`,
    );
    rules.forEach((rule, r) => {
      const net = byParty.get(party)!.get(rule) ?? 0;
      const shown =
        runs.find((run) => run.rule === rule)!.finalPositions.find((p) => p.party === party && p.currency === currency)?.net ?? '0';
      body.push(
        rect(
          x(0),
          top + r * (barHeight + 2),
          x(net) - x(0),
          barHeight,
          ruleStyle.get(rule)!.color,
          `${party}, ${rule}: ${groupDigits(shown)} ${currency}`,
        ),
      );
    });
  });
  body.push(`<line class="zero" x1="${px(x(0))}" x2="${px(x(0))}" y1="${px(y1)}" y2="${px(frame.height - frame.bottom)}"/>`);
  const key = legend(
    rules.map((rule) => ({ label: rule, style: ruleStyle.get(rule)!, swatch: 'box' as const })),
    frame.left,
    frame.height + 4,
    x1 - x0,
  );
  body.push(key.svg);
  const shown = byParty.size > parties.length ? ` — the ${parties.length} largest of ${byParty.size} parties` : '';
  const title = `Final net positions (${currency})${shown}`;
  return figure(title, svgElement(frame.width, frame.height + key.height + 8, title, body.join('')));
}

/** Grid, ticks and title of a horizontal value axis, for bar charts with categories down the side. */
export function verticalGrid(x: ReturnType<typeof linearScale>, frame: Frame, title: string): string {
  const { x0, x1, y0, y1 } = plotArea(frame);
  const parts = x.ticks.map(
    (tick) =>
      `<line class="grid" x1="${px(x(tick))}" x2="${px(x(tick))}" y1="${px(y0)}" y2="${px(y1)}"/><text class="tick" x="${px(x(tick))}" y="${px(y0 + 16)}" text-anchor="middle">${escapeXml(formatTick(tick))}</text>`,
  );
  parts.push(`<line class="axis" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y0)}" y2="${px(y0)}"/>`);
  parts.push(`<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(y0 + 36)}" text-anchor="middle">${escapeXml(title)}</text>`);
  return parts.join('');
}

function metricsTable(report: ScenarioReport): string {
  const rows = report.runs.flatMap((run) =>
    run.metrics.map((m) => [
      run.rule,
      run.level,
      m.currency,
      `${m.settledCount.toLocaleString('en-US')} / ${(m.settledCount + m.unsettledCount).toLocaleString('en-US')}`,
      groupDigits(m.settledValue),
      groupDigits(m.unsettledValue),
      fixed(m.delayIndicator, 4),
      groupDigits(m.liquidityUsed),
      fixed(m.liquidityEfficiency, 2),
      percent(m.nettingEfficiency),
      percent(m.queuedShare),
      groupDigits(m.queueValueMax),
      groupDigits(m.queueValueTimeAverage),
      String(m.gridlocksResolved),
      String(m.unwoundCount),
      String(m.carriedOverCount),
    ]),
  );
  return `<div class="table-wrap">${table(
    [
      'Rule',
      'Level',
      'Currency',
      'Settled (count)',
      'Settled value',
      'Unsettled value',
      'Delay ρ',
      'Liquidity used',
      'Liquidity efficiency (settled / used)',
      'Netting efficiency 1−M/G',
      'Ever queued',
      'Queue max',
      'Queue time-average',
      'Gridlocks resolved',
      'Unwound',
      'Carried over',
    ],
    rows,
    2,
  )}</div>`;
}

function definitions(): string {
  const terms: [string, string][] = [
    [
      'Delay indicator ρ',
      'Σ v·(settled − arrived) / Σ v·(end of day − arrived), weighted by value; an unsettled payment counts as settled at the end of the day.',
    ],
    ['Liquidity used', 'Σ over parties of the largest net debit each actually reached during the day.'],
    ['Lower bound LB', 'Σ max(0, −final net position): liquidity that settles everything at the end of the day by multilateral netting.'],
    ['Upper bound UB', 'Σ of each party’s largest net debit if every payment settled on arrival: liquidity that makes queues unnecessary.'],
    ['Liquidity level α', 'Opening balances L(α) = LB + α·(UB − LB), party by party.'],
    ['Netting efficiency', '1 − M/G, with G the gross value and M the multilateral net value ½ Σ |net position|.'],
  ];
  return section('Definitions', 'As in docs/simulation.md.', [
    `<dl class="facts">${terms.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`,
  ]);
}

export function figure(caption: string, svg: string): string {
  return `<figure><figcaption>${escapeXml(caption)}</figcaption>${svg}</figure>`;
}

/** A table whose first `textColumns` columns are text (left-aligned) and the rest numbers. */
export function table(headers: string[], rows: string[][], textColumns: number): string {
  const cell = (tag: string, text: string, i: number) => `<${tag}${i < textColumns ? ' class="text"' : ''}>${escapeXml(text)}</${tag}>`;
  return `<table><thead><tr>${headers.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${rows
    .map((row) => `<tr>${row.map((c, i) => cell('td', c, i)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

/** "1234567.50" → "1,234,567.50", on the string itself so the amount shown is exactly the amount computed. */
export function groupDigits(amount: string): string {
  return amount.replace(/^(-?)(\d+)/, (_, sign: string, digits: string) => sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

function fixed(value: number | null, digits: number): string {
  return value === null ? '—' : value.toFixed(digits);
}
