/**
 * Just enough SVG to draw the report's charts without a charting library or a script: the report must
 * open offline, from a file, on a locked-down central-bank workstation.
 */

/** Okabe–Ito colours, distinguishable with the common colour-vision deficiencies; yellow left out (unreadable on white). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'];
const DASHES = ['', '6 3', '2 3'];

export interface SeriesStyle {
  color: string;
  /** SVG stroke-dasharray; empty for a solid line. */
  dash: string;
}

/** The n-th series' style: colours first, then the same colours dashed. */
export function seriesStyle(n: number): SeriesStyle {
  return { color: PALETTE[n % PALETTE.length]!, dash: DASHES[Math.floor(n / PALETTE.length) % DASHES.length]! };
}

export interface Scale {
  (value: number): number;
  domain: [number, number];
  ticks: number[];
}

/** A linear scale whose domain is widened to round tick values (1, 2, 2.5 or 5 × 10^k steps). */
export function linearScale(min: number, max: number, range: [number, number], tickCount = 5): Scale {
  if (min === max) {
    // A flat series still needs an axis: centre it in a unit-wide window (or 0..1 at zero).
    [min, max] = min === 0 ? [0, 1] : [Math.min(0, min * 2), Math.max(0, max * 2)];
  }
  const step = niceStep((max - min) / tickCount);
  const low = Math.floor(min / step) * step;
  const high = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let k = 0; low + k * step <= high + step / 2; k += 1) ticks.push(roundTo(low + k * step, step));
  const [r0, r1] = range;
  const scale = ((value: number) => r0 + ((value - low) / (high - low)) * (r1 - r0)) as Scale;
  scale.domain = [low, high];
  scale.ticks = ticks;
  return scale;
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * power;
}

/** Removes the float noise of `k × step` (0.30000000000000004 → 0.3). */
function roundTo(value: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(digits, 20)));
}

/** Axis labels: 12,500 → "12.5k"; 0.25 → "0.25". For display only, never for amounts in files. */
export function formatTick(value: number): string {
  const abs = Math.abs(value);
  for (const [size, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (abs >= size) return `${trim(value / size)}${suffix}`;
  }
  return trim(value);
}

function trim(value: number): string {
  return String(Number(value.toPrecision(4)));
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Coordinates rounded to 0.1 px: smaller files, and identical text from identical input. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The plotting area inside a frame's margins. */
export function plotArea(frame: Frame): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: frame.left, x1: frame.width - frame.right, y0: frame.height - frame.bottom, y1: frame.top };
}

/** Grid lines, tick labels and axis titles for a chart with two linear axes. */
export function axes(
  x: Scale,
  y: Scale,
  frame: Frame,
  titles: { x: string; y: string },
  formatX: (v: number) => string = formatTick,
): string {
  const { x0, x1, y0, y1 } = plotArea(frame);
  const parts: string[] = [];
  for (const tick of y.ticks) {
    const at = px(y(tick));
    parts.push(`<line class="grid" x1="${px(x0)}" x2="${px(x1)}" y1="${at}" y2="${at}"/>`);
    parts.push(
      `<text class="tick" x="${px(x0 - 6)}" y="${at}" text-anchor="end" dominant-baseline="middle">${escapeXml(formatTick(tick))}</text>`,
    );
  }
  for (const tick of x.ticks) {
    const at = px(x(tick));
    parts.push(`<line class="grid" x1="${at}" x2="${at}" y1="${px(y0)}" y2="${px(y1)}"/>`);
    parts.push(`<text class="tick" x="${at}" y="${px(y0 + 16)}" text-anchor="middle">${escapeXml(formatX(tick))}</text>`);
  }
  parts.push(`<line class="axis" x1="${px(x0)}" x2="${px(x1)}" y1="${px(y0)}" y2="${px(y0)}"/>`);
  parts.push(`<line class="axis" x1="${px(x0)}" x2="${px(x0)}" y1="${px(y0)}" y2="${px(y1)}"/>`);
  parts.push(`<text class="axis-title" x="${px((x0 + x1) / 2)}" y="${px(y0 + 36)}" text-anchor="middle">${escapeXml(titles.x)}</text>`);
  const yMid = px((y0 + y1) / 2);
  parts.push(
    `<text class="axis-title" x="${px(14)}" y="${yMid}" text-anchor="middle" transform="rotate(-90 14 ${yMid})">${escapeXml(titles.y)}</text>`,
  );
  return parts.join('');
}

