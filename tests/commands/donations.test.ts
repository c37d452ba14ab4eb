// Donors and donations (SPEC §10, §14 "Money") through the CLI, on a folder store and on a database: donors made by
// hand or on the fly for a member, money and gifts in kind, anonymity (the treasurer sees the donor; on a database a
// viewer or clerk sees 匿名 and cannot read the donor even through psql), refusals that change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { describePg, dropDatabase, newDatabase, newLogin, pgSkipReason, sql } from '../helpers/pg.js';
import { run, tempDir, type RunResult } from '../helpers/run.js';

type Who = 'owner' | 'treasurer' | 'viewer' | 'clerk';

interface Club {
  kind: 'folder' | 'postgres';
  dir: string;
  club(argv: string[], who?: Who, now?: string): Promise<RunResult>;
  url?: (who: Who) => string;
  cleanup(): Promise<void>;
}

const NOW = '2026-12-05T10:00:00+08:00';

async function folderClub(): Promise<Club> {
  const t = tempDir('club-donations-');
  const club: Club['club'] = (argv, _who, now = NOW) => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh' } });
  const init = await run(t.dir, ['init', '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-11-01T09:00:00+08:00' });
  expect(init.code, init.stderr).toBe(0);
  return { kind: 'folder', dir: t.dir, club, cleanup: async () => t.cleanup() };
}

