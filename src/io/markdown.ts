// Rendering reports: Handlebars templates (logic-less: no partials, only our helpers, prototype access blocked) in
// which every value from data passes through one Markdown escaper, so a `|` in a name never breaks a table and no
// HTML or link is ever made from data.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import { formatRate, formatRateChange, formatScore, formatScoreChange } from '../core/percent.js';
import { visibleAll } from './visible.js';
import { templateFileOf } from './render/forms.js';
import type { ReportForm } from './render/forms.js';
// The compile options, shared with the build's precompiler (scripts/builtin-templates.mjs): only our helpers.
import TEMPLATE_OPTIONS from './template-options.json' with { type: 'json' };
import { t } from '../i18n/index.js';

// Anything escapeMarkdown would change; most names and numbers have none of it and are returned as they are.
// Parentheses and `!` are left alone: they make a link or an image only after a `]` or before a `[`, both escaped,
// and `Growth \(month\)` or `太好了\!` is noise in a report pasted into a chat as plain text.
const NEEDS_ESCAPE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029&\\`*_[\]<>|#~@]|:\/\/|www\./i;

/** Escapes a value for Markdown text and table cells (GFM). */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  if (!NEEDS_ESCAPE.test(text)) return text;
  return visibleAll(text.replace(/\r\n|\r|\n|\u2028|\u2029|\t/g, ' '))
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|#~]/g, '\\$&')
    // GFM turns bare URLs, www. addresses and emails into links: break the patterns it looks for.
    .replace(/:\/\//g, ':\\/\\/')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/@/g, '\\@');
}

/** A value on one line of plain text (--format text): line breaks and tabs become spaces, controls are shown. */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return visibleAll(String(value).replace(/\r\n|\r|\n|\u2028|\u2029|\t/g, ' '));
}

/** A value in HTML text or an attribute (--format html). */
export function escapeHtml(value: unknown): string {
  return plainText(value).replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The folder of the built-in templates: `templates/` at the package root. */
export function builtinTemplateDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'templates', 'weekly.zh.md.hbs'))) return join(dir, 'templates');
    dir = dirname(dir);
  }
  throw new Error(t('store.theBuiltInTemplates'));
}

export const TEMPLATE_NAMES = [
  'weekly.zh',
  'weekly.en',
  'monthly.zh',
  'monthly.en',
  'quarterly.zh',
  'quarterly.en',
  'yearly.zh',
  'yearly.en',
  'period.zh',
  'period.en',
  'newsletter.zh',
  'newsletter.en',
  'certificate.zh',
  'certificate.en',
  'results.zh',
  'results.en',
  // The reports' other forms (--format text|html): src/io/render/.
  'weekly.zh.txt',
  'weekly.en.txt',
  'monthly.zh.txt',
  'monthly.en.txt',
  'weekly.zh.html',
  'weekly.en.html',
  'monthly.zh.html',
  'monthly.en.html',
  'quarterly.zh.txt',
  'quarterly.en.txt',
  'yearly.zh.txt',
  'yearly.en.txt',
  'period.zh.txt',
  'period.en.txt',
  'newsletter.zh.txt',
  'newsletter.en.txt',
  'quarterly.zh.html',
  'quarterly.en.html',
  'yearly.zh.html',
  'yearly.en.html',
  'period.zh.html',
  'period.en.html',
  'newsletter.zh.html',
  'newsletter.en.html',
  'thanks.zh',
  'thanks.en',
  // Messages for the group chat (plain text): club notice next, club remind.
  'notice.zh.txt',
  'notice.en.txt',
  'remind.zh.txt',
  'remind.en.txt',
] as const;
export const templateFile = (name: string) => templateFileOf(name);

const LABELS: Record<string, { zh: string; en: string }> = {
  activeStart: { zh: '期初成员', en: 'Members at start' },
  activeEnd: { zh: '期末成员', en: 'Members at end' },
  newMembers: { zh: '新成员', en: 'New members' },
  departed: { zh: '退出', en: 'Departed' },
  growthRate: { zh: '本月增长率', en: 'Growth (month)' },
  retentionRate: { zh: '本月留存率', en: 'Retention (month)' },
  trailingGrowthRate: { zh: '近12个月增长率', en: 'Growth (12 months)' },
  trailingRetentionRate: { zh: '近12个月留存率', en: 'Retention (12 months)' },
  sessionsHeld: { zh: '活动场次', en: 'Sessions held' },
  participationRate: { zh: '参与率', en: 'Participation' },
  satisfaction: { zh: '满意度', en: 'Satisfaction' },
  nps: { zh: 'NPS', en: 'NPS' },
  pointsIssued: { zh: '发放积分', en: 'Points issued' },
  taskCompletionRate: { zh: '任务按时完成率', en: 'Tasks done on time' },
};

/** Budget and expense categories (SPEC §10) as the reports name them; JSON keeps the English value. */
const CATEGORY_LABELS: Record<string, { zh: string; en: string }> = {
  personnel: { zh: '人员', en: 'Personnel' },
  materials: { zh: '物资', en: 'Materials' },
  tech: { zh: '技术', en: 'Tech' },
  promotion: { zh: '宣传', en: 'Promotion' },
  rewards: { zh: '奖励', en: 'Rewards' },
  other: { zh: '其他', en: 'Other' },
};

// Rates and scores are shown through core/percent.ts only: one rounding, from the unrounded JSON values.
function formatValue(format: string, x: unknown): string {
  if (typeof x !== 'number') return '—';
  return format === 'rate' ? formatRate(x) : format === 'score' ? formatScore(x) : String(x);
}

function formatChange(format: string, x: unknown): string {
  if (typeof x !== 'number') return '—';
  if (format === 'rate') return formatRateChange(x);
  if (format === 'score') return formatScoreChange(x);
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x)}`;
}

