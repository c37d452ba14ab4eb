// Staff duties, volunteer hours, certificates and volunteer retention (SPEC §9, §14), through the commands, held to
// the same assertions on a folder store and on a database store.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { marked } from 'marked';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase, newDatabase, newLogin, pgSkipReason } from '../helpers/pg.js';
import { openAs } from '../helpers/roles.js';
import { run, tempDir, type RunOptions, type RunResult } from '../helpers/run.js';
import { displayWidth, loadWidths } from '../../src/io/width.js';

beforeAll(loadWidths);

const NOW = '2026-04-10T10:00:00+08:00';
const HOSTILE_A = '**<img src=x onerror=alert(1)>**';
const HOSTILE_B = '[点我](http://evil)';
const HOSTILE_TITLE = '![p](http://evil/p.png) <b>义卖</b> www.evil.example';

interface Club {
  kind: 'folder' | 'postgres';
  dir: string;
  club(argv: string[], o?: RunOptions): Promise<RunResult>;
  /** A login with `role` on a database store (null on a folder store). */
  loginAs?(role: 'clerk' | 'viewer'): Promise<(argv: string[], o?: RunOptions) => Promise<RunResult>>;
  cleanup(): Promise<void>;
}

const INIT = ['--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'];

async function folderClub(): Promise<Club> {
  const t = tempDir('club-hours-');
  const env = { CLUB_LANG: 'zh' };
  const init = await run(t.dir, ['init', ...INIT], { now: NOW, env });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  return { kind: 'folder', dir: t.dir, club: (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } }), cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const d = await newDatabase('hours');
  const t = tempDir('club-hours-pg-');
  const env = { CLUB_LANG: 'zh', CLUB_STORE: d.url() };
  const init = await run(t.dir, ['init', '--store', d.url(), ...INIT], { now: NOW, env: { CLUB_LANG: 'zh' } });
  if (init.code !== 0) throw new Error(`init failed: ${init.stderr}`);
  const club = (argv: string[], o: RunOptions = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, ...o.env } });
  return {
    kind: 'postgres',
    dir: t.dir,
    club,
    loginAs: async (role) => {
      const login = await newLogin(`hours_${role}`);
      const granted = await club(['access', 'grant', login.user, '--role', role]);
      if (granted.code !== 0) throw new Error(`access grant: ${granted.stderr}`);
      return (argv, o = {}) => run(t.dir, argv, { now: NOW, ...o, env: { ...env, CLUB_STORE: d.url(login.user, login.password), ...o.env } });
    },
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

const STORES: Array<[string, () => Promise<Club>]> = [
  ['a folder store', folderClub],
  [pgSkipReason() === null ? 'a database store' : `a database store (skipped: ${pgSkipReason()})`, databaseClub],
];

/** Every node type in marked's tokens of `markdown` (GFM), tables' cells included, with the text of each. */
function tokensOf(markdown: string): Array<{ type: string; text: string }> {
  const found: Array<{ type: string; text: string }> = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Record<string, unknown>;
    if (typeof node.type === 'string') found.push({ type: node.type, text: String(node.text ?? node.raw ?? '') });
    for (const [key, child] of Object.entries(node)) if (key !== 'type') visit(child);
  };
  visit(marked.lexer(markdown, { gfm: true }));
  return found;
}

