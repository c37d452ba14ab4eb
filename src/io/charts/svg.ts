// A report's bar charts as small inline SVG for the HTML page: drawn here from numbers and escaped labels, with no
// library (the page's renderer must not load one: the charting library is for --chart only), no script, no link,
// no font file. The same geometry as the --chart image: bars from 0 to 100% (participation) or to the most points.
import { displayWidth } from '../width.js';
import { visibleAll } from '../visible.js';
import type { BarChart } from './model.js';

export const CHART_FONT = "'Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif";

/** Text in SVG (and HTML): one line, controls shown, markup characters escaped. */
export function escapeXml(value: string): string {
  return visibleAll(value.replace(/[\r\n\t\u2028\u2029]+/g, ' ')).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `text` cut to at most `cols` display columns (CJK two), with … when cut. */
export function clip(text: string, cols: number): string {
  if (displayWidth(text) <= cols) return text;
  let out = '';
  for (const ch of Array.from(text)) {
    if (displayWidth(out + ch) > cols - 1) break;
    out += ch;
  }
  return `${out}…`;
}

const n = (x: number) => String(Math.round(x * 10) / 10);

/** The chart as an <svg> element that scales to its container's width; '' without a chart. */
export function chartSvg(chart: BarChart | undefined): string {
  if (!chart) return '';
  return chart.kind === 'earners' ? horizontalBars(chart) : verticalBars(chart);
}

function frame(width: number, height: number, chart: BarChart, body: string[]): string {
  const title = escapeXml(chart.title);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-${chart.kind}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}" font-family="${CHART_FONT.replace(/'/g, '&#39;')}" font-size="12">`,
    `<title>${title}</title>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold" fill="#222">${title}</text>`,
    ...body,
    '</svg>',
  ].join('\n');
}

/** Participation: a bar per session, week or month, 0 to 100%. */
function verticalBars(chart: BarChart): string {
  const width = 640;
  const height = 300;
  const left = 44;
  const right = 16;
  const top = 36;
  const bottom = 48;
  const plotH = height - top - bottom;
  const count = Math.max(chart.labels.length, 1);
  const slot = (width - left - right) / count;
  const barW = Math.min(slot * 0.6, 60);
  const body: string[] = [];
  for (const pct of [0, 0.5, 1]) {
    const y = top + plotH * (1 - pct);
    body.push(`<line x1="${left}" y1="${n(y)}" x2="${width - right}" y2="${n(y)}" stroke="#ddd" stroke-width="1"/>`);
    body.push(`<text x="${left - 6}" y="${n(y + 4)}" text-anchor="end" fill="#666">${pct * 100}%</text>`);
  }
  const maxLabel = Math.max(4, Math.floor(slot / 7));
  chart.labels.forEach((label, i) => {
    const cx = left + slot * (i + 0.5);
    const value = chart.values[i];
    if (value !== null && value !== undefined) {
      const h = plotH * Math.max(0, Math.min(1, value));
      body.push(`<rect class="bar" x="${n(cx - barW / 2)}" y="${n(top + plotH - h)}" width="${n(barW)}" height="${n(h)}" fill="#4e79a7"/>`);
      body.push(`<text x="${n(cx)}" y="${n(top + plotH - h - 5)}" text-anchor="middle" fill="#222">${escapeXml(chart.texts[i] ?? '')}</text>`);
    }
    body.push(`<text x="${n(cx)}" y="${height - bottom + 18}" text-anchor="middle" fill="#444">${escapeXml(clip(label, maxLabel))}</text>`);
  });
  return frame(width, height, chart, body);
}

/** Top earners: a bar per member, longest first, names on the left. */
function horizontalBars(chart: BarChart): string {
  const width = 640;
  const rowH = 26;
  const top = 36;
  const left = 150;
  const right = 56;
  const height = top + Math.max(chart.labels.length, 1) * rowH + 12;
  const max = Math.max(1, ...chart.values.map((v) => v ?? 0));
  const body: string[] = [];
  chart.labels.forEach((label, i) => {
    const y = top + i * rowH;
    const w = ((width - left - right) * Math.max(0, chart.values[i] ?? 0)) / max;
    body.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end" fill="#333">${escapeXml(clip(label, 20))}</text>`);
    body.push(`<rect class="bar" x="${left}" y="${y + 4}" width="${n(w)}" height="${rowH - 8}" fill="#f28e2b"/>`);
    body.push(`<text x="${n(left + w + 6)}" y="${y + 17}" fill="#222">${escapeXml(chart.texts[i] ?? '')}</text>`);
  });
  return frame(width, height, chart, body);
}
