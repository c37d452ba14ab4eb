// Privacy: member purge leaves no personal data anywhere in the store folder, the audit log never holds any, and the
// tasks of members who are gone are cancelled rather than left to show as overdue.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

/** Every file under `dir`, recursively, as UTF-8 text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  const out: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ file: path, text: readFileSync(path).toString('utf8') });
  }
  return out;
}

function mentions(dir: string, needles: string[]): string[] {
  return filesUnder(dir).flatMap(({ file, text }) => needles.filter((n) => text.includes(n)).map((n) => `${file}: ${n}`));
}

async function ok(club: (argv: string[], o?: RunOptions) => Promise<RunResult>, argv: string[]): Promise<RunResult> {
  const r = await club(argv);
  expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
}

describe('member purge', () => {
  it('leaves no trace of the name, phone, QQ, email or WeChat id in any file of the store, backups included', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    const store = join(c.dir, '.club');
    const personal = ['杨洪勇', '13800138000', '1023919001', 'yhy@example.org', 'yhy_wechat'];
    await ok(c.club, ['member', 'add', '杨洪勇', '--phone', '13800138000', '--qq', '1023919001', '--email', 'yhy@example.org', '--wechat', 'yhy_wechat', '--nick', '荆州+杨洪勇', '--city', '荆州', '--note', '杨洪勇的备注']);
    await ok(c.club, ['member', 'add', '雅风', '--joined', '2026-01-10']);
    await ok(c.club, ['task', 'add', '整理笔记', '--owner', '杨洪勇', '--due', '2026-03-04']);
    await ok(c.club, ['task', 'add', '提醒杨洪勇交书', '--owner', '雅风', '--due', '2026-03-20']);
    await ok(c.club, ['session', 'add', '读书会', '--at', '2026-03-03 21:30']);
    await ok(c.club, ['session', 'add', '读书会', '--at', '2026-03-10 21:30']);
    await ok(c.club, ['checkin', 's1', '杨洪勇', '雅风', '--force']);
    await ok(c.club, ['leave', '杨洪勇', '--session', 's2', '--reason', '杨洪勇出差']);
    await ok(c.club, ['topic', 'propose', 's2', '杨洪勇推荐的书', '--by', '杨洪勇']);
    await ok(c.club, ['topic', 'vote', 's2', '1', '--by', '杨洪勇']);
    await ok(c.club, ['best', 'vote', 's1', '雅风', '--by', '杨洪勇', '--force']);
    await ok(c.club, ['feedback', 'add', '我是杨洪勇，电话 13800138000', '--member', '杨洪勇']);
    await ok(c.club, ['points', 'add', '杨洪勇', '5', '--reason', '杨洪勇分享读书笔记']);
    await ok(c.club, ['member', 'warn', '杨洪勇', '--reason', '杨洪勇迟到']);
    await ok(c.club, ['backup']);
    // A migration's backup: byte copies of the store's files as they were.
    const migrated = join(store, 'backups', 'schema-v3-20260301T000000-1');
    mkdirSync(migrated, { recursive: true });
    // (Named as an older layout named them: members.json, roster.json.)
    for (const file of ['members.b0.json', 'tasks.json', 'feedback.json', 'audit.jsonl', 'roster.b0.json', 'refs.b0.json']) copyFileSync(join(store, file), join(migrated, file.replace('.b0', '')));
    expect(mentions(store, personal).length).toBeGreaterThan(0);
    // Every audit line already holds ids only.
    expect(mentions(store, personal).filter((m) => m.includes('audit.jsonl') && !m.includes('backups'))).toEqual([]);

    await ok(c.club, ['member', 'remove', '杨洪勇', '--reason', '杨洪勇退群']);
    const counts = (await ok(c.club, ['check', '--json'])).json().counts;
    const purge = await ok(c.club, ['member', 'purge', '杨洪勇', '--yes']);
    expect(purge.stderr).toMatch(/backup-\d{8}T\d{6}Z\.json/);
    expect(purge.stderr).toContain('schema-v3-20260301T000000-1/members.json');
    expect(purge.stderr).toContain('--out');

    expect(mentions(store, personal)).toEqual([]);
    expect(mentions(store, ['荆州+'])).toEqual([]);
    // Other members, and the counts, are untouched; the store is valid; the backup still restores.
    expect(mentions(store, ['雅风']).length).toBeGreaterThan(0);
    expect((await ok(c.club, ['check', '--json'])).json().counts).toEqual({ ...counts, members: 2, attendance: 3, tasks: 3 });
    const tasks = (await ok(c.club, ['task', 'list', '--json'])).json();
    expect(tasks.map((t: { id: string; title: string; status: string }) => `${t.id} ${t.title} ${t.status}`)).toEqual([
      't1 提交成长计划 cancelled',
      't2 整理笔记 cancelled',
      't3 提醒(purged m1)交书 open',
    ]);
    const log = await ok(c.club, ['log', '--member', 'm1']);
    expect(log.stdout).toContain('(purged m1)');
    const restored = join(c.dir, 'restored');
    const backup = readdirSync(join(store, 'backups')).find((f) => f.startsWith('backup-'))!;
    expect((await c.club(['restore', join(store, 'backups', backup), '--store', restored])).code).toBe(0);
  });
});

describe('member purge erases the member\'s own words', () => {
  it('leave and ledger reasons, feedback they wrote and free-text answers; ratings and choices stay, anonymous', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    const at = { now: '2026-03-20T10:00:00+08:00' };
    const step = async (argv: string[]) => {
      const r = await c.club(argv, at);
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    writeFileSync(join(c.dir, 'survey.json'), JSON.stringify(SPEC_SURVEY));
    for (const argv of [
      ['member', 'add', '杨洪勇', '--phone', '13800138000', '--joined', '2026-01-01'],
      ['member', 'add', '雅风', '--joined', '2026-01-01'],
      ['session', 'add', '读书会', '--at', '2026-03-24 21:30'],
      ['survey', 'create', '--from', 'survey.json'],
      ['survey', 'open', 'v1'],
      // None of these texts names the member: they are erased because they are theirs, not because they mention them.
      ['leave', 'm1', '--session', 's1', '--reason', '出差去荆州'],
      ['points', 'add', 'm1', '5', '--reason', '分享读书笔记'],
      ['feedback', 'add', '希望多组织线下活动', '--member', 'm1'],
      ['survey', 'answer', 'v1', '--member', 'm1', '--answers', JSON.stringify({ q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'], q5: '我家住在江汉路' })],
      ['survey', 'answer', 'v1', '--member', 'm2', '--answers', JSON.stringify({ q1: 4, q2: 7, q3: '线下聚会', q4: ['展览'], q5: '不错' })],
      ['member', 'remove', 'm1', '--reason', '毕业'],
    ]) await step(argv);
    const results = (await step(['survey', 'results', 'v1', '--json'])).json();
    await step(['member', 'purge', 'm1', '--yes']);

    const words = ['出差去荆州', '分享读书笔记', '希望多组织线下活动', '我家住在江汉路', '杨洪勇', '13800138000'];
    expect(mentions(join(c.dir, '.club'), words)).toEqual([]);
    // Ratings, NPS and choices count as before; the text answer is gone, the other member's stays.
    const after = (await step(['survey', 'results', 'v1', '--json'])).json();
    expect(after.questions.slice(0, 4)).toEqual(results.questions.slice(0, 4));
    expect(after.responses).toBe(results.responses);
    expect(after.questions[4].answers).toEqual(['(purged)', '不错']);
    const responses = JSON.parse(readFileSync(join(c.dir, '.club', 'responses.json'), 'utf8'));
    expect(responses[0]).toMatchObject({ memberId: null, at: null, answers: { q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'], q5: '(purged)' } });
    expect(responses[1]).toMatchObject({ memberId: 'm2', answers: { q5: '不错' } });
    expect((await step(['feedback', 'list', '--json'])).json()).toMatchObject([{ id: 'f1', text: '(purged)' }]);
    expect((await step(['points', 'history', 'm1', '--json'])).json()).toMatchObject([{ delta: 5, reason: '(purged)' }]);
    for (const argv of [['feedback', 'list'], ['session', 'show', 's1'], ['points', 'history', 'm1'], ['survey', 'results', 'v1']]) {
      const out = (await step(argv)).stdout;
      for (const word of words) expect(out, `${argv.join(' ')}: ${word}`).not.toContain(word);
    }
    expect((await step(['check'])).code).toBe(0);
  });
});

describe('the audit log', () => {
  it('records ids, flag names and plain values, never names, contacts or free text', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await ok(c.club, ['member', 'add', '王小明', '--phone', '13900000000', '--qq', '55667788', '--note', '好学生', '--joined', '2026-03-01', '--role', 'admin']);
    await ok(c.club, ['member', 'warn', '王小明', '--reason', '王小明迟到']);
    await ok(c.club, ['points', 'add', 'm1', '3', '--reason', '帮王小明搬书']);
    await ok(c.club, ['--store', '.club', 'member', 'edit', '13900000000', '--city=武汉', '--add-tag', '读书', '--json']);
    const lines = readFileSync(join(c.dir, '.club', 'audit.jsonl'), 'utf8').trim().split('\n').slice(-4).map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.command, l.summary])).toEqual([
      ['member add … --phone … --qq … --note … --joined 2026-03-01 --role admin', 'added m1'],
      ['member warn … --reason …', 'warned m1'],
      ['points add m1 3 --reason …', 'awarded 3 points m1'],
      ['--store … member edit … --city … --add-tag … --json', 'edited m1'],
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/王小明|13900000000|55667788|好学生|迟到|搬书|武汉|读书/);
  });

  it('records the member id as the actor when --by names a member', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await ok(c.club, ['member', 'add', '杨洪勇']);
    await ok(c.club, ['session', 'add', '读书会', '--at', '2026-03-10 21:30']);
    await ok(c.club, ['topic', 'propose', 's1', '《活着》', '--by', '杨洪勇']);
    const last = JSON.parse(readFileSync(join(c.dir, '.club', 'audit.jsonl'), 'utf8').trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ actor: 'm1', command: 'topic propose s1 … --by …', summary: 'proposed 1 topic for s1: 1' });
  });
});

describe('cancelled tasks', () => {
  it('task cancel, --cancelled, and never overdue', async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await ok(c.club, ['member', 'add', '雅风', '--joined', '2026-01-10']);
    await ok(c.club, ['task', 'add', '订会议室', '--due', '2026-03-01']);
    await ok(c.club, ['task', 'add', '买书', '--due', '2026-03-02']);
    expect((await ok(c.club, ['task', 'list', '--overdue', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t1', 't2']);
    const cancelled = (await ok(c.club, ['task', 'cancel', 't1', '--reason', '活动取消', '--json'])).json();
    expect(cancelled).toMatchObject({ id: 't1', status: 'cancelled', cancelledAt: '2026-03-05T20:00:00+08:00', cancelReason: '活动取消' });
    expect((await c.club(['task', 'cancel', 't1'])).code).toBe(1);
    expect((await c.club(['task', 'done', 't1'])).code).toBe(1);
    expect((await ok(c.club, ['task', 'list', '--cancelled', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t1']);
    expect((await ok(c.club, ['task', 'list', '--open', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t2']);
    expect((await ok(c.club, ['task', 'list', '--overdue', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t2']);
    expect((await c.club(['task', 'list', '--done', '--cancelled'])).code).toBe(2);
  });

  it("cancels a departed or rejected member's open tasks in the same change; restore does not reopen them", async () => {
    const c = await freshClub();
    cleanups.push(c.cleanup);
    await ok(c.club, ['member', 'add', '雅风', '--joined', '2026-01-10']);
    await ok(c.club, ['member', 'add', '杨洪勇']); // onboarding task t1, due 2026-03-08
    await ok(c.club, ['task', 'add', '整理笔记', '--owner', '杨洪勇', '--due', '2026-03-01']);
    await ok(c.club, ['task', 'add', '订会议室', '--owner', '雅风', '--due', '2026-03-01']);
    expect((await ok(c.club, ['task', 'list', '--overdue', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t2', 't3']);
    const removed = await ok(c.club, ['member', 'remove', '杨洪勇', '--reason', '退群']);
    expect(removed.stderr).toContain('t1');
    expect(removed.stderr).toContain('t2');
    const tasks = (await ok(c.club, ['task', 'list', '--json'])).json();
    expect(tasks.map((t: { id: string; status: string }) => `${t.id} ${t.status}`)).toEqual(['t1 cancelled', 't2 cancelled', 't3 open']);
    expect((await ok(c.club, ['task', 'list', '--overdue', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t3']);
    const log = (await ok(c.club, ['log', '--limit', '1', '--json'])).json()[0];
    expect(log.refs).toEqual(['m2', 't1', 't2']);
    await ok(c.club, ['member', 'restore', '杨洪勇']);
    expect((await ok(c.club, ['task', 'list', '--cancelled', '--json'])).json().map((t: { id: string }) => t.id)).toEqual(['t1', 't2']);

  });
});