async function databaseClub(): Promise<Club> {
  const t = tempDir('club-donations-pg-');
  const d = await newDatabase('donations');
  const init = await run(t.dir, ['init', '--store', d.url(), '--name', '读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], { now: '2026-11-01T09:00:00+08:00' });
  expect(init.code, init.stderr).toBe(0);
  const logins = { treasurer: await newLogin('don_t'), viewer: await newLogin('don_v'), clerk: await newLogin('don_c') };
  const url = (who: Who): string => (who === 'owner' ? d.url() : d.url(logins[who].user, logins[who].password));
  const club: Club['club'] = (argv, who = 'owner', now = NOW) => run(t.dir, argv, { now, env: { CLUB_LANG: 'zh', CLUB_STORE: url(who), CLUB_ACTOR: '' } });
  for (const who of ['treasurer', 'viewer', 'clerk'] as const) expect((await club(['access', 'grant', logins[who].user, '--role', who])).code).toBe(0);
  return {
    kind: 'postgres',
    dir: t.dir,
    club,
    url,
    cleanup: async () => {
      t.cleanup();
      await dropDatabase(d.db);
    },
  };
}

function donations(make: () => Promise<Club>): void {
  let c: Club;
  const ok = async (argv: string[], who: Who = 'owner'): Promise<RunResult> => {
    const r = await c.club(argv, who);
    expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  beforeAll(async () => {
    c = await make();
    await ok(['member', 'add', '杨洪勇']);
    await ok(['member', 'add', '雅风']);
  });
  afterAll(async () => c?.cleanup());

  it('adds donors by hand and for a member on the fly; a member donor shows the member current name', async () => {
    expect((await ok(['donor', 'add', '荆州图书馆', '--organisation', '--json'], 'treasurer')).json()).toMatchObject({ id: 'o1', name: '荆州图书馆', kind: 'organisation', memberId: null });
    const d1 = (await ok(['donation', 'add', '杨洪勇', '--amount', '500', '--purpose', '购书', '--date', '2026-12-01', '--json'], 'treasurer')).json();
    expect(d1).toMatchObject({ id: 'd1', donorId: 'o2', donor: '杨洪勇', amount: '500.00', inKind: null, date: '2026-12-01', purpose: '购书', anonymous: false, thankedAt: null });
    await ok(['donation', 'add', '荆州图书馆', '--in-kind', '图书 20 册', '--date', '2026-12-02'], 'treasurer');
    await ok(['donation', 'add', 'm2', '--amount', '128.5', '--anonymous', '--date', '2026-12-03'], 'treasurer');
    await ok(['member', 'edit', 'm1', '--name', '杨洪勇2']);
    const donors = (await ok(['donor', 'list', '--json'], 'treasurer')).json();
    expect(donors.map((d: any) => [d.id, d.name, d.kind, d.memberId])).toEqual([
      ['o1', '荆州图书馆', 'organisation', null],
      ['o2', '杨洪勇2', 'person', 'm1'],
      ['o3', '雅风', 'person', 'm2'],
    ]);
    // o3 was made by an anonymous first gift: those who do not see donors (on a database) do not see it either.
    const seen = (await ok(['donor', 'list', '--json'], 'viewer')).json();
    expect(seen.map((d: any) => d.id)).toEqual(c.kind === 'postgres' ? ['o1', 'o2'] : ['o1', 'o2', 'o3']);
    await ok(['member', 'edit', 'm1', '--name', '杨洪勇']);
  });

  it('lists donations by date, filtered by period and by thanks; amounts as two-decimal strings', async () => {
    const all = (await ok(['donation', 'list', '--json'])).json();
    expect(all.map((d: any) => [d.id, d.amount, d.inKind])).toEqual([
      ['d1', '500.00', null],
      ['d2', null, '图书 20 册'],
      ['d3', '128.50', null],
    ]);
    const some = (await ok(['donation', 'list', '--from', '2026-12-02', '--to', '2026-12-03', '--json'])).json();
    expect(some.map((d: any) => d.id)).toEqual(['d2']);
    expect((await ok(['donation', 'list', '--unthanked', '--json'])).json()).toHaveLength(3);
    const csv = (await ok(['donation', 'list', '--csv'])).stdout.split(/\r?\n/);
    expect(csv[0]).toBe('id,date,donorId,donor,amount,inKind,purpose,anonymous,thankedAt');
  });

  it('shows an anonymous donation with its donor to the treasurer, and as 匿名 to the others', async () => {
    const own = (await ok(['donation', 'list', '--json'], 'treasurer')).json();
    expect(own[2]).toMatchObject({ id: 'd3', donorId: 'o3', donor: '雅风', anonymous: true });
    if (c.kind === 'postgres') {
      for (const who of ['viewer', 'clerk'] as const) {
        const seen = (await ok(['donation', 'list', '--json'], who)).json();
        expect(seen[2]).toMatchObject({ id: 'd3', donorId: null, donor: '匿名', amount: '128.50', anonymous: true });
        expect(seen[0]).toMatchObject({ id: 'd1', donorId: 'o2', donor: '杨洪勇' });
        const table = (await ok(['donation', 'list'], who)).stdout;
        expect(table).not.toContain('雅风');
        // Nor through the donors: the anonymous donor is not listed at all.
        const donors = (await ok(['donor', 'list'], who)).stdout;
        expect(donors).not.toContain('雅风');
        expect(donors).not.toContain('o3');
      }
      const log = (await ok(['log', '--json'], 'viewer')).stdout;
      expect(log).toContain('d3');
      expect(log).not.toMatch(/d3[^\n]*o3/);
    }
  });

  it('refuses a new name, an empty donation, a bad amount, and changes nothing', async () => {
    const before = (await ok(['donation', 'list', '--json'])).stdout;
    const donorsBefore = (await ok(['donor', 'list', '--json'])).stdout;
    const unknown = await c.club(['donation', 'add', '张三', '--amount', '1'], 'treasurer');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('club donor add');
    expect((await c.club(['donation', 'add', '雅风'], 'treasurer')).code).toBe(2);
    expect((await c.club(['donation', 'add', '雅风', '--amount', '1.005'], 'treasurer')).code).toBe(2);
    expect((await c.club(['donation', 'add', '雅风', '--amount', '-5'], 'treasurer')).code).toBe(2);
    const twice = await c.club(['donor', 'add', '荆州图书馆'], 'treasurer');
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('o1');
    expect((await c.club(['donor', 'add', '杨洪勇2', '--member', '杨洪勇'], 'treasurer')).code).toBe(1);
    if (c.kind === 'postgres') {
      expect((await c.club(['donation', 'add', '雅风', '--amount', '5'], 'clerk')).code).toBe(5);
      expect((await c.club(['donor', 'add', '某公司', '--organisation'], 'viewer')).code).toBe(5);
    }
    expect((await ok(['donation', 'list', '--json'])).stdout).toBe(before);
    expect((await ok(['donor', 'list', '--json'])).stdout).toBe(donorsBefore);
  });

  it('thanks a donation with a letter from thanks.zh, names its donor even when anonymous, and marks it thanked once', async () => {
    const first = await c.club(['donation', 'thank', 'd3', '--out', `${c.dir}/感谢信.md`], 'treasurer', '2026-12-06T09:00:00+08:00');
    expect(first.code, first.stderr).toBe(0);
    const { readFileSync, statSync, writeFileSync } = await import('node:fs');
    const letter = readFileSync(`${c.dir}/感谢信.md`, 'utf8');
    expect(letter).toContain('尊敬的 **雅风**');
    expect(letter).toContain('**128.50 CNY**');
    expect(letter).toContain('2026-12-03');
    expect(statSync(`${c.dir}/感谢信.md`).mode & 0o777).toBe(0o600);
    const again = await c.club(['donation', 'thank', 'd3', '--lang', 'en'], 'treasurer', '2026-12-09T09:00:00+08:00');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('Dear **雅风**');
    expect(again.stderr).toContain('2026-12-06');
    const d3 = (await ok(['donation', 'list', '--json'])).json().find((d: any) => d.id === 'd3');
    expect(d3.thankedAt).toMatch(/^2026-12-06T09:00/);
    expect((await ok(['donation', 'list', '--unthanked', '--json'])).json().map((d: any) => d.id)).toEqual(['d1', 'd2']);
    // Names and purposes are escaped, in the club's own template too.
    writeFileSync(`${c.dir}/t.md.hbs`, 'THANKS {{donor.name}} {{donation.purpose}} {{donation.amount}}\n');
    expect((await ok(['donor', 'add', 'A|*b* <i>', '--organisation'], 'treasurer')).code).toBe(0);
    await ok(['donation', 'add', 'A|*b* <i>', '--amount', '1,280.00'.replace(',', ''), '--purpose', '[x](http://e.vil) #h'], 'treasurer');
    const hostile = await ok(['donation', 'thank', 'd4', '--template', `${c.dir}/t.md.hbs`], 'treasurer');
    expect(hostile.stdout).toBe('THANKS A\\|\\*b\\* \\<i\\> \\[x\\](http:\\/\\/e.vil) \\#h 1280.00\n');
  });

  if (make === databaseClub) {
    it('denies viewers and clerks the donor of an anonymous donation in psql; the treasurer reads it', async () => {
      for (const who of ['viewer', 'clerk'] as const) {
        await expect(sql(c.url!(who), 'SELECT donor_id FROM club.donations')).rejects.toMatchObject({ code: '42501' });
        await expect(sql(c.url!(who), 'SELECT * FROM club.donations')).rejects.toMatchObject({ code: '42501' });
        const docs = await sql<{ id: string; donor: string | null }>(c.url!(who), `SELECT id, doc->>'donorId' AS donor FROM club.donations WHERE id <> 'd4' ORDER BY id`);
        expect(docs).toEqual([
          { id: 'd1', donor: 'o2' },
          { id: 'd2', donor: 'o1' },
          { id: 'd3', donor: null },
        ]);
        const view = await sql<{ id: string; donor_id: string | null }>(c.url!(who), 'SELECT id, donor_id FROM club.donations_public WHERE id <> $$d4$$ ORDER BY id');
        expect(view.map((r) => r.donor_id)).toEqual(['o2', 'o1', null]);
      }
      const own = await sql<{ donor_id: string }>(c.url!('treasurer'), `SELECT donor_id FROM club.donations WHERE id = 'd3'`);
      expect(own).toEqual([{ donor_id: 'o3' }]);
      for (const who of ['viewer', 'clerk'] as const) {
        await expect(sql(c.url!(who), 'SELECT name FROM club.donors')).rejects.toMatchObject({ code: '42501' });
        await expect(sql(c.url!(who), 'SELECT member_id FROM club.donors')).rejects.toMatchObject({ code: '42501' });
        const docs = await sql<{ id: string; name: string; member: string | null }>(c.url!(who), `SELECT id, doc->>'name' AS name, doc->>'memberId' AS member FROM club.donors WHERE id <= 'o3' ORDER BY id`);
        expect(docs).toEqual([
          { id: 'o1', name: '荆州图书馆', member: null },
          { id: 'o2', name: '杨洪勇', member: 'm1' },
          { id: 'o3', name: 'o3', member: null },
        ]);
        const view = await sql<Record<string, unknown>>(c.url!(who), `SELECT id, name, member_id, anonymous FROM club.donors_public WHERE id <= 'o3' ORDER BY id`);
        expect(view).toEqual([
          { id: 'o1', name: '荆州图书馆', member_id: null, anonymous: false },
          { id: 'o2', name: '杨洪勇', member_id: 'm1', anonymous: false },
          { id: 'o3', name: null, member_id: null, anonymous: true },
        ]);
      }
      expect(await sql(c.url!('treasurer'), `SELECT name, member_id FROM club.donors WHERE id = 'o3'`)).toEqual([{ name: '雅风', member_id: 'm2' }]);
      for (const who of ['viewer', 'owner'] as const) {
        const check = await c.club(['check'], who);
        expect(check.code, check.stderr).toBe(0);
      }
    });
  }

  it("keeps an anonymous donor's name and member through backup, restore and store copy", async () => {
    const backup = join(c.dir, 'donors-backup.json');
    await ok(['backup', '--out', backup]);
    const back = tempDir('club-donors-restore-');
    const there = (argv: string[], env: Record<string, string> = {}) => run(back.dir, argv, { now: NOW, env: { CLUB_LANG: 'zh', ...env } });
    const o3 = async (argv: string[], env?: Record<string, string>) => {
      const r = await there([...argv, 'donor', 'list', '--json'], env);
      expect(r.code, r.stderr).toBe(0);
      return r.json().find((d: any) => d.id === 'o3');
    };
    try {
      const restored = await there(['restore', backup, '--store', 'restored']);
      expect(restored.code, restored.stderr).toBe(0);
      expect(await o3(['--store', 'restored'])).toMatchObject({ name: '雅风', memberId: 'm2' });
      if (pgSkipReason() === null) {
        const d = await newDatabase('donors_copy');
        try {
          const copied = await there(['--store', 'restored', 'store', 'copy', '--to', d.url()]);
          expect(copied.code, copied.stderr).toBe(0);
          expect(await sql(d.url(), `SELECT name, member_id, doc->>'name' AS doc_name FROM club.donors WHERE id = 'o3'`)).toEqual([{ name: '雅风', member_id: 'm2', doc_name: 'o3' }]);
          expect(await o3([], { CLUB_STORE: d.url() })).toMatchObject({ name: '雅风', memberId: 'm2' });
          const home = await there(['store', 'copy', '--to', 'home'], { CLUB_STORE: d.url() });
          expect(home.code, home.stderr).toBe(0);
          expect(await o3(['--store', 'home'])).toMatchObject({ name: '雅风', memberId: 'm2' });
          const check = await there(['--store', 'home', 'check']);
          expect(check.code, check.stderr).toBe(0);
        } finally {
          await dropDatabase(d.db);
        }
      }
    } finally {
      back.cleanup();
    }
  }, 120_000);

  it('names an anonymous donor once they give in the open, or are added with donor add', async () => {
    const viewerIds = async () => (await ok(['donor', 'list', '--json'], 'viewer')).json().map((d: any) => d.id);
    await ok(['donation', 'add', '雅风', '--amount', '10', '--date', '2026-12-04'], 'treasurer');
    expect(await viewerIds()).toContain('o3');
    expect((await ok(['donor', 'list', '--json'], 'viewer')).json().find((d: any) => d.id === 'o3')).toMatchObject({ name: '雅风', memberId: 'm2' });
    await ok(['member', 'add', '陈三']);
    await ok(['donation', 'add', '陈三', '--amount', '5', '--anonymous'], 'treasurer');
    expect((await ok(['donor', 'list', '--json'], 'treasurer')).json().find((d: any) => d.id === 'o5')).toMatchObject({ name: '陈三', memberId: 'm3' });
    if (c.kind === 'postgres') expect(await viewerIds()).not.toContain('o5');
    // donor add names it (no second donor for the member), as the treasurer asked.
    const added = (await ok(['donor', 'add', '陈三', '--member', '陈三', '--json'], 'treasurer')).json();
    expect(added).toMatchObject({ id: 'o5', name: '陈三', memberId: 'm3', anonymous: false });
    expect(await viewerIds()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    expect((await ok(['check'], 'viewer')).code).toBe(0);
  });

  if (make === databaseClub) {
    it('shows the donors_public view a donor named in the open', async () => {
      const view = await sql<Record<string, unknown>>(c.url!('viewer'), `SELECT id, name, member_id FROM club.donors_public WHERE id IN ('o3', 'o5') ORDER BY id`);
      expect(view).toEqual([
        { id: 'o3', name: '雅风', member_id: 'm2' },
        { id: 'o5', name: '陈三', member_id: 'm3' },
      ]);
    });
  }
}

describe('donations on a folder store', () => donations(folderClub));
describePg('donations on a database', () => donations(databaseClub));