describe.each(STORES)('staff and hours on %s', (name, make) => {
  if (name.includes('(skipped:')) return void it.skip(`needs PostgreSQL (${pgSkipReason() ?? 'not available'})`, () => undefined);
  let c: Club;
  async function ok(argv: string[], o?: RunOptions): Promise<RunResult> {
    const r = await c.club(argv, o);
    if (r.code !== 0) throw new Error(`club ${argv.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  }
  const hoursJson = async (...argv: string[]) => (await ok(['hours', 'list', ...argv, '--json'])).json() as Array<Record<string, unknown>>;

  beforeAll(async () => {
    c = await make();
    const t0 = '2025-01-05T10:00:00+08:00';
    for (const who of ['杨洪勇', '雅风', '李雷', '韩梅梅', HOSTILE_A, HOSTILE_B]) await ok(['member', 'add', who, '--joined', '2025-01-01'], { now: t0 });
    // s1 falls outside the 12 months before March 2026; s2 opens them; s4 is the last day before March; s5 and s6
    // are March in the club's zone; s7 is April 1st in Shanghai (March 31st in UTC).
    const sessions: Array<[string, string]> = [
      ['去年冬季义卖', '2025-02-28 20:00'],
      ['春季植树', '2025-03-01 09:00'],
      ['夏季读书会', '2025-06-15 14:00'],
      ['年终义卖', '2026-02-28 23:30'],
      ['三月读书会', '2026-03-01 00:10'],
      ['社区清洁', '2026-03-31 23:00'],
      ['四月读书会', '2026-04-01 07:00'],
      [HOSTILE_TITLE, '2026-03-15 14:00'],
      ['取消的活动', '2026-03-20 14:00'],
    ];
    for (const [title, at] of sessions) await ok(['session', 'add', title, '--at', at, '--type', 'social'], { now: t0 });
    await ok(['session', 'cancel', 's9', '--reason', '下雨'], { now: t0 });
  });
  afterAll(async () => {
    await c?.cleanup();
  });

  it('keeps one staff duty per session and member: adding again replaces it', async () => {
    await ok(['staff', 'add', 's6', '雅风', '--duty', '摄影']);
    await ok(['staff', 'add', 's6', '杨洪勇', '--duty', '主持']);
    const again = await ok(['staff', 'add', 's6', '雅风', '--duty', '摄影 & 宣传']);
    expect(again.stderr).toContain('改为担任“摄影 & 宣传”（原为“摄影”）');
    const rows = (await ok(['staff', 'list', 's6', '--json'])).json();
    expect(rows.map((r: Record<string, unknown>) => [r.sessionId, r.memberId, r.name, r.duty])).toEqual([
      ['s6', 'm1', '杨洪勇', '主持'],
      ['s6', 'm2', '雅风', '摄影 & 宣传'],
    ]);
    expect((await ok(['staff', 'list', '--csv'])).stdout.split(/\r?\n/)[0]).toBe('sessionId,date,title,memberId,name,duty');
  });

  it('refuses a duty with control characters, a cancelled session, and removes a duty', async () => {
    const before = (await ok(['staff', 'list', '--json'])).stdout;
    const hostile = await c.club(['staff', 'add', 's6', '李雷', '--duty', 'tech\x1b[2J']);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).toContain('U+001B');
    const cancelled = await c.club(['staff', 'add', 's9', '李雷', '--duty', '后勤']);
    expect(cancelled.code).toBe(1);
    expect(cancelled.stderr).toContain('s9');
    expect((await ok(['staff', 'list', '--json'])).stdout).toBe(before);
    await ok(['staff', 'add', 's6', '李雷', '--duty', '后勤']);
    await ok(['staff', 'remove', 's6', '李雷']);
    expect((await c.club(['staff', 'remove', 's6', '李雷'])).code).toBe(1);
    expect((await ok(['staff', 'list', 's6', '--json'])).json()).toHaveLength(2);
  });

  it('keeps one hours entry per member and session: adding again replaces it, keeping its id', async () => {
    const first = await ok(['hours', 'add', '杨洪勇', '--session', 's2', '--hours', '2', '--json']);
    expect(first.json()).toMatchObject({ id: 'h1', memberId: 'm1', sessionId: 's2', hours: 2, duty: null });
    const again = await ok(['hours', 'add', '杨洪勇', '--session', 's2', '--hours', '2.5']);
    expect(again.stderr).toContain('已替换 h1');
    expect(again.stderr).toContain('原为 2 小时');
    expect((await hoursJson('杨洪勇')).map((r) => [r.id, r.sessionId, r.hours])).toEqual([['h1', 's2', 2.5]]);
    // The next entry is h2: a replaced entry used no new number.
    expect((await ok(['hours', 'add', '雅风', '--session', 's3', '--hours', '1.5', '--json'])).json().id).toBe('h2');
  });

  it('takes the staff duty as the default duty, and --duty over it', async () => {
    expect((await ok(['hours', 'add', '雅风', '--session', 's6', '--hours', '1.1', '--json'])).json()).toMatchObject({ id: 'h3', duty: '摄影 & 宣传', hours: 1.1 });
    expect((await ok(['hours', 'add', '杨洪勇', '--session', 's6', '--hours', '0.29', '--duty', '签到', '--json'])).json()).toMatchObject({ id: 'h4', duty: '签到', hours: 0.29 });
  });

  it.each([['1,5'], ['abc'], ['25'], ['0'], ['1.234'], ['24.01']])('refuses --hours %s (exit 2, naming it) and changes nothing', async (value) => {
    const before = (await ok(['hours', 'list', '--json'])).stdout;
    const r = await c.club(['hours', 'add', '李雷', '--session', 's5', '--hours', value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"${value}"`);
    expect((await ok(['hours', 'list', '--json'])).stdout).toBe(before);
  });

  it('accepts 24 hours, and refuses a cancelled session or a missing one (exit 1)', async () => {
    expect((await ok(['hours', 'add', '韩梅梅', '--session', 's4', '--hours', '24', '--json'])).json()).toMatchObject({ id: 'h5', hours: 24 });
    expect((await c.club(['hours', 'add', '韩梅梅', '--session', 's9', '--hours', '1'])).code).toBe(1);
    expect((await c.club(['hours', 'add', '韩梅梅', '--session', 's99', '--hours', '1'])).code).toBe(1);
    expect((await c.club(['hours', 'add', '无此人', '--session', 's4', '--hours', '1'])).code).toBe(1);
  });

  it('lists by the session date in the club zone (--from included, --to left out), with an exact total', async () => {
    await ok(['hours', 'add', '李雷', '--session', 's1', '--hours', '3']);
    await ok(['hours', 'add', '李雷', '--session', 's5', '--hours', '0.1']); // h7
    await ok(['hours', 'add', '韩梅梅', '--session', 's7', '--hours', '5']); // h8
    await ok(['hours', 'add', '雅风', '--session', 's5', '--hours', '0.2']); // h9
    const ids = async (...argv: string[]) => (await hoursJson(...argv)).map((r) => r.id);
    // In session order, then member number: s5 (m2, m3), s6 (m1, m2), s7.
    expect(await ids('--from', '2026-03-01', '--to', '2026-04-01')).toEqual(['h9', 'h7', 'h4', 'h3']);
    expect(await ids('--from', '2026-03-01', '--to', '2026-03-31')).toEqual(['h9', 'h7']);
    expect(await ids('--from', '2026-03-31')).toEqual(['h4', 'h3', 'h8']);
    expect(await ids('--to', '2025-03-01')).toEqual(['h6']);
    expect((await c.club(['hours', 'list', '--from', '2026-03-01', '--to', '2026-03-01'])).code).toBe(2);
    const row = (await hoursJson('--from', '2026-03-01', '--to', '2026-03-02'))[0];
    expect(row).toEqual({ id: 'h9', memberId: 'm2', name: '雅风', sessionId: 's5', date: '2026-03-01', title: '三月读书会', hours: 0.2, duty: null, at: NOW });
    // 0.2 + 0.1 + 0.29 + 1.1 summed as floats is not 1.69.
    const table = await ok(['hours', 'list', '--from', '2026-03-01', '--to', '2026-04-01']);
    expect(table.stdout).toMatch(/合计[^\n]*共 4 条[^\n]* 1\.69 /);
    expect(table.stdout).not.toMatch(/1\.69\d/);
    const csv = (await ok(['hours', 'list', '--from', '2026-03-01', '--to', '2026-04-01', '--csv'])).stdout.trim().split(/\r?\n/);
    expect(csv[0]).toBe('id,memberId,name,sessionId,date,title,hours,duty,at');
    expect(csv).toHaveLength(5); // rows only, no total
    // At an 80-column terminal the table fits with its dates whole: the ids go with the names, the time is short.
    const tty = (await ok(['hours', 'list', '--from', '2026-03-01', '--to', '2026-04-01'], { tty: true, columns: 80, env: { NO_COLOR: '1' } })).stdout.trimEnd().split('\n');
    expect(Math.max(...tty.map((line) => displayWidth(line)))).toBeLessThanOrEqual(80);
    expect(tty.filter((line) => /│ 2026-03-01 │/.test(line))).toHaveLength(2);
    expect(tty.some((line) => line.includes('│ h9   │ m2 雅风 ') && line.includes(' 04-10 10:00 '))).toBe(true);
  });

  it('writes a certificate in zh and en with the period\'s last day, each activity and the total', async () => {
    const zh = (await ok(['hours', 'certificate', '雅风', '--from', '2025-01-01', '--to', '2026-04-01'])).stdout.split('\n');
    expect(zh).toEqual(
      expect.arrayContaining([
        '# 志愿服务时长证明',
        '兹证明 **雅风**（m2）于 2025-01-01 至 2026-03-31 期间在读书会参加志愿服务 3 次，累计服务时长 **2.8 小时**。',
        '| 2025-06-15 | 夏季读书会 | — | 1.5 |',
        '| 2026-03-01 | 三月读书会 | — | 0.2 |',
        '| 2026-03-31 | 社区清洁 | 摄影 &amp; 宣传 | 1.1 |',
        '| 合计 | | | 2.8 |',
        '2026-04-10',
      ]),
    );
    const en = (await ok(['hours', 'certificate', 'm1', '--lang', 'en'])).stdout.split('\n');
    expect(en).toEqual(
      expect.arrayContaining([
        '# Certificate of volunteer service',
        'This is to certify that **杨洪勇** (m1) served as a volunteer with 读书会 from 2025-03-01 to 2026-04-10.',
        'Activities: 2 · Total hours of service: **2.79**',
        '| 2025-03-01 | 春季植树 | — | 2.5 |',
        '| 2026-03-31 | 社区清洁 | 签到 | 0.29 |',
        'Issued on 2026-04-10',
      ]),
    );
    expect((await c.club(['hours', 'certificate', '雅风', '--from', '2024-01-01', '--to', '2025-01-01'])).code).toBe(1);
  });

  it('writes the certificate to --out atomically (0600), and a template ejected from the store is used', async () => {
    const r = await ok(['hours', 'certificate', '雅风', '--out', 'cert.md']);
    const file = join(c.dir, 'cert.md');
    expect(r.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('累计服务时长 **2.8 小时**');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const ejected = await ok(['template', 'eject', 'certificate.zh']);
    // It says which command uses the copy: the certificate, not the reports.
    expect(ejected.stderr).toMatch(/^✓ 已将 certificate\.zh 复制到 .+；在那里修改后，club hours certificate 就会使用它\n/);
    expect((await ok(['template', 'list', '--json'])).json()).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'certificate.zh', source: 'override' })]));
    if (c.kind === 'folder') expect(existsSync(join(c.dir, '.club', 'templates', 'certificate.zh.md.hbs'))).toBe(true);
  });

  it('keeps hostile names and titles as text in the certificate (GFM: no link, image or HTML from data)', async () => {
    await ok(['hours', 'add', 'm5', '--session', 's8', '--hours', '1', '--duty', '[x](javascript:alert(1))']);
    await ok(['hours', 'add', 'm6', '--session', 's8', '--hours', '2']);
    for (const member of ['m5', 'm6']) {
      for (const lang of ['zh', 'en']) {
        const markdown = (await ok(['hours', 'certificate', member, '--lang', lang])).stdout;
        const tokens = tokensOf(markdown);
        expect(tokens.filter((t) => ['link', 'image', 'html', 'tag'].includes(t.type)), `${member} ${lang}`).toEqual([]);
        const html = await marked.parse(markdown, { gfm: true });
        expect(html).not.toMatch(/<(img|a|b|script)\b/);
        expect(html).toContain(member === 'm5' ? '**&lt;img src=x onerror=alert(1)&gt;**' : '[点我](http:');
        expect(html).toContain('![p](http:');
      }
    }
  });

  it('puts volunteerHours and volunteerRetention in the monthly report, as a hand count says', async () => {
    // Before March 2026 ([2025-03-01, 2026-03-01)): m1 (s2), m2 (s3), m4 (s4); m3's s1 is a day too early.
    // In March: m2 (s5, s6), m1 (s6), m3 (s5), m5 and m6 (s8). Retained: m1, m2 of m1, m2, m4 -> 2/3.
    // Hours: 0.2 + 1.1 + 0.29 + 0.1 + 1 + 2 = 4.69.
    const report = (await ok(['report', 'monthly', '--month', '2026-03', '--json'])).json();
    expect(report.kpis.volunteerRetention).toBe(2 / 3);
    expect(report.kpis.volunteerHours).toBe(4.69);
    expect(report.volunteering).toEqual({ volunteersInPeriod: 5, volunteers: 3, retained: 2, from: '2025-03-01', last: '2026-02-28', any: true });
    // February: m4 (s4) of m1, m2 (before Feb 2026: s2, s3) and m3 (s1 2025-02-28) -> 0/3.
    expect(report.previousKpis).toMatchObject({ volunteerRetention: 0, volunteerHours: 24 });
    const zh = (await ok(['report', 'monthly', '--month', '2026-03'])).stdout;
    expect(zh).toContain('志愿服务：本月 5 名志愿者共服务 4.69 小时；志愿者留存率 66.7%（2025-03-01 至 2026-02-28 服务过的 3 名志愿者中，2 名本月仍在服务）。');
    const en = (await ok(['report', 'monthly', '--month', '2026-03', '--lang', 'en'])).stdout;
    expect(en).toContain('Volunteering: 5 volunteers gave 4.69 hours this month; volunteer retention 66.7% (2 of the 3 volunteers of 2025-03-01 to 2026-02-28 served again this month).');
    // February 2025: m3 served (s1), nobody in the 12 months before: no retention (null), said so.
    const first = await ok(['report', 'monthly', '--month', '2025-02']);
    expect(first.stdout).toContain('志愿服务：本月 1 名志愿者共服务 3 小时；此前12个月（2024-02-01 至 2025-01-31）没有志愿者，不计留存率。');
    expect((await ok(['report', 'monthly', '--month', '2025-02', '--json'])).json().kpis.volunteerRetention).toBeNull();
  });

  it('leaves out of a report --as-of the hours recorded after it', async () => {
    await ok(['hours', 'add', '韩梅梅', '--session', 's6', '--hours', '1'], { now: '2026-04-12T10:00:00+08:00' });
    const later = (await ok(['report', 'monthly', '--month', '2026-03', '--json'], { now: '2026-04-12T11:00:00+08:00' })).json();
    expect([later.kpis.volunteerHours, later.kpis.volunteerRetention]).toEqual([5.69, 1]);
    const asOf = (await ok(['report', 'monthly', '--month', '2026-03', '--json', '--as-of', '2026-04-11'], { now: '2026-04-12T11:00:00+08:00' })).json();
    expect([asOf.kpis.volunteerHours, asOf.kpis.volunteerRetention]).toEqual([4.69, 2 / 3]);
  });

  it('removes an hours entry by its id', async () => {
    const removed = await ok(['hours', 'remove', 'h10']);
    expect(removed.stderr).toContain('h10');
    expect((await hoursJson()).map((r) => r.id)).not.toContain('h10');
    expect((await c.club(['hours', 'remove', 'h10'])).code).toBe(1);
  });

  it('after member purge: staff and hours keep the id, the certificate and new hours are refused (exit 1)', async () => {
    await ok(['member', 'remove', '雅风', '--reason', '毕业']);
    await ok(['member', 'purge', 'm2', '--yes']);
    const rows = await hoursJson('m2');
    expect(rows.map((r) => [r.id, r.memberId, r.name])).toEqual([
      ['h2', 'm2', '(purged m2)'],
      ['h9', 'm2', '(purged m2)'],
      ['h3', 'm2', '(purged m2)'],
    ]);
    expect((await ok(['staff', 'list', 's6', '--json'])).json().map((r: Record<string, unknown>) => [r.memberId, r.name])).toEqual([
      ['m1', '杨洪勇'],
      ['m2', '(purged m2)'],
    ]);
    const cert = await c.club(['hours', 'certificate', 'm2']);
    expect(cert.code).toBe(1);
    expect(cert.stdout).toBe('');
    expect((await c.club(['hours', 'add', 'm2', '--session', 's7', '--hours', '1'])).code).toBe(1);
    expect((await c.club(['staff', 'add', 's7', 'm2', '--duty', '摄影'])).code).toBe(1);
    expect((await c.club(['check'])).code).toBe(0);
  });

  it('lets a clerk add hours but not remove them or set staff (exit 5), a viewer only read', async () => {
    const as = c.loginAs ? await c.loginAs('clerk') : (argv: string[]) => c.club(argv, { openStore: openAs('clerk') });
    expect((await as(['hours', 'add', '李雷', '--session', 's7', '--hours', '1.25', '--json'])).json()).toMatchObject({ memberId: 'm3', sessionId: 's7', hours: 1.25 });
    expect((await as(['hours', 'add', '李雷', '--session', 's7', '--hours', '1.5'])).code).toBe(0);
    expect((await as(['hours', 'remove', 'h1'])).code).toBe(5);
    expect((await as(['staff', 'add', 's7', '李雷', '--duty', '后勤'])).code).toBe(5);
    const viewer = c.loginAs ? await c.loginAs('viewer') : (argv: string[]) => c.club(argv, { openStore: openAs('viewer') });
    expect((await viewer(['hours', 'add', '李雷', '--session', 's7', '--hours', '1'])).code).toBe(5);
    expect((await viewer(['hours', 'list', '李雷', '--json'])).json().find((r: Record<string, unknown>) => r.sessionId === 's7').hours).toBe(1.5);
    expect((await viewer(['staff', 'list', '--json'])).code).toBe(0);
  });
});
