import type { Schemas } from '../../adapters/http/openapi-document';
import { Decimal, formatAmount, roundToScale } from '../../core/money';
import { STYLE, figure, groupDigits, lineChart, section, table, verticalGrid } from '../../simulation/report-html';
import { type Frame, escapeXml, legend, linearScale, plotArea, px, rect, seriesStyle, svgElement } from '../../simulation/svg';

export interface StatisticsReportInput {
  regionName: string;
  corridors: Schemas['CorridorStatistics'];
  /** oldest first */
  windows: Schemas['WindowStatistics'][];
  members: Schemas['MemberStatistics'];
  generatedAt: Date;
}

const WIDTH = 760;
/** Most windows the report charts: the newest, so a year of hourly windows stays readable. */
export const MAX_WINDOWS_CHARTED = 500;
/** Largest number of corridors drawn in the value chart; the table lists them all. */
const MAX_CORRIDORS_DRAWN = 20;

/**
 * The regional statistics as one HTML page for decision makers, with the netting laboratory's charts
 * and styles: inline CSS and SVG, no script, font or URL. Every string from data is escaped (by
 * `table`, `figure` and the SVG helpers). Amounts are shown from their decimal strings; numbers are
 * only used to place pixels.
 */
export function renderStatisticsHtml(input: StatisticsReportInput): string {
  const { corridors, windows, members } = input;
  const asset = corridors.settlement_asset;
  const title = `Corridor statistics: ${input.regionName}`;
  const range = `${corridors.from ?? 'the first payment'} to ${corridors.to}`;
  const sections = [
    `<header><h1>${escapeXml(title)}</h1><p class="lead">${escapeXml(`Region ${corridors.region_id}, from ${range}. All values in the settlement asset, ${asset}. Generated ${input.generatedAt.toISOString()}.`)}</p></header>`,
    headline(input),
    section(
      'Corridors',
      'Captured payments and refunds per corridor (payer country → merchant country) and month; average cost to the payer is value-weighted.',
      [corridorTable(corridors), corridorValueChart(corridors)],
    ),
    section(
      'Settlement windows',
      windows.length === 0
        ? 'No window settled in this range.'
        : `The ${windows.length} settled windows${windows.length === MAX_WINDOWS_CHARTED ? ' most recently closed' : ''} in the range, by window number.`,
      windows.length === 0 ? [] : windowCharts(windows, asset),
    ),
    section(
      'Settlement-asset needs per central bank',
      `Net debits max(0, −N_i) of each central bank's regional position over the ${members.window_count} settled windows of the range.`,
      [memberTable(members), memberChart(members)],
    ),
    methodNotes(),
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
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

function sum(values: string[]): Decimal {
  return values.reduce((total, v) => total.plus(v), new Decimal(0));
}

function percentOf(ratio: Decimal | null): string {
  return ratio === null ? '—' : `${roundToScale(ratio.times(100), 2).toFixed(2)} %`;
}

function headline({ corridors, windows, members }: StatisticsReportInput): string {
  const asset = corridors.settlement_asset;
  const rows = corridors.corridors;
  const value = sum(rows.map((r) => r.payment_value));
  // Σ cost / Σ value over all corridors: each row's cost is its average times its value.
  const cost = rows.reduce((total, r) => total.plus(new Decimal(r.average_payer_cost ?? 0).times(r.payment_value)), new Decimal(0));
  const gross = sum(windows.map((w) => w.gross));
  const net = sum(windows.map((w) => w.multilateral_net));
  const peak = members.members.reduce((max, m) => Decimal.max(max, new Decimal(m.net_debit_max)), new Decimal(0));
  const facts: [string, string][] = [
    ['Payments', rows.reduce((n, r) => n + r.payment_count, 0).toLocaleString('en-US')],
    ['Payment value', `${groupDigits(formatAmount(value, asset))} ${asset}`],
    [
      'Refunds',
      `${rows.reduce((n, r) => n + r.refund_count, 0).toLocaleString('en-US')} (${groupDigits(formatAmount(sum(rows.map((r) => r.refund_value)), asset))} ${asset})`,
    ],
    ['Average cost to the payer', percentOf(value.isZero() ? null : cost.div(value))],
    ['Settled windows', members.window_count.toLocaleString('en-US')],
    ['Netting efficiency 1 − ΣM/ΣG', percentOf(gross.isZero() ? null : new Decimal(1).minus(net.div(gross)))],
    ['Liquidity used, all windows', `${groupDigits(formatAmount(sum(windows.map((w) => w.liquidity_used)), asset))} ${asset}`],
    ['Largest net debit of a central bank in a window', `${groupDigits(formatAmount(peak, asset))} ${asset}`],
  ];
  return `<section><h2>Headline numbers</h2><dl class="facts">${facts
    .map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`)
    .join('')}</dl></section>`;
}

function corridorTable(corridors: Schemas['CorridorStatistics']): string {
  const rows = corridors.corridors.map((r) => [
    r.period_start.slice(0, 7),
    `${r.payer_country} → ${r.merchant_country}`,
    r.payment_count.toLocaleString('en-US'),
    groupDigits(r.payment_value),
    r.refund_count.toLocaleString('en-US'),
    groupDigits(r.refund_value),
    percentOf(r.average_payer_cost === null ? null : new Decimal(r.average_payer_cost)),
  ]);
  const asset = corridors.settlement_asset;
  return `<div class="table-wrap">${table(
    ['Month', 'Corridor', 'Payments', `Value (${asset})`, 'Refunds', `Refunded (${asset})`, 'Average cost to the payer'],
    rows,
    2,
  )}</div>`;
}

/** Horizontal bars, one group per category, one bar per series; values are decimal strings. */
function barChart(options: {
  title: string;
  axisTitle: string;
  categories: { label: string; values: { value: string; tip: string }[] }[];
  series: string[];
}): string {
  const { categories, series } = options;
  const barHeight = 12;
  const rowHeight = series.length * (barHeight + 2) + 12;
  const frame: Frame = {
    width: WIDTH,
    height: 16 + Math.max(1, categories.length) * rowHeight + 56,
    left: 150,
    right: 24,
    top: 16,
    bottom: 56,
  };
  const { x0, x1, y1 } = plotArea(frame);
  const x = linearScale(0, Math.max(0, ...categories.flatMap((c) => c.values.map((v) => Number(v.value)))), [x0, x1]);
  const body = [verticalGrid(x, frame, options.axisTitle)];
  categories.forEach((category, i) => {
    const top = y1 + i * rowHeight + 6;
    body.push(
      `<text class="tick" x="${px(x0 - 8)}" y="${px(top + rowHeight / 2 - 6)}" text-anchor="end" dominant-baseline="middle">${escapeXml(category.label)}</text>`,
    );
    category.values.forEach((v, s) => {
      body.push(rect(x(0), top + s * (barHeight + 2), x(Number(v.value)) - x(0), barHeight, seriesStyle(s).color, v.tip));
    });
  });
  const key = legend(
    series.map((label, s) => ({ label, style: seriesStyle(s), swatch: 'box' as const })),
    frame.left,
    frame.height + 4,
    x1 - x0,
  );
  body.push(key.svg);
  return figure(options.title, svgElement(frame.width, frame.height + key.height + 8, options.title, body.join('')));
}

function corridorValueChart(corridors: Schemas['CorridorStatistics']): string {
  const asset = corridors.settlement_asset;
  const byCorridor = new Map<string, { value: Decimal; refunds: Decimal }>();
  for (const r of corridors.corridors) {
    const key = `${r.payer_country} → ${r.merchant_country}`;
    const total = byCorridor.get(key) ?? { value: new Decimal(0), refunds: new Decimal(0) };
    byCorridor.set(key, { value: total.value.plus(r.payment_value), refunds: total.refunds.plus(r.refund_value) });
  }
  const ranked = [...byCorridor.entries()].sort((a, b) => b[1].value.comparedTo(a[1].value) || (a[0] < b[0] ? -1 : 1));
  const drawn = ranked.slice(0, MAX_CORRIDORS_DRAWN);
  const title = `Value by corridor (${asset})${ranked.length > drawn.length ? ` — the ${drawn.length} largest of ${ranked.length}` : ''}`;
  return barChart({
    title,
    axisTitle: `value (${asset})`,
    series: ['payments', 'refunds'],
    categories: drawn.map(([label, totals]) => {
      const value = formatAmount(totals.value, asset);
      const refunds = formatAmount(totals.refunds, asset);
      return {
        label,
        values: [
          { value, tip: `${label}: payments ${groupDigits(value)} ${asset}` },
          { value: refunds, tip: `${label}: refunds ${groupDigits(refunds)} ${asset}` },
        ],
      };
    }),
  });
}

function windowCharts(windows: Schemas['WindowStatistics'][], asset: string): string[] {
  const point = (w: Schemas['WindowStatistics'], y: number, what: string) => ({
    x: w.window_number,
    y,
    tip: `Window ${w.window_number}: ${what}`,
  });
  const xMax = Math.max(...windows.map((w) => w.window_number));
  const efficiency = lineChart({
    title: 'Netting efficiency per window',
    xTitle: 'window number',
    yTitle: 'netting efficiency 1 − M/G (%)',
    xMax,
    series: [
      {
        name: 'netting efficiency',
        style: seriesStyle(0),
        points: windows.map((w) => point(w, Number(w.netting_efficiency) * 100, `${percentOf(new Decimal(w.netting_efficiency))}`)),
      },
    ],
  });
  const liquidity = lineChart({
    title: `Gross value and liquidity used per window (${asset})`,
    xTitle: 'window number',
    yTitle: `value (${asset})`,
    xMax,
    series: [
      {
        name: 'gross value G',
        style: seriesStyle(0),
        points: windows.map((w) => point(w, Number(w.gross), `gross ${groupDigits(w.gross)} ${asset}`)),
      },
      {
        name: 'liquidity used Σ max(0, −N_i)',
        style: seriesStyle(1),
        points: windows.map((w) => point(w, Number(w.liquidity_used), `liquidity used ${groupDigits(w.liquidity_used)} ${asset}`)),
      },
    ],
  });
  return [efficiency, liquidity];
}

function memberTable(members: Schemas['MemberStatistics']): string {
  const asset = members.settlement_asset;
  return `<div class="table-wrap">${table(
    [
      'Central bank',
      'Country',
      `Sent (${asset})`,
      `Received (${asset})`,
      'Σ net debit',
      'Largest net debit',
      'Average per window',
      'Windows as net debtor',
    ],
    members.members.map((m) => [
      m.central_bank_code,
      m.country,
      groupDigits(m.sent),
      groupDigits(m.received),
      groupDigits(m.net_debit_total),
      groupDigits(m.net_debit_max),
      groupDigits(m.net_debit_average),
      String(m.debtor_windows),
    ]),
    2,
  )}</div>`;
}

function memberChart(members: Schemas['MemberStatistics']): string {
  const asset = members.settlement_asset;
  return barChart({
    title: `Settlement-asset needs per central bank (${asset})`,
    axisTitle: `net debit (${asset})`,
    series: ['largest net debit in a window', 'average net debit per window'],
    categories: members.members.map((m) => ({
      label: m.central_bank_code,
      values: [
        { value: m.net_debit_max, tip: `${m.central_bank_code}: largest net debit ${groupDigits(m.net_debit_max)} ${asset}` },
        { value: m.net_debit_average, tip: `${m.central_bank_code}: average net debit ${groupDigits(m.net_debit_average)} ${asset}` },
      ],
    })),
  });
}

function methodNotes(): string {
  const terms: [string, string][] = [
    [
      'Payments',
      'Captured payments (by capture time); payments unwound at settlement are left out. Values are settlement amounts: the merchant amount at the reference rate.',
    ],
    ['Refunds', 'Refunds not failed, by the time they were made, in the corridor of their payment.'],
    [
      'Average cost to the payer',
      'Σ (payer amount / r_payer − settlement amount) / Σ settlement amount: fees plus FX spread as a share of the principal at the reference rate, weighted by value; r_payer is the current reference rate of the payer’s currency.',
    ],
    ['Gross value G', 'Σ of the regional obligations a window settled.'],
    ['Multilateral net M', 'Σ max(0, −N_i) over the central banks’ regional net positions N_i = received − sent.'],
    ['Netting efficiency', '1 − M/G per window; over a range 1 − ΣM/ΣG.'],
    ['Liquidity used', 'Σ max(0, −N_i): the settlement asset the net debtors pay in to settle a window.'],
    [
      'Settlement-asset needs',
      'Per central bank: its net debit max(0, −N_i) in each settled window — summed, the largest, and averaged over every settled window of the range.',
    ],
  ];
  return section('Method notes', 'As in docs/reports.md.', [
    `<dl class="facts">${terms.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`).join('')}</dl>`,
  ]);
}
