// report weekly|monthly --format text|html and --chart FILE.png|svg (SPEC §12, §14), on both stores: the chat text
// fits 40 columns with no Markdown, the page is one self-contained file with its charts inline, the chart images are
// real pictures (decoded here, no golden image), and hostile names stay text everywhere.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRate } from '../../src/core/percent.js';
import { displayWidth } from '../../src/io/width.js';
import { decodePng, inkedPixels, pixelsNear } from '../helpers/png.js';
import { dropDatabase, newDatabase, pgSkipReason } from '../helpers/pg.js';
import { freshClub, run, tempDir } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

const AS_OF = '2026-03-22T12:00:00+08:00';
const HOSTILE = '<script>alert("x&y")</script>';
const FEEDBACK = '希望多组织线下活动，这是一条很长很长很长很长很长很长很长很长的反馈意见 **不是粗体** | 不是表格\r\n# 不是标题';

type Club = { dir: string; club: (argv: string[], o?: RunOptions) => Promise<RunResult>; cleanup: () => Promise<void> };

/** March 2026 of a small club (the reports test's, with a hostile name), built through the commands. */
async function fill(club: Club['club']): Promise<void> {
  const ok = async (argv: string[], now: string) => {
    const r = await club(argv, { now });
    expect(r.code, `club ${argv.join(' ')}: ${r.stderr}`).toBe(0);
  };
  const t0 = '2026-02-20T10:00:00+08:00';
  await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-05'], t0);
  await ok(['member', 'add', '王雅风', '--joined', '2026-02-01'], t0);
  await ok(['member', 'add', HOSTILE, '--joined', '2026-02-10'], t0);
  await ok(['session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '8', '--host', '杨洪勇', '--place', 'QQ群'], t0);
  await ok(['member', 'add', '韩梅梅'], '2026-03-04T10:00:00+08:00');
  await ok(['checkin', 's1', '杨洪勇', '王雅风'], '2026-03-03T21:31:00+08:00');
  await ok(['checkin', 's1', 'm3'], '2026-03-03T21:50:00+08:00');
  await ok(['leave', '王雅风', '--session', 's2', '--reason', '出差'], '2026-03-05T12:00:00+08:00');
  await ok(['checkin', 's2', '杨洪勇', '韩梅梅'], '2026-03-05T21:31:00+08:00');
  await ok(['checkin', 's4', '杨洪勇', '王雅风', '韩梅梅', 'm3'], '2026-03-12T21:30:00+08:00');
  await ok(['checkin', 's5', '杨洪勇', '韩梅梅'], '2026-03-17T21:30:00+08:00');
  await ok(['checkin', 's6', '杨洪勇', '王雅风', 'm3'], '2026-03-19T21:30:00+08:00');
  await ok(['points', 'add', '王雅风', '5', '--reason', '分享笔记'], '2026-03-20T11:00:00+08:00');
  await ok(['feedback', 'add', FEEDBACK, '--anonymous'], '2026-03-15T10:00:00+08:00');
}

async function folderClub(): Promise<Club> {
  const { dir, cleanup, club } = await freshClub();
  return { dir, club, cleanup: async () => cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-formats-pg-');
  const d = await newDatabase('formats');
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '测试读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai']);
  expect(init.code, init.stderr).toBe(0);
  const club: Club['club'] = (argv, o = {}) => run(t.dir, argv, { ...o, env: { CLUB_STORE: d.url(), ...o.env } });
  return {
    dir: t.dir,
    club,
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const STORES: [string, () => Promise<Club>][] = [['folder', folderClub]];
if (pgSkipReason() === null) STORES.push(['PostgreSQL', databaseClub]);
else describe.skip(`report formats on PostgreSQL (skipped: ${pgSkipReason()})`, () => it('needs PostgreSQL', () => undefined));

describe.each(STORES)('report --format and --chart on the %s store', (_kind, make) => {
  let c: Club;
  beforeAll(async () => {
    c = await make();
    await fill(c.club);
  });
  afterAll(async () => c?.cleanup());
  const report = async (argv: string[], o: RunOptions = {}) => {
    const r = await c.club(['report', ...argv], { now: AS_OF, ...o });
    expect(r.code, r.stderr).toBe(0);
    return r;
  };

  it.each([
    ['weekly', 'zh', ['weekly', '--week', '2026-W10']],
    ['weekly', 'en', ['weekly', '--week', '2026-W10', '--lang', 'en']],
    ['monthly', 'zh', ['monthly', '--month', '2026-03']],
    ['monthly', 'en', ['monthly', '--month', '2026-03', '--lang', 'en']],
  ])('--format text: the %s report in %s fits 40 columns, has no Markdown, and its KPIs as "label: value" lines', async (kind, lang, argv) => {
    const text = (await report([...(argv as string[]), '--format', 'text'])).stdout;
    const data = (await report([...(argv as string[]), '--json'])).json();
    const lines = text.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
    // No Markdown: no headings, tables, emphasis, code fences or list dashes; no line starts with a closing mark.
    // (The member's own ** and | in the feedback stay as typed: plain text shows them as they are.)
    for (const line of lines) expect(line, line).not.toMatch(/^(#|\||```|- |> )|^[）》，。、]/);
    for (const line of lines.filter((l) => !/粗体|表格/.test(l))) expect(line, line).not.toMatch(/\*\*|\| /);
    // The hostile feedback's line break and Markdown stay inside one paragraph of text.
    expect(lines.some((l) => l.startsWith('# 不是标题'))).toBe(false);
    const rate = formatRate(data.kpis.participationRate);
    if (kind === 'monthly') {
      expect(lines).toContain(lang === 'zh' ? `参与率：${rate}` : `Participation: ${rate}`);
      expect(lines).toContain(lang === 'zh' ? '期末成员：4' : 'Members at end: 4');
      expect(text).toContain(lang === 'zh' ? '希望多组织线下活' : '希望');
    } else {
      expect(lines).toContain(lang === 'zh' ? `参与率：${rate}` : `Participation: ${rate}`);
      expect(lines).toContain(lang === 'zh' ? `活动场次：${data.kpis.sessionsHeld}` : `Sessions: ${data.kpis.sessionsHeld}`);
    }
    expect(text).toContain(HOSTILE);
  });

  it.each([
    ['weekly', ['weekly', '--week', '2026-W10'], 1],
    ['monthly', ['monthly', '--month', '2026-03'], 2],
  ])('--format html: the %s report is one self-contained page with its charts inline and every name escaped', async (_kind, argv, charts) => {
    const html = (await report([...(argv as string[]), '--format', 'html'])).stdout;
    const data = (await report([...(argv as string[]), '--json'])).json();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh">/);
    expect(html.match(/<svg /g)).toHaveLength(charts as number);
    expect(html).toContain('@media print');
    expect(html).toContain('size: A4');
    // Nothing runs and nothing is fetched: no script, no element or CSS that loads a file, no link.
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|\bsrc=|\bhref=|url\(|@import|@font-face/i);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#38;y&#34;)&#60;/script&#62;');
    expect(html).toContain(formatRate(data.kpis.participationRate));
    const en = (await report([...(argv as string[]), '--format', 'html', '--lang', 'en'])).stdout;
    expect(en).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  });

  // The period reports and the newsletter (the club's first quarter: the February members and March's sessions; the
  // February newsletter welcomes the member with the hostile name and lists March's sessions still to come).
  const PERIODS: [string, string[]][] = [
    ['quarterly', ['quarterly', '--quarter', '2026-Q1']],
    ['yearly', ['yearly', '--year', '2026']],
    ['period', ['period', '--from', '2026-02-15', '--to', '2026-03-20']],
    ['newsletter', ['newsletter', '--month', '2026-02']],
  ];
  it.each(PERIODS.flatMap(([kind, argv]) => (['zh', 'en'] as const).map((lang) => [kind, lang, argv] as const)))(
    '--format text: the %s report in %s fits 40 columns, has no Markdown, its KPIs as "label: value" lines and a line a month',
    async (kind, lang, argv) => {
      const langArgs = lang === 'en' ? ['--lang', 'en'] : [];
      const text = (await report([...argv, ...langArgs, '--format', 'text'])).stdout;
      const data = (await report([...argv, ...langArgs, '--json'])).json();
      const lines = text.trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(40);
      for (const line of lines) expect(line, line).not.toMatch(/^(#|\||```|- |> )|^[）》，。、]|\*\*|\| /);
      expect(text).toContain(HOSTILE);
      const sep = lang === 'zh' ? '：' : ': ';
      if (kind === 'newsletter') {
        expect(lines[0]).toBe(lang === 'zh' ? '【测试读书会 月度简报】2026-02' : '[测试读书会 newsletter] 2026-02');
        expect(data.welcome.map((w: { name: string }) => w.name)).toEqual(['王雅风', HOSTILE]);
        expect(text).toContain(lang === 'zh' ? `王雅风、${HOSTILE}` : 'A warm welcome to 王雅风,');
        // The sessions to come, a line each (wrapped under its bullet).
        expect(data.coming.sessions.length).toBeGreaterThan(0);
        expect(lines.filter((l) => l.startsWith('• ')).length).toBe(data.coming.sessions.length);
        return;
      }
      expect(lines).toContain(`${lang === 'zh' ? '参与率' : 'Participation'}${sep}${formatRate(data.kpis.participationRate)}`);
      expect(lines).toContain(`${lang === 'zh' ? '期末成员' : 'Members at end'}${sep}${data.kpis.activeEnd}`);
      expect(lines).toContain(`${lang === 'zh' ? '活动场次' : 'Sessions held'}${sep}${data.kpis.sessionsHeld}`);
      // One line a month, with its sessions and participation.
      for (const m of data.months as { month: string; kpis: { sessionsHeld: number; participationRate: number | null } }[]) {
        const line = lines.filter((l) => l.startsWith(`${m.month}${sep}`));
        expect(line, m.month).toHaveLength(1);
        if (m.kpis.sessionsHeld > 0) expect(line[0]).toContain(formatRate(m.kpis.participationRate));
        else expect(line[0]).toContain(lang === 'zh' ? '无活动' : 'no sessions');
      }
      expect(data.months.length).toBeGreaterThan(0);
    },
  );

  it.each(PERIODS)('--format html: the %s report is one self-contained page, every name escaped', async (kind, argv) => {
    const html = (await report([...argv, '--format', 'html'])).stdout;
    const data = (await report([...argv, '--json'])).json();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="zh">/);
    // The same stylesheet as the weekly and monthly pages.
    expect(html).toContain('@media print');
    expect(html).toContain('size: A4');
    expect(html).not.toMatch(/<script|<img|<link|<iframe|<object|<embed|\bsrc=|\bhref=|url\(|@import|@font-face/i);
    expect(html.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#38;y&#34;)&#60;/script&#62;');
    if (kind === 'newsletter') {
      expect(html).not.toContain('<svg ');
      expect(html).toMatch(new RegExp(`data-kpi="attended"><span class="label">参加人次</span><span class="value">${data.figures.attended}<`));
    } else {
      // The participation per month, drawn once, a bar a month with sessions; a row a month in the table.
      expect(html.match(/<svg /g)).toHaveLength(1);
      expect(html).toContain('chart-participation');
      for (const m of data.months) expect(html).toContain(`<tr data-month="${m.month}">`);
      expect(html).toContain(`<tr data-kpi="participationRate"><td>参与率</td><td class="n">${formatRate(data.kpis.participationRate)}</td>`);
    }
    const en = (await report([...argv, '--format', 'html', '--lang', 'en'])).stdout;
    expect(en).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  });

  it('--chart FILE.svg draws the quarterly report\'s participation a bar a month, and its top earners beside it', async () => {
    const file = join(c.dir, 'q1.svg');
    const r = await report(['quarterly', '--quarter', '2026-Q1', '--format', 'text', '--chart', file]);
    expect(r.stdout).toMatch(/^【测试读书会 季度报告】2026-Q1\n/);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('每月参与率');
    for (const month of ['2026-01', '2026-02', '2026-03']) expect(svg).toContain(month);
    const data = (await report(['quarterly', '--quarter', '2026-Q1', '--json'])).json();
    expect(svg).toContain(formatRate(data.months[2].kpis.participationRate));
    expect(readFileSync(join(c.dir, 'q1-earners.svg'), 'utf8')).toContain('王雅风');
  });

  it('--chart FILE.png writes the participation chart and, for the monthly report, the top earners beside it; the report is still printed', async () => {
    const file = join(c.dir, 'march.png');
    const r = await report(['monthly', '--month', '2026-03', '--chart', file]);
    expect(r.stdout).toMatch(/^# 测试读书会 月度进展报告 · 2026-03/);
    expect(r.stderr).toContain(`✓ 已写入图表 ${file}`);
    for (const [path, colour] of [
      [file, [0x4e, 0x79, 0xa7]],
      [join(c.dir, 'march-earners.png'), [0xf2, 0x8e, 0x2b]],
    ] as const) {
      const png = decodePng(readFileSync(path));
      expect(png.width).toBeGreaterThanOrEqual(800);
      expect(png.height).toBeGreaterThanOrEqual(240);
      // Not blank: text and bars drawn, and bars in the chart's colour (a fair share of the picture).
      expect(inkedPixels(png)).toBeGreaterThan(png.width * png.height * 0.03);
      expect(pixelsNear(png, [...colour])).toBeGreaterThan(png.width * png.height * 0.02);
    }
  });

  it('--chart FILE.svg writes ECharts SVG for the weekly report (one chart: no earners file), names as text', async () => {
    const file = join(c.dir, 'w10.svg');
    const r = await report(['weekly', '--week', '2026-W10', '--format', 'text', '--chart', file]);
    expect(r.stdout).toMatch(/^【测试读书会 周报】2026-W10/);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('各场活动参与率');
    expect(svg).toContain('100.0%');
    expect(svg).not.toContain('<script');
    expect(existsSync(join(c.dir, 'w10-earners.svg'))).toBe(false);
    const monthly = join(c.dir, 'm.svg');
    await report(['monthly', '--month', '2026-03', '--chart', monthly, '--json']);
    const earners = readFileSync(join(c.dir, 'm-earners.svg'), 'utf8');
    expect(earners).toContain('&lt;script&gt;');
    expect(earners).not.toContain('<script');
  });
});

describe('report formats: usage, templates and fonts (folder store)', () => {
  let c: Club;
  beforeAll(async () => {
    c = await folderClub();
    await fill(c.club);
  });
  afterAll(async () => c?.cleanup());

  it('an unknown --format or a --chart that is neither .png nor .svg exits 2 and writes nothing', async () => {
    const bad = await c.club(['report', 'weekly', '--format', 'pdf'], { now: AS_OF });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('未知的 --format "pdf"');
    expect(bad.stdout).toBe('');
    const gif = await c.club(['report', 'monthly', '--chart', join(c.dir, 'x.gif')], { now: AS_OF });
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain('.png 或 .svg');
    expect(existsSync(join(c.dir, 'x.gif'))).toBe(false);
    expect(gif.stdout).toBe('');
  });

  it('--chart for the newsletter (which has no chart) exits 2, says so, and writes nothing', async () => {
    const file = join(c.dir, 'newsletter.png');
    const r = await c.club(['report', 'newsletter', '--month', '2026-03', '--chart', file], { now: AS_OF });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('这份报告没有可画的图表');
    expect(r.stdout).toBe('');
    expect(existsSync(file)).toBe(false);
  });

  it('template list shows the text and HTML forms; eject copies one, and the report in that form uses it', async () => {
    const names = (await c.club(['template', 'list', '--json'])).json().map((t: { name: string }) => t.name);
    expect(names).toEqual(expect.arrayContaining(['weekly.zh.txt', 'weekly.en.html', 'monthly.zh.html', 'monthly.en.txt']));
    const ejected = await c.club(['template', 'eject', 'weekly.zh.txt']);
    expect(ejected.code, ejected.stderr).toBe(0);
    const file = join(c.dir, '.club', 'templates', 'weekly.zh.txt.hbs');
    writeFileSync(file, `我们的周报 {{period.week}}\n${readFileSync(file, 'utf8')}`);
    expect((await c.club(['report', 'weekly', '--week', '2026-W10', '--format', 'text'], { now: AS_OF })).stdout).toMatch(/^我们的周报 2026-W10\n/);
    // Markdown and the other forms keep the built-in templates.
    expect((await c.club(['report', 'weekly', '--week', '2026-W10'], { now: AS_OF })).stdout).toMatch(/^# 测试读书会 周报/);
    expect((await c.club(['template', 'eject', 'monthly.en.html.hbs'])).code).toBe(0);
    expect(existsSync(join(c.dir, '.club', 'templates', 'monthly.en.html.hbs'))).toBe(true);
    rmSync(file);
  });

  it('an HTML template from the admin cannot print raw HTML; its charts come only from the chart helpers', async () => {
    const file = join(c.dir, 'page.html.hbs');
    writeFileSync(file, '<p>{{club}}</p>{{{feedback.0.text}}}');
    const r = await c.club(['report', 'monthly', '--month', '2026-03', '--format', 'html', '--template', file], { now: AS_OF });
    expect(r.code).toBe(2);
    writeFileSync(file, '<ul>{{#each topEarners}}<li>{{name}}</li>{{/each}}</ul>{{earnersChart}}');
    const ok = await c.club(['report', 'monthly', '--month', '2026-03', '--format', 'html', '--template', file], { now: AS_OF });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('<li>&#60;script&#62;');
    expect(ok.stdout).toContain('<svg ');
  });

  it.runIf(existsSync('/usr/bin/fc-list'))('warns on stderr when no Chinese font is found for a PNG chart, and not when one is', async () => {
    const conf = join(c.dir, 'empty-fonts.conf');
    writeFileSync(conf, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
    const none = await c.club(['report', 'weekly', '--week', '2026-W10', '--chart', join(c.dir, 'nofont.png')], { now: AS_OF, env: { FONTCONFIG_FILE: conf } });
    expect(none.code, none.stderr).toBe(0);
    expect(none.stderr).toContain('没有找到中文字体');
    const withFonts = await c.club(['report', 'weekly', '--week', '2026-W10', '--chart', join(c.dir, 'font.png')], { now: AS_OF, env: { PATH: process.env.PATH ?? '' } });
    expect(withFonts.code).toBe(0);
    const cjk = await import('../../src/io/charts/image.js').then((m) => m.cjkFontFound(process.env));
    if (cjk) expect(withFonts.stderr).not.toContain('没有找到中文字体');
  });
});
