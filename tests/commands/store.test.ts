import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshClub, run, tempDir } from '../helpers/run.js';
import { CURRENT_SCHEMA_VERSION } from '../../src/store/migrations.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('init and store location', () => {
  it('creates .club here and refuses to init twice', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const r = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai', '--json']);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, settings: { name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday', 'leave.perWeek': 1 } });
    expect(statSync(join(t.dir, '.club')).mode & 0o777).toBe(0o700);
    expect((await run(t.dir, ['init', '--name', 'again'])).code).toBe(1);
  });

  it('defaults the report language to Chinese for a club with a Chinese name, else to $LANG', async () => {
    for (const [name, env, lang] of [
      ['周末徒步社', { LANG: 'en_US.UTF-8' }, 'zh'],
      ['Robotics Society', { LANG: 'en_US.UTF-8' }, 'en'],
      ['Robotics Society', { LANG: 'zh_CN.UTF-8' }, 'zh'],
    ] as const) {
      const t = tempDir();
      cleanups.push(t.cleanup);
      const r = await run(t.dir, ['init', '--name', name, '--timezone', 'Asia/Shanghai', '--json'], { env: { LC_ALL: '', LC_MESSAGES: '', ...env } });
      expect(r.json().settings.lang).toBe(lang);
    }
  });

  it('finds the nearest .club walking up, or --store, or CLUB_STORE', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    const { mkdirSync } = await import('node:fs');
    const deep = join(c.dir, 'a', 'b');
    mkdirSync(deep, { recursive: true });
    expect((await run(deep, ['member', 'add', '甲'])).code).toBe(0);
    const elsewhere = tempDir();
    cleanups.push(elsewhere.cleanup);
    expect((await run(elsewhere.dir, ['member', 'list', '--json', '--store', join(c.dir, '.club')])).json()).toHaveLength(1);
    expect((await run(elsewhere.dir, ['member', 'list', '--json', '--store', c.dir])).json()).toHaveLength(1);
    expect((await run(elsewhere.dir, ['member', 'list', '--json'], { env: { CLUB_STORE: join(c.dir, '.club') } })).json()).toHaveLength(1);
  });

  it('exits 3 saying to run club init when there is no store', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const r = await run(t.dir, ['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/club init/);
    const json = await run(t.dir, ['member', 'list', '--json']);
    expect(json.json().error.code).toBe('store_missing');
    expect((await run(t.dir, ['member', 'list', '--store', join(t.dir, 'nope')])).code).toBe(3);
  });

  it('refuses a bad --timezone or --lang at init with exit 2, creating nothing', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    expect((await run(t.dir, ['init', '--timezone', 'Mars/Base'])).code).toBe(2);
    expect((await run(t.dir, ['init', '--lang', 'fr'])).code).toBe(2);
    expect(existsSync(join(t.dir, '.club', 'store.json'))).toBe(false);
  });
});

