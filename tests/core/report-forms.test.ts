// The pure parts of the report forms: --format parsing and template names, the 40-column chat text, and the charts'
// data taken from a report's JSON (weekly, monthly, and the period reports' months).
import { beforeAll, describe, expect, it } from 'vitest';
import { reportCharts } from '../../src/io/charts/model.js';
import { chartSvg, clip } from '../../src/io/charts/svg.js';
import { canonicalTemplateName, formTemplateName, parseReportForm, templateFileOf } from '../../src/io/render/forms.js';
import { fitText } from '../../src/io/render/text.js';
import { displayWidth, loadWidths } from '../../src/io/width.js';

// These measure emoji and CJK synchronously: string-width is loaded lazily by the commands (width.ts).
beforeAll(loadWidths);

describe('report forms', () => {
  it('parses --format and names the template of each form', () => {
    expect(parseReportForm(undefined)).toBe('markdown');
    expect(['md', 'TXT', 'html', 'text'].map(parseReportForm)).toEqual(['markdown', 'text', 'html', 'text']);
    expect(() => parseReportForm('pdf')).toThrow(/pdf/);
    expect(formTemplateName('quarterly.zh', 'markdown')).toBe('quarterly.zh');
    expect(formTemplateName('quarterly.zh', 'text')).toBe('quarterly.zh.txt');
    expect(templateFileOf('weekly.zh')).toBe('weekly.zh.md.hbs');
    expect(templateFileOf('weekly.zh.md')).toBe('weekly.zh.md.hbs');
    expect(templateFileOf('monthly.en.html')).toBe('monthly.en.html.hbs');
    expect(canonicalTemplateName('weekly.zh.md.hbs')).toBe('weekly.zh');
    expect(canonicalTemplateName('weekly.zh.txt.hbs')).toBe('weekly.zh.txt');
  });

  it('fits chat text into 40 columns: Chinese breaks between characters but never before a closing mark, bullets hang', () => {
    const line = '已逾期：提交成长计划（韩梅梅，2026-03-07）；整理书单（杨洪勇，2026-03-18）';
    const out = fitText(line).split('\n');
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    for (const l of out) expect(l).not.toMatch(/^[）；，]/);
    expect(out.join('')).toBe(line);
    const bullet = fitText('• 2026-03-15（匿名）：希望多组织线下活动，这是一条很长很长很长很长的反馈意见🎉🎉🎉').split('\n');
    expect(bullet[0]).toMatch(/^• /);
    for (const l of bullet.slice(1)) expect(l).toMatch(/^ {3}\S/);
    for (const l of bullet) expect(displayWidth(l)).toBeLessThanOrEqual(40);
    // A word longer than the line is broken, never left wider.
    for (const l of fitText(`Feedback: ${'x'.repeat(90)}`).split('\n')) expect(displayWidth(l)).toBeLessThanOrEqual(40);
  });

  it('takes the charts from the report JSON: per session (weekly), per week (monthly), per month (periods), top earners', () => {
    const weekly = reportCharts({ lang: 'en', sessions: [{ date: '2026-03-12', title: 'Book club', rate: 14 / 17 }], points: { topEarners: [{ name: 'a', earned: 3 }] } });
    expect(weekly.participation).toMatchObject({ title: 'Participation per session', labels: ['03-12 Book club'], values: [14 / 17], texts: ['82.4%'] });
    expect(weekly.earners).toBeUndefined();
    const monthly = reportCharts({
      lang: 'zh',
      weeklyParticipation: [
        { week: '2026-W09', rate: null },
        { week: '2026-W10', rate: 0.8333333333333334 },
      ],
      topEarners: [{ name: '杨洪勇', earned: 23 }],
    });
    expect(monthly.participation).toMatchObject({ title: '每周参与率', labels: ['W09', 'W10'], values: [null, 0.8333333333333334], texts: ['', '83.3%'] });
    expect(monthly.earners).toMatchObject({ labels: ['杨洪勇'], values: [23], texts: ['23'] });
    const quarter = reportCharts({ lang: 'zh', months: [{ month: '2026-01', kpis: { participationRate: 0.5 } }, { month: '2026-02', kpis: { participationRate: null } }] });
    expect(quarter.participation).toMatchObject({ title: '每月参与率', labels: ['2026-01', '2026-02'], values: [0.5, null] });
  });

  it('draws the inline SVG from numbers and escaped labels: a bar per value, none for a week without sessions', () => {
    const svg = chartSvg(reportCharts({ lang: 'en', weeklyParticipation: [{ week: '2026-W09', rate: null }, { week: '2026-W10', rate: 1 }], topEarners: [] }).participation);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(1);
    expect(svg).toContain('>100.0%</text>');
    const hostile = chartSvg(reportCharts({ lang: 'en', topEarners: [{ name: '<script>"&\'\n', earned: 1 }] }).earners);
    expect(hostile).toContain('&#60;script&#62;&#34;&#38;&#39; </text>');
    expect(hostile).not.toContain('<script');
    expect(clip('杨洪勇杨洪勇杨洪勇杨洪勇', 10)).toBe('杨洪勇杨…');
  });
});