export function polyline(points: [number, number][], style: SeriesStyle): string {
  const coordinates = points.map(([x, y]) => `${px(x)},${px(y)}`).join(' ');
  const dash = style.dash === '' ? '' : ` stroke-dasharray="${style.dash}"`;
  return `<polyline fill="none" stroke="${style.color}" stroke-width="2"${dash} points="${coordinates}"/>`;
}

/** A dashed vertical reference line across the plot, labelled at its top (a bound, a target). */
export function referenceLine(x: number, frame: Frame, label: string, tip: string): string {
  const { y0, y1 } = plotArea(frame);
  return (
    `<g><title>${escapeXml(tip)}</title><line class="reference" x1="${px(x)}" x2="${px(x)}" y1="${px(y0)}" y2="${px(y1)}"/>` +
    `<text class="reference-label" x="${px(x - 4)}" y="${px(y1 + 12)}" text-anchor="end">${escapeXml(label)}</text></g>`
  );
}

/** A point marker with a hover text (SVG `<title>`, no script needed). */
export function marker(x: number, y: number, style: SeriesStyle, tip: string): string {
  return `<circle cx="${px(x)}" cy="${px(y)}" r="4" fill="${style.color}"><title>${escapeXml(tip)}</title></circle>`;
}

export function rect(x: number, y: number, width: number, height: number, fill: string, tip: string): string {
  // A negative extent is drawn from the other edge: SVG ignores negative widths and heights.
  const left = width < 0 ? x + width : x;
  const top = height < 0 ? y + height : y;
  return `<rect x="${px(left)}" y="${px(top)}" width="${px(Math.abs(width))}" height="${px(Math.abs(height))}" fill="${fill}"><title>${escapeXml(tip)}</title></rect>`;
}

/**
 * A legend laid out in rows below the plot; returns the SVG and the height it takes, so the chart can
 * grow to fit it.
 */
export function legend(
  items: { label: string; style: SeriesStyle; swatch?: 'line' | 'box' }[],
  x: number,
  y: number,
  width: number,
): { svg: string; height: number } {
  const rowHeight = 18;
  let cx = x;
  let cy = y;
  const parts: string[] = [];
  for (const item of items) {
    // Roughly 6.5 px per character at the legend's 12 px font.
    const itemWidth = 28 + item.label.length * 6.5 + 18;
    if (cx + itemWidth > x + width && cx > x) {
      cx = x;
      cy += rowHeight;
    }
    const swatch =
      item.swatch === 'box'
        ? `<rect x="${px(cx)}" y="${px(cy - 6)}" width="20" height="12" fill="${item.style.color}"/>`
        : `<line x1="${px(cx)}" x2="${px(cx + 20)}" y1="${px(cy)}" y2="${px(cy)}" stroke="${item.style.color}" stroke-width="3"${item.style.dash === '' ? '' : ` stroke-dasharray="${item.style.dash}"`}/>`;
    parts.push(`${swatch}<text class="legend" x="${px(cx + 26)}" y="${px(cy)}" dominant-baseline="middle">${escapeXml(item.label)}</text>`);
    cx += itemWidth;
  }
  return { svg: parts.join(''), height: cy - y + rowHeight };
}

/**
 * The inline `<svg>` element, sized by viewBox so it scales with the page; `title` is read by screen
 * readers. No xmlns: inline SVG in HTML needs none, and the report carries no URL at all.
 */
export function svgElement(width: number, height: number, title: string, body: string): string {
  return `<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img"><title>${escapeXml(title)}</title>${body}</svg>`;
}