type Handlebars = typeof import('handlebars');
/** The chart modules and the page's stylesheet, loaded for the HTML form only (a Markdown report does not load them). */
type Charts = typeof import('./charts/model.js') & typeof import('./charts/svg.js') & typeof import('./render/page-style.js');

/**
 * Our helpers, the only ones a template may call; every {{value}} is escaped for the form: Markdown (the default),
 * plain text (one line, no controls) or HTML.
 */
function configure(hb: Handlebars, lang: 'zh' | 'en', form: ReportForm, charts?: Charts): void {
  // A helper's SafeString (the HTML page's charts, built from numbers and escaped labels) is inserted as it is.
  const escape = form === 'html' ? escapeHtml : form === 'text' ? plainText : escapeMarkdown;
  hb.Utils.escapeExpression = (form === 'markdown' ? escapeMarkdown : (v: unknown) => (v instanceof hb.SafeString ? v.toString() : escape(v))) as typeof hb.Utils.escapeExpression;
  hb.registerHelper('pct', (x: unknown) => formatRate(x));
  hb.registerHelper('score', (x: unknown) => formatScore(x));
  // A whole number as it is; anything else with one decimal (a template ejected before `score` showed NPS with `num`).
  hb.registerHelper('num', (x: unknown) => (typeof x === 'number' ? (Number.isInteger(x) ? String(x) : formatScore(x)) : '—'));
  hb.registerHelper('kpiLabel', (key: unknown) => LABELS[String(key)]?.[lang] ?? String(key));
  hb.registerHelper('kpiValue', (row: { format: string; value: unknown }) => formatValue(row.format, row.value));
  hb.registerHelper('kpiPrevious', (row: { format: string; previous: unknown }) => formatValue(row.format, row.previous));
  hb.registerHelper('kpiChange', (row: { format: string; change: unknown }) => formatChange(row.format, row.change));
  hb.registerHelper('kpiTarget', (row: { format: string; target: unknown }) => (row.target === null ? '—' : `≥ ${formatValue(row.format, row.target)}`));
  // On the page, words (a printer or a PDF viewer may have no emoji font); in Markdown and the chat, ✅ and ❌.
  const [yes, no] = form === 'html' ? (lang === 'en' ? ['yes', 'no'] : ['达成', '未达成']) : ['✅', '❌'];
  hb.registerHelper('met', (value: unknown) => (value === true ? yes : value === false ? no : '—'));
  hb.registerHelper('join', (list: unknown, sep: unknown) => (Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : ''));
  hb.registerHelper('categoryLabel', (key: unknown) => CATEGORY_LABELS[String(key)]?.[lang] ?? String(key));
  hb.registerHelper('inc', (n: unknown) => (typeof n === 'number' ? n + 1 : n));
  // Inside the mermaid block: numbers and week labels only, built here, never text from members.
  hb.registerHelper('mermaidBars', (values: unknown) => new hb.SafeString(Array.isArray(values) ? values.map((v) => (typeof v === 'number' ? formatScore(v) : '0')).join(', ') : ''));
  // The HTML page's inline SVG charts, drawn from the report's data (src/io/charts/); nothing in other forms.
  hb.registerHelper('participationChart', (options: { data: { root: Record<string, unknown> } }) =>
    new hb.SafeString(charts ? charts.chartSvg(charts.reportCharts(options.data.root).participation) : ''),
  );
  hb.registerHelper('earnersChart', (options: { data: { root: Record<string, unknown> } }) =>
    new hb.SafeString(charts ? charts.chartSvg(charts.reportCharts(options.data.root).earners) : ''),
  );
  // The page's stylesheet (src/io/render/page-style.ts), the same for every report kind; nothing in other forms.
  hb.registerHelper('pageStyle', () => new hb.SafeString(charts ? charts.PAGE_STYLE : ''));
  hb.registerHelper('mermaidLabels', (labels: unknown) => new hb.SafeString(Array.isArray(labels) ? labels.map((l) => `"${String(l).replace(/[^0-9A-Za-z-]/g, '')}"`).join(', ') : ''));
}

/**
 * Renders a report template. The built-in templates come precompiled with the build (scripts/builtin-templates.mjs)
 * and need only Handlebars' runtime; any other text (an ejected or --template file) is compiled here.
 */
export async function renderTemplate(source: string, data: Record<string, unknown>, where: string, form: ReportForm = 'markdown'): Promise<string> {
  const { BUILTIN_TEMPLATES } = await import('virtual:builtin-templates');
  const builtin = Object.values(BUILTIN_TEMPLATES).find((t) => t.source === source);
  const hb = builtin ? (await import('handlebars/runtime')).default.create() : (await import('handlebars')).default.create();
  if (!builtin) (await import('./template-guard.js')).guardTemplate(hb as typeof import('handlebars'), source, where);
  // Text is fitted to 40 columns and charts' labels clipped by display width: string-width is needed, loaded lazily.
  if (form !== 'markdown') await (await import('./width.js')).loadWidths();
  const charts = form === 'html' ? { ...(await import('./charts/model.js')), ...(await import('./charts/svg.js')), ...(await import('./render/page-style.js')) } : undefined;
  configure(hb, data.lang === 'en' ? 'en' : 'zh', form, charts);
  const spec = builtin && (await builtin.spec());
  try {
    const template = spec ? hb.template(spec) : hb.compile(source, TEMPLATE_OPTIONS);
    return template(data);
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message.split('\n')[0]}`);
  }
}

export function readTemplate(path: string): string {
  return readFileSync(path, 'utf8');
}