describe('config, check, backup, log', () => {
  it('lists, gets and sets settings with validation', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    expect((await c.club(['config', 'get', 'leave.perWeek'])).stdout).toBe('1\n');
    expect((await c.club(['config', 'set', 'targets.participationRate', '75%', '--json'])).json()).toEqual({ key: 'targets.participationRate', value: 0.75, previous: 0.7 });
    expect((await c.club(['config', 'list', '--json'])).json()['targets.participationRate']).toBe(0.75);
    expect((await c.club(['config', 'set', 'leave.perWeek', '-1'])).code).toBe(2);
    expect((await c.club(['config', 'set', 'nope', '1'])).code).toBe(2);
    expect((await c.club(['config', 'get', 'nope'])).code).toBe(2);
    const log = await c.club(['log', '--json']);
    expect(log.json().at(-1).summary).toBe('set targets.participationRate to 0.75 (was 0.7)');
  });

  it('check prints counts, and exits 3 on a damaged store', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await c.club(['member', 'add', '甲']);
    const ok = await c.club(['check', '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, counts: { members: 1, sessions: 0, attendance: 0, ledger: 0, surveys: 0, responses: 0, tasks: 1 } });
    writeFileSync(join(c.dir, '.club', 'tasks.json'), '[{"id":"t1"}]');
    const bad = await c.club(['check', '--json']);
    expect(bad.code).toBe(3);
    expect(bad.json().error.message).toMatch(/tasks\.json: \[0\]\.title/);
  });

  it('check --repair rebuilds derived files that are missing, damaged or disagree, byte for byte, and nothing else', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    const store = join(c.dir, '.club');
    const now = { now: '2026-03-05T21:40:00+08:00' };
    for (const name of ['杨洪勇', '雅风']) await c.club(['member', 'add', name, '--joined', '2026-02-01'], now);
    await c.club(['session', 'add', '读书会', '--at', '2026-03-05 21:30'], now);
    await c.club(['checkin', 's1', '杨洪勇', '雅风'], now);
    await c.club(['points', 'add', '雅风', '5', '--reason', '笔记'], now);
    const files = ['balances.b0.json', 'presence.b0.json', 'roster.b0.json'];
    const original = new Map(files.map((f) => [f, readFileSync(join(store, f))]));
    const { rmSync } = await import('node:fs');
    rmSync(join(store, 'balances.b0.json'));
    writeFileSync(join(store, 'presence.b0.json'), '{\n"m1":"s1x"\n}\n');
    writeFileSync(join(store, 'roster.b0.json'), original.get('roster.b0.json')!.toString().replace('雅风', '李雷'));
    const bad = await c.club(['attendance'], now);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('hint: club check --repair 会根据 attendance 记录重建 presence.b0.json');
    const check = await c.club(['check'], now);
    expect(check.code).toBe(3);
    expect(check.stderr).toMatch(/缺少 \S*balances\.b0\.json\nhint: club check --repair 会根据 ledger 记录重建 balances\.b0\.json/);
    const logBefore = readFileSync(join(store, 'audit.jsonl'), 'utf8');

    const repaired = await c.club(['check', '--repair', '--json'], now);
    expect(repaired.code).toBe(0);
    expect(repaired.json()).toMatchObject({ ok: true, repaired: files, counts: { members: 2, attendance: 2, ledger: 3 } });
    for (const f of files) expect(readFileSync(join(store, f))).toEqual(original.get(f));
    expect(readFileSync(join(store, 'audit.jsonl'), 'utf8').slice(logBefore.length)).toMatch(/"summary":"rebuilt balances\.b0\.json from ledger, presence\.b0\.json from attendance, roster\.b0\.json from members"/);
    expect((await c.club(['attendance', '--json'], now)).json()).toHaveLength(2);

    // All in agreement: nothing rebuilt, nothing written.
    const again = await c.club(['check', '--repair'], now);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('无需修复');
    expect(readFileSync(join(store, 'audit.jsonl'), 'utf8').split('\n')).toHaveLength(logBefore.split('\n').length + 1);

    // A damaged collection is no derived file: refused, and the derived files are left as they are.
    writeFileSync(join(store, 'members.b0.json'), '[{"id":"m1"');
    const broken = await c.club(['check', '--repair'], now);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/members\.b0\.json/);
    for (const f of files) expect(readFileSync(join(store, f))).toEqual(original.get(f));
  });

  it('backs up to a single 0600 file that holds every record', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await c.club(['member', 'add', '甲']);
    const r = await c.club(['backup', '--out', 'b.json', '--json']);
    expect(r.code).toBe(0);
    const file = join(c.dir, 'b.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    expect(bundle.format).toBe('clubadmin-backup');
    expect(bundle.files['members.b0.json'][0].name).toBe('甲');
    expect(bundle.audit).toContain('added m1');
  });

  it('restores a backup into a new store with every record, never over an existing one', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await c.club(['member', 'add', '甲', '--qq', '123456']);
    await c.club(['session', 'add', '读书会', '--at', '2026-03-03 21:30']);
    await c.club(['checkin', 's1', '甲', '--force'], { now: '2026-03-03T21:31:00+08:00' }); // 甲 joined on 03-05
    await c.club(['backup', '--out', 'b.json']);
    const target = join(c.dir, 'restored');
    const r = await c.club(['restore', 'b.json', '--store', target, '--json']);
    expect(r.code).toBe(0);
    expect(r.json().counts).toMatchObject({ members: 1, sessions: 1, attendance: 1, ledger: 1, tasks: 1 });
    for (const args of [['member', 'list', '--json'], ['session', 'show', 's1', '--json'], ['points', 'balance', '--json'], ['config', 'list', '--json']]) {
      expect((await c.club([...args, '--store', target])).json()).toEqual((await c.club(args)).json());
    }
    expect(statSync(target).mode & 0o777).toBe(0o700);
    expect((await c.club(['restore', 'b.json', '--store', target])).code).toBe(1);
    writeFileSync(join(c.dir, 'junk.json'), '{"hello": 1}');
    expect((await c.club(['restore', 'junk.json', '--store', join(c.dir, 'other')])).code).toBe(2);
  });

  it('log filters by member and limits', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await c.club(['member', 'add', '甲']);
    await c.club(['member', 'add', '乙']);
    await c.club(['member', 'warn', '甲', '--reason', '迟到'], { env: { CLUB_ACTOR: '班长' } });
    const mine = await c.club(['log', '--member', '甲', '--json']);
    // The log holds ids only; --json adds today's names of the members it refers to, the table shows them.
    expect(mine.json().map((e: { summary: string }) => e.summary)).toEqual(['added m1', 'warned m1']);
    expect(mine.json()[1]).toMatchObject({ actor: '班长', at: expect.stringMatching(/\+08:00$/), command: 'member warn … --reason …', names: { m1: '甲' } });
    expect((await c.club(['log', '--member', 'm1'])).stdout).toContain('warned m1 甲');
    expect((await c.club(['log', '--limit', '1', '--json'])).json()).toHaveLength(1);
    expect((await c.club(['log', '--limit', '0'])).code).toBe(2);
    const byFlag = await c.club(['member', 'add', '丙', '--by', '小李']);
    expect(byFlag.code).toBe(0);
    expect((await c.club(['log', '--limit', '1', '--json'])).json()[0].actor).toBe('小李');
  });
});
