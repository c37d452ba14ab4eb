// The HTML reports in a real browser (SPEC §14: through the DOM, no pixel golden files): headless Chromium from the
// system loads the weekly and monthly pages from file:// and we check that nothing logs an error, nothing is fetched
// (every request goes to a proxy that does not exist, and none but the page's own is made), nothing is wider than the
// page (at a desktop width and a phone's), each chart's SVG is drawn, and each KPI's text is there.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRate, formatScore } from '../../src/core/percent.js';
import { Chromium, chromiumSkipReason } from '../helpers/chromium.js';
import { decodePng, inkedPixels } from '../helpers/png.js';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

const AS_OF = '2026-03-22T12:00:00+08:00';
const HOSTILE = '<script>alert("x&y")</script><img src=http://evil.example/x.png>';
const LONG = '这是一个非常非常非常非常非常非常非常非常非常非常非常非常非常非常长的活动名称ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const skip = chromiumSkipReason();
const describeBrowser = skip === null ? describe : describe.skip;

describeBrowser(`the HTML reports in headless Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let cleanup: () => void;
  let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
  let browser: Chromium;
  const ok = async (argv: string[], now = AS_OF) => {
    const r = await club(argv, { now });
    expect(r.code, `club ${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };

  /** The page at `width` px, checked: no console error, no request but its own, nothing wider than the window. */
  const openFitting = async (file: string, width: number) => {
    const page = await browser.open(pathToFileURL(file).href, width);
    expect(page.consoleErrors).toEqual([]);
    expect(page.requests).toEqual([pathToFileURL(file).href]);
    const layout = await page.evaluate<{ scroll: number; client: number; widest: number }>(
      `({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
          widest: Math.max(...[...document.querySelectorAll('body *')].map((e) => e.getBoundingClientRect().right)) })`,
    );
    expect(layout.scroll, `at ${width}px`).toBeLessThanOrEqual(layout.client);
    expect(layout.widest, `at ${width}px`).toBeLessThanOrEqual(layout.client + 0.5);
    return page;
  };

  beforeAll(async () => {
    ({ dir, cleanup, club } = await freshClub());
    const t0 = '2026-02-20T10:00:00+08:00';
    await ok(['member', 'add', '杨洪勇', '--joined', '2026-01-05'], t0);
    await ok(['member', 'add', '雅风', '--joined', '2026-02-01'], t0);
    await ok(['member', 'add', HOSTILE, '--joined', '2026-02-10'], t0);
    await ok(['session', 'add', LONG, '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '8', '--host', '杨洪勇', '--place', 'QQ群'], t0);
    await ok(['checkin', 's1', '杨洪勇', '雅风', 'm3'], '2026-03-03T21:31:00+08:00');
    await ok(['checkin', 's2', '杨洪勇'], '2026-03-05T21:31:00+08:00');
    await ok(['checkin', 's4', '杨洪勇', '雅风'], '2026-03-12T21:30:00+08:00');
    await ok(['points', 'add', '雅风', '5', '--reason', '分享笔记'], '2026-03-20T11:00:00+08:00');
    await ok(['feedback', 'add', `${'很长的意见'.repeat(30)} ${'x'.repeat(200)}`, '--anonymous'], '2026-03-15T10:00:00+08:00');
    browser = await Chromium.launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    cleanup?.();
  });

  it.each([
    ['weekly', ['report', 'weekly', '--week', '2026-W10'], 1],
    ['monthly', ['report', 'monthly', '--month', '2026-03'], 2],
  ])('the %s page: no console error, no request, nothing wider than the page, its charts and every KPI', async (kind, argv, charts) => {
    const file = join(dir, `${kind}.html`);
    await ok([...(argv as string[]), '--format', 'html', '--out', file]);
    const data = (await ok([...(argv as string[]), '--json'])).json();
    for (const width of [1000, 375]) {
      const page = await openFitting(file, width);
      const dom = await page.evaluate<{ lang: string; scripts: number; loaders: number; svgs: { cls: string; bars: number; w: number }[]; text: string }>(
        `({ lang: document.documentElement.lang, scripts: document.scripts.length,
            loaders: document.querySelectorAll('img,link,iframe,object,embed').length,
            svgs: [...document.querySelectorAll('svg.chart')].map((s) => ({ cls: s.getAttribute('class'), bars: s.querySelectorAll('rect.bar').length, w: s.getBoundingClientRect().width })),
            text: document.body.innerText })`,
      );
      expect(dom.lang).toBe('zh');
      expect(dom.scripts).toBe(0);
      expect(dom.loaders).toBe(0);
      expect(dom.svgs).toHaveLength(charts as number);
      for (const svg of dom.svgs) {
        expect(svg.bars).toBeGreaterThan(0);
        expect(svg.w).toBeGreaterThan(200);
      }
      expect(dom.text).toContain(HOSTILE);
      if (kind === 'monthly') {
        expect(dom.svgs.map((s) => s.cls)).toEqual(['chart chart-participation', 'chart chart-earners']);
        for (const row of data.kpiTable as { key: string; format: string; value: number | null }[]) {
          const cell = await page.evaluate<string>(`document.querySelector('[data-kpi="${row.key}"]').innerText`);
          const shown = row.value === null ? '—' : row.format === 'rate' ? formatRate(row.value) : row.format === 'score' ? formatScore(row.value) : String(row.value);
          expect(cell, row.key).toContain(shown);
        }
      } else {
        for (const [key, value] of [
          ['sessionsHeld', String(data.kpis.sessionsHeld)],
          ['participationRate', formatRate(data.kpis.participationRate)],
          ['newMembers', String(data.kpis.newMembers)],
          ['departed', String(data.kpis.departed)],
          ['pointsIssued', String(data.points.issued)],
        ]) expect(await page.evaluate<string>(`document.querySelector('[data-kpi="${key}"]').innerText`), key).toContain(value);
      }
      if (kind === 'monthly' && width === 1000) {
        // The one screenshot for people to look at (kept in the temp folder only); here only: not blank.
        const shot = await page.screenshot();
        writeFileSync(join(dir, 'monthly.png'), shot);
        expect(inkedPixels(decodePng(shot))).toBeGreaterThan(10_000);
      }
    }
  }, 120_000);

  it('the quarterly page: no console error, no request, nothing wider than the page, the month chart, a row a month and every KPI', async () => {
    const file = join(dir, 'quarterly.html');
    const argv = ['report', 'quarterly', '--quarter', '2026-Q1'];
    await ok([...argv, '--format', 'html', '--out', file]);
    const data = (await ok([...argv, '--json'])).json();
    for (const width of [1000, 375]) {
      const page = await openFitting(file, width);
      const dom = await page.evaluate<{ scripts: number; svgs: { cls: string; bars: number; w: number }[]; months: string[] }>(
        `({ scripts: document.scripts.length,
            svgs: [...document.querySelectorAll('svg.chart')].map((s) => ({ cls: s.getAttribute('class'), bars: s.querySelectorAll('rect.bar').length, w: s.getBoundingClientRect().width })),
            months: [...document.querySelectorAll('tr[data-month]')].map((r) => r.getAttribute('data-month')) })`,
      );
      expect(dom.scripts).toBe(0);
      // January and February had no sessions: one bar, March's.
      expect(dom.svgs).toEqual([{ cls: 'chart chart-participation', bars: 1, w: expect.any(Number) }]);
      expect(dom.svgs[0]!.w).toBeGreaterThan(200);
      expect(dom.months).toEqual(['2026-01', '2026-02', '2026-03']);
      const kpi = async (key: string) => page.evaluate<string>(`document.querySelector('[data-kpi="${key}"]').innerText`);
      for (const [key, value] of [
        ['activeEnd', String(data.kpis.activeEnd)],
        ['newMembers', String(data.kpis.newMembers)],
        ['sessionsHeld', String(data.kpis.sessionsHeld)],
        ['participationRate', formatRate(data.kpis.participationRate)],
        ['pointsIssued', String(data.kpis.pointsIssued)],
        ['nps', data.kpis.nps === null ? '—' : formatScore(data.kpis.nps)],
      ]) expect(await kpi(key!), key).toContain(value);
      expect(await kpi('participationRate')).toContain(`≥ ${formatRate(data.targets.participationRate)}`);
      expect(await page.evaluate<string>(`document.querySelector('tr[data-month="2026-03"]').innerText`)).toContain(formatRate(data.months[2].kpis.participationRate));
    }
  }, 120_000);
});
