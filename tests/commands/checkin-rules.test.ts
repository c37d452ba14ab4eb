// Check-in as admins really do it, through the commands (issue 18): entry after the end, --at, members of the
// session only (checkin, leave, votes, the checklist), 接龙 lists from stdin, the chat import's skipped messages, and
// the .ics SEQUENCE of an edited session.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const at = (now: string, more: RunOptions = {}): RunOptions => ({ now, ...more });
const en = { env: { CLUB_LANG: 'en' } };

async function ok(argv: string[], o?: RunOptions): Promise<RunResult> {
  const r = await club(argv, o);
  if (r.code !== 0) throw new Error(`${argv.join(' ')}: exit ${r.code}: ${r.stderr}`);
  return r;
}

beforeEach(async () => {
  ({ dir, cleanup, club } = await freshClub());
  const before = at('2026-03-01T10:00:00+08:00');
  await ok(['member', 'add', '杨洪勇', '--qq', '1023919001', '--joined', '2026-02-01'], before);
  await ok(['member', 'add', '雅风', '--joined', '2026-02-01'], before);
  await ok(['member', 'add', '小明', '--nick', '荆州+小明', '--joined', '2026-02-01'], before);
  // s1 Tue 2026-03-03 21:30–23:00, s2 Thu 2026-03-05.
  await ok(['session', 'add', '周二读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '2', '--place', 'QQ群'], before);
  await ok(['member', 'add', '新人', '--qq', '88888888', '--joined', '2026-03-04'], at('2026-03-04T10:00:00+08:00'));
});
afterEach(() => cleanup());

const sheet = async () => (await ok(['session', 'show', 's1', '--json'], at('2026-03-06T10:00:00+08:00'))).json().attendance as Array<{ name: string; status: string; at?: string }>;

describe('checkin', () => {
  it('records an entry after the session has ended as present; --at decides lateness; --status wins', async () => {
    const r = await ok(['checkin', 's1', '杨洪勇', '雅风', '--json'], at('2026-03-04T09:00:00+08:00'));
    expect(r.json().changed.map((c: { status: string; at: string }) => [c.status, c.at])).toEqual([
      ['present', '2026-03-04T09:00:00+08:00'],
      ['present', '2026-03-04T09:00:00+08:00'],
    ]);
    const late = await ok(['checkin', 's1', '小明', '--at', '2026-03-03 21:50', '--json'], at('2026-03-04T09:00:00+08:00'));
    expect(late.json().changed[0]).toMatchObject({ status: 'late', at: '2026-03-03T21:50:00+08:00' });
    const told = await ok(['checkin', 's1', '小明', '--at', '2026-03-03 21:50', '--status', 'present', '--json'], at('2026-03-04T09:00:00+08:00'));
    expect(told.json().changed[0].status).toBe('present');
    // While the session runs, the entry time still decides.
    expect((await ok(['checkin', 's2', '雅风', '--json'], at('2026-03-05T22:00:00+08:00'))).json().changed[0].status).toBe('late');
  });

  it('refuses a member who joined after the start with exit 1 naming the join date, unless --force', async () => {
    const refused = await club(['checkin', 's1', '新人'], at('2026-03-04T09:00:00+08:00', en));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('m4 新人 joined on 2026-03-04, after s1 (2026-03-03)');
    expect(await sheet()).not.toContainEqual(expect.objectContaining({ name: '新人', status: 'present' }));
    const zh = await club(['checkin', 's1', '新人'], at('2026-03-04T09:00:00+08:00'));
    expect([zh.code, zh.stderr]).toEqual([1, expect.stringContaining('于 2026-03-04 加入')]);
    const forced = await ok(['checkin', 's1', '新人', '--force', '--json'], at('2026-03-04T09:00:00+08:00', en));
    expect(forced.json().changed[0]).toMatchObject({ memberId: 'm4', status: 'present' });
    expect(forced.stderr).toContain('recorded anyway (--force)');
    const leave = await club(['leave', '新人', '--session', 's1', '--reason', '出差'], at('2026-03-04T09:00:00+08:00', en));
    expect([leave.code, leave.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-04')]);
  });

  it('offers in the checklist only members of the session', async () => {
    const offered: unknown[] = [];
    const r = await club(['checkin', 's1'], { tty: true, answers: [['m1']], offered, now: '2026-03-04T09:00:00+08:00' });
    expect(r.code).toBe(0);
    const choices = (offered[0] as { choices: Array<{ value: string }> }).choices;
    expect(choices.map((c) => c.value).sort()).toEqual(['m1', 'm2', 'm3']);
    const later: unknown[] = [];
    expect((await club(['checkin', 's2'], { tty: true, answers: [['m4']], offered: later, now: '2026-03-05T21:31:00+08:00' })).code).toBe(0);
    expect((later[0] as { choices: Array<{ value: string }> }).choices.map((c) => c.value)).toContain('m4');
  });

  it('reads a WeChat 接龙 list from stdin, naming the line of a name it cannot match', async () => {
    const list = '#接龙\n周二读书会 3月3日签到\n1. 杨洪勇\n2、雅风\n3. 荆州+小明 已到\n';
    const r = await ok(['checkin', 's1', '--from-file', '-', '--json'], at('2026-03-04T09:00:00+08:00', { stdin: list }));
    expect(r.json().changed.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual(['杨洪勇 present', '雅风 present', '小明 present']);
    const bad = await club(['checkin', 's2', '--from-file', '-'], at('2026-03-06T09:00:00+08:00', { stdin: `${list}4. 路人甲\n`, ...en }));
    expect([bad.code, bad.stderr]).toEqual([1, expect.stringContaining('stdin line 6: "路人甲" matches no member')]);
    writeFileSync(join(dir, '接龙.txt'), '接龙\n1. 杨洪勇\n2. 某某 已到\n');
    const fromFile = await club(['checkin', 's2', '--from-file', '接龙.txt'], at('2026-03-06T09:00:00+08:00', en));
    expect([fromFile.code, fromFile.stderr]).toEqual([1, expect.stringContaining('接龙.txt line 3: "某某 已到" matches no member')]);
  });
});

describe('votes', () => {
  it('refuses a topic vote, a best vote and a best pick by a later member, unless --force', async () => {
    const during = at('2026-03-03T22:00:00+08:00', en);
    await ok(['checkin', 's1', '杨洪勇', '雅风'], during);
    await ok(['topic', 'propose', 's1', '《活着》', '--by', '杨洪勇'], during);
    const after = at('2026-03-04T10:00:00+08:00', en);
    const vote = await club(['topic', 'vote', 's1', '1', '--by', '新人'], after);
    expect([vote.code, vote.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-04')]);
    const best = await club(['best', 'vote', 's1', '雅风', '--by', '新人'], after);
    expect([best.code, best.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-04')]);
    await ok(['checkin', 's1', '新人', '--force'], after);
    const pick = await club(['best', 'set', 's1', '新人'], after);
    expect([pick.code, pick.stderr]).toEqual([1, expect.stringContaining('joined on 2026-03-04')]);
    expect((await ok(['topic', 'vote', 's1', '1', '--by', '新人', '--force', '--json'], after)).json().voterId).toBe('m4');
    expect((await ok(['best', 'set', 's1', '新人', '--force', '--json'], after)).json().session.best).toEqual(['m4']);
  });
});

describe('checkin import', () => {
  const CHAT = [
    '2026-03-03 21:00:00 荆州+杨洪勇(1023919001)\n签到\n',
    '2026-03-03 21:20:00 荆州+杨洪勇(1023919001)\n签到\n',
    '2026-03-03 21:31:00 雅风(5551234)\n好的\n',
    '2026-03-03 21:32:00 路人甲(99999999)\n签到\n',
    '2026-03-03 21:33:00 新人(88888888)\n签到\n',
    '2026-03-03 23:30:00 荆州+小明(7777777)\n签到\n',
  ].join('\n');

  it('lists on stderr every message it did not count, with the reason; --from-minutes widens the window', async () => {
    writeFileSync(join(dir, 'chat.txt'), CHAT);
    const dry = await ok(['checkin', 'import', 's1', 'chat.txt', '--keyword', '签到', '--dry-run', '--json'], at('2026-03-04T09:00:00+08:00', en));
    expect(dry.json().checkins.map((c: { name: string; at: string }) => `${c.name} ${c.at}`)).toEqual(['杨洪勇 21:20']);
    expect(dry.json().skipped.map((s: { line: number; reason: string }) => `${s.line} ${s.reason}`)).toEqual(['1 early', '7 keyword', '10 unmatched', '13 notMember', '16 late']);
    expect(dry.stderr).toContain('messages that checked nobody in (5):');
    expect(dry.stderr).toContain('line 1 21:00 荆州+杨洪勇(1023919001): too early (messages count from 21:15');
    expect(dry.stderr).toContain('line 7 21:31 雅风(5551234): no keyword "签到"');
    expect(dry.stderr).toContain('line 10 21:32 路人甲(99999999): no member matches this sender; resolve with --map "路人甲=MEMBER"');
    expect(dry.stderr).toContain('line 13 21:33 新人(88888888): m4 新人 was not an active member on 2026-03-03');
    expect(dry.stderr).toContain('line 16 23:30 荆州+小明(7777777): too late (after the end, 23:00)');
    const wide = await ok(['checkin', 'import', 's1', 'chat.txt', '--keyword', '签到', '--from-minutes', '45', '--json'], at('2026-03-04T09:00:00+08:00', en));
    expect(wide.json().changed.map((c: { name: string; at: string }) => `${c.name} ${c.at}`)).toEqual(['杨洪勇 2026-03-03T21:00:00+08:00']);
    expect(wide.stderr).not.toContain('too early');
    expect(wide.stderr).toContain('later messages from members already counted: 1');
    expect((await club(['checkin', 'import', 's1', 'chat.txt', '--from-minutes', 'abc'])).code).toBe(2);
  });
});

describe('export ics', () => {
  const events = (text: string) =>
    new Map(
      new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => {
        const uid = String(v.getFirstPropertyValue('uid')).split('@')[0]!;
        const modified = v.getFirstPropertyValue('last-modified') as ICAL.Time;
        const stamp = v.getFirstPropertyValue('dtstamp') as ICAL.Time;
        return [uid, { sequence: Number(v.getFirstPropertyValue('sequence') ?? 0), modified: modified.toJSDate().getTime(), stamp: stamp.toJSDate().getTime(), status: v.getFirstPropertyValue('status') }];
      }),
    );

  it('raises SEQUENCE and LAST-MODIFIED of an edited or cancelled session, and leaves the others alone', async () => {
    const before = events((await ok(['export', 'ics'], at('2026-03-02T10:00:00+08:00'))).stdout);
    await ok(['session', 'edit', 's1', '--at', '2026-03-03 20:00'], at('2026-03-02T12:00:00+08:00'));
    await ok(['session', 'edit', 's2', '--type', 'discussion'], at('2026-03-02T12:00:00+08:00'));
    const after = events((await ok(['export', 'ics'], at('2026-03-02T13:00:00+08:00'))).stdout);
    expect(after.get('s1')!.sequence).toBeGreaterThan(before.get('s1')!.sequence);
    expect(after.get('s1')!.modified).toBeGreaterThan(before.get('s1')!.modified);
    expect(after.get('s1')!.stamp).toBeGreaterThan(before.get('s1')!.stamp);
    expect(after.get('s2')).toEqual(before.get('s2'));
    await ok(['session', 'cancel', 's2', '--reason', '放假'], at('2026-03-02T14:00:00+08:00'));
    const cancelled = events((await ok(['export', 'ics'], at('2026-03-02T15:00:00+08:00'))).stdout);
    expect(cancelled.get('s2')).toMatchObject({ sequence: before.get('s2')!.sequence + 1, status: 'CANCELLED' });
    expect(cancelled.get('s2')!.modified).toBeGreaterThan(before.get('s2')!.modified);
    expect(cancelled.get('s1')).toEqual(after.get('s1'));
  });
});
