// The forms a report is printed in (SPEC §12): Markdown (the default), plain text for QQ and WeChat, and one
// self-contained HTML page. Every report kind is rendered from the same JSON in each form, with the template
// `<kind>.<lang>.<ext>` (`weekly.zh.txt`, `monthly.en.html`); the Markdown templates keep their old names too
// (`weekly.zh` is `weekly.zh.md`).
import { UsageError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';

export const REPORT_FORMS = ['markdown', 'text', 'html'] as const;
export type ReportForm = (typeof REPORT_FORMS)[number];

/** The template name's last part for each form. */
export const FORM_EXT: Record<ReportForm, 'md' | 'txt' | 'html'> = { markdown: 'md', text: 'txt', html: 'html' };

/** `--format X`: markdown when absent; md, txt and htm are understood too. */
export function parseReportForm(value: string | undefined): ReportForm {
  if (value === undefined) return 'markdown';
  const v = value.trim().toLowerCase();
  const form = v === 'md' ? 'markdown' : v === 'txt' ? 'text' : v === 'htm' ? 'html' : v;
  if (!(REPORT_FORMS as readonly string[]).includes(form)) throw new UsageError(t('formats.badFormat', { value: JSON.stringify(value) }), t('formats.badFormat.hint'));
  return form as ReportForm;
}

/** The template of `name` (`weekly.zh`, the report's kind and language) in `form`: `weekly.zh` stays Markdown. */
export function formTemplateName(name: string, form: ReportForm): string {
  return form === 'markdown' ? name : `${name}.${FORM_EXT[form]}`;
}

/** The file a template name is stored in: `weekly.zh` and `weekly.zh.md` → weekly.zh.md.hbs, `weekly.zh.txt` → weekly.zh.txt.hbs. */
export function templateFileOf(name: string): string {
  const bare = name.replace(/\.hbs$/, '');
  return /\.(md|txt|html)$/.test(bare) ? `${bare}.hbs` : `${bare}.md.hbs`;
}

/** A template name as given (`weekly.zh.md.hbs`, `weekly.zh.md`, `weekly.zh.txt.hbs`) in its listed spelling. */
export function canonicalTemplateName(name: string): string {
  return name.replace(/\.hbs$/, '').replace(/\.md$/, '');
}
