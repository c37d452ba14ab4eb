// `--chart FILE.png|FILE.svg`: a report's charts as images for the chat, drawn by Apache ECharts' server-side SVG
// renderer and, for PNG, rasterised by resvg with the system's fonts (no browser). Both are loaded here only, and
// this module only for --chart: a report without the flag never loads them.
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../context.js';
import { writeOutput } from '../files.js';
import type { BarChart, ReportCharts } from './model.js';
import { CHART_FONT } from './svg.js';

export type ChartExt = '.png' | '.svg';

/** The image type --chart FILE asks for, checked before any work is done. */
export function chartExt(file: string): ChartExt {
  const ext = extname(file).toLowerCase();
  if (ext !== '.png' && ext !== '.svg') throw new UsageError(t('formats.chartExt', { file }), t('formats.chartExt.hint'));
  return ext;
}

/** FILE with `-earners` before its extension: where the top earners chart goes. */
export function siblingFile(file: string, suffix: string): string {
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}${suffix}${ext}`;
}

/** Writes the participation chart to `file` and the top earners (when the report has them) beside it. */
export async function writeChartImages(ctx: Context, file: string, charts: ReportCharts): Promise<string[]> {
  const ext = chartExt(file);
  const jobs: [string, BarChart][] = [];
  if (charts.participation) jobs.push([file, charts.participation]);
  if (charts.earners) jobs.push([siblingFile(file, '-earners'), charts.earners]);
  if (ext === '.png' && jobs.some(([, c]) => /[^\x00-\u024f]/.test(c.title + c.labels.join('')))) {
    if (!(await cjkFontFound(ctx.env))) ctx.warn(t('formats.noCjkFont'));
  }
  const written: string[] = [];
  for (const [target, chart] of jobs) {
    const svg = await echartsSvg(chart);
    const content = ext === '.svg' ? svg : await rasterise(svg);
    written.push(await writeOutput(ctx, target, content));
  }
  return written;
}

/** The chart drawn by ECharts (server-side rendering to an SVG string: no DOM, no browser). */
export async function echartsSvg(chart: BarChart): Promise<string> {
  // Only what a bar chart needs: a smaller chunk to load than the whole of ECharts.
  const [echarts, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
  echarts.use([charts.BarChart, components.TitleComponent, components.GridComponent, renderers.SVGRenderer]);
  const horizontal = chart.kind === 'earners';
  const width = 800;
  const height = horizontal ? Math.max(240, 90 + chart.labels.length * 36) : 450;
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const percent = chart.kind === 'participation';
  const data = chart.values.map((v) => (v === null ? null : percent ? Math.round(v * 1000) / 10 : v));
  const category = { type: 'category' as const, data: chart.labels, axisLabel: { interval: 0, width: horizontal ? 150 : 110, overflow: 'truncate' as const, fontSize: 14 }, inverse: horizontal };
  const value = { type: 'value' as const, min: 0, ...(percent ? { max: 100, axisLabel: { formatter: '{value}%', fontSize: 13 } } : { minInterval: 1, axisLabel: { fontSize: 13 } }) };
  instance.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: CHART_FONT.replace(/'/g, '') },
    title: { text: chart.title, left: 'center', top: 12, textStyle: { fontSize: 20 } },
    grid: { left: horizontal ? 170 : 64, right: 48, top: 64, bottom: 48 },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [
      {
        type: 'bar',
        data,
        barMaxWidth: 64,
        itemStyle: { color: horizontal ? '#f28e2b' : '#4e79a7' },
        label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 14, formatter: (p: { dataIndex: number }) => chart.texts[p.dataIndex] ?? '' },
      },
    ],
  });
  const svg = instance.renderToSVGString();
  instance.dispose();
  return svg;
}

/** SVG to PNG with resvg and the system's fonts, twice the size for sharp text on a phone. */
async function rasterise(svg: string): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC', sansSerifFamily: 'Noto Sans CJK SC' },
  });
  return resvg.render().asPng();
}

/** Whether a font for Chinese is installed: fontconfig's list, else a look through the usual font folders. */
export async function cjkFontFound(env: NodeJS.ProcessEnv): Promise<boolean> {
  const listed = await new Promise<string | null>((resolve) => {
    execFile('fc-list', [':lang=zh', 'family'], { env, timeout: 10_000 }, (err, stdout) => resolve(err ? null : stdout));
  });
  if (listed !== null) return listed.trim() !== '';
  const dirs = ['/usr/share/fonts', '/usr/local/share/fonts', join(env.HOME ?? '/nonexistent', '.fonts'), '/System/Library/Fonts', '/Library/Fonts', 'C:\\Windows\\Fonts'];
  const seen = (dir: string, depth: number): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return false;
    }
    return entries.some((e) => (e.isDirectory() ? depth < 4 && seen(join(dir, e.name), depth + 1) : /cjk|wqy|han ?sans|droidsansfallback|pingfang|msyh|simsun|simhei|noto.*(sc|tc)/i.test(e.name)));
  };
  return dirs.some((d) => seen(d, 0));
}
