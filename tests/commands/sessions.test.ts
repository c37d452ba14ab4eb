import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import { englishMessages } from '../helpers/lang.js';
import type { RunOptions, RunResult } from '../helpers/run.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const at = (now: string) => ({ now });

beforeEach(async () => {
  ({ dir, cleanup, club } = englishMessages(await freshClub()));
  const before = at('2026-03-01T10:00:00+08:00');
  for (const args of [
    ['member', 'add', '杨洪勇', '--nick', '荆州+杨洪勇', '--qq', '1023919001', '--joined', '2026-02-01'],
    ['member', 'add', '雅风', '--nick', '成都+雅风', '--email', 'yafeng@example.org', '--joined', '2026-02-01'],
    ['member', 'add', '李雷', '--qq', '22334455', '--joined', '2026-02-01'],
    ['member', 'add', '韩梅梅', '--joined', '2026-02-01'],
    ['session', 'add', '周二读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--until', '2026-03-31', '--type', 'reading', '--host', '杨洪勇', '--place', 'QQ群'],
  ]) {
    const r = await club(args, before);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
});
afterEach(() => cleanup());

describe('sessions', () => {
  it('schedules a month of Tuesday/Thursday meetings in one command', async () => {
    const list = (await club(['session', 'list', '--json'], at('2026-03-01T10:00:00+08:00'))).json();
    expect(list.map((s: { id: string; startsAt: string }) => `${s.id} ${s.startsAt}`)).toEqual([
      's1 2026-03-03T21:30:00+08:00', 's2 2026-03-05T21:30:00+08:00', 's3 2026-03-10T21:30:00+08:00', 's4 2026-03-12T21:30:00+08:00',
      's5 2026-03-17T21:30:00+08:00', 's6 2026-03-19T21:30:00+08:00', 's7 2026-03-24T21:30:00+08:00', 's8 2026-03-26T21:30:00+08:00',
      's9 2026-03-31T21:30:00+08:00',
    ]);
    expect(list[0]).toMatchObject({ title: '周二读书会', type: 'reading', hostId: 'm1', place: 'QQ群', durationMinutes: 90, endsAt: '2026-03-03T23:00:00+08:00', seriesId: 's1', status: 'scheduled' });
    const upcoming = (await club(['session', 'list', '--upcoming', '--json'], at('2026-03-20T10:00:00+08:00'))).json();
    expect(upcoming.map((s: { id: string }) => s.id)).toEqual(['s7', 's8', 's9']);
  });

  it('refuses bad schedules with exit 2', async () => {
    for (const args of [
      ['session', 'add', 'X', '--at', '2026-03-03'],
      ['session', 'add', 'X', '--at', 'someday 21:30'],
      ['session', 'add', 'X', '--at', '2026-03-03 21:30', '--repeat', 'daily', '--count', '3'],
      ['session', 'add', 'X', '--at', '2026-03-03 21:30', '--repeat', 'weekly'],
      ['session', 'add', 'X', '--at', '2026-03-03 21:30', '--type', 'party'],
      ['session', 'add', 'X', '--at', '2026-03-03 21:30', '--on', 'tue'],
    ]) {
      expect([args.join(' '), (await club(args)).code]).toEqual([args.join(' '), 2]);
    }
  });

  it('checks in by hand, from a file and from stdin; again changes, never duplicates', async () => {
    const r = await club(['checkin', 's1', '杨洪勇', '成都+雅风', '--json'], at('2026-03-03T21:35:00+08:00'));
    expect(r.json().changed.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual(['杨洪勇 present', '雅风 present']);
    expect(r.json().points.map((p: { memberId: string; delta: number }) => `${p.memberId} ${p.delta}`)).toEqual(['m1 2', 'm2 2']);
    const late = await club(['checkin', 's1', '李雷', '--json'], at('2026-03-03T21:45:00+08:00'));
    expect(late.json().changed[0].status).toBe('late');
    writeFileSync(join(dir, 'present.txt'), '# 周四\n杨洪勇\n\n22334455\n');
    expect((await club(['checkin', 's2', '--from-file', 'present.txt', '--at', '2026-03-05 21:30'])).code).toBe(0);
    const stdin = await club(['checkin', 's2', '--from-file', '-', '--status', 'present'], { stdin: '雅风\n', now: '2026-03-05T22:00:00+08:00' });
    expect(stdin.code).toBe(0);
    await club(['checkin', 's1', '杨洪勇'], at('2026-03-03T21:50:00+08:00'));
    const show = (await club(['session', 'show', 's1', '--json'], at('2026-03-04T10:00:00+08:00'))).json();
    expect(show.attendance.map((a: { name: string; status: string }) => `${a.name} ${a.status}`)).toEqual(['杨洪勇 late', '雅风 present', '李雷 late', '韩梅梅 absent']);
    expect(show.tally).toMatchObject({ expected: 4, attended: 3, absent: 1, rate: 0.75 });
    const bad = await club(['checkin', 's2', 'nobody', 'alsonobody']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/2 references could not be used/);
  });

  it('shows a session in the club\'s language: its status, duration, attendance line and marks (zh)', async () => {
    await club(['checkin', 's1', '杨洪勇'], at('2026-03-03T21:35:00+08:00'));
    const zh = await club(['session', 'show', 's1'], { now: '2026-03-04T10:00:00+08:00', env: { CLUB_LANG: 'zh' } });
    expect(zh.code).toBe(0);
    const lines = zh.stdout.split('\n');
    expect(lines[0]).toMatch(/^周二读书会 s1  已安排$/);
    expect(zh.stdout).toContain('2026-03-03 周二 21:30 – 23:00（90 分钟）');
    expect(zh.stdout).toMatch(/出勤 +1\/4（25\.0%）  出席 1，迟到 0，请假 0，缺席 3/);
    expect(zh.stdout).toMatch(/地点 +QQ群/);
    expect(zh.stdout).toMatch(/│ 杨洪勇 +│ 出席 +│/);
    expect(zh.stdout).toMatch(/│ 韩梅梅 +│ 缺席 +│/);
    expect(zh.stdout).not.toMatch(/scheduled|present|absent|min\)/);
    const en = await club(['session', 'show', 's1'], at('2026-03-04T10:00:00+08:00'));
    expect(en.stdout).toContain('2026-03-03 Tue 21:30 – 23:00 (90 min)');
    expect(en.stdout).toMatch(/attendance +1\/4 \(25\.0%\)  present 1, late 0, excused 0, absent 3/);
  });

  it('checks in from the searchable checklist at a terminal, and needs members in a pipe', async () => {
    const r = await club(['checkin', 's1'], { tty: true, answers: [['m2', 'm4']], now: '2026-03-03T21:31:00+08:00' });
    expect(r.code).toBe(0);
    const show = (await club(['session', 'show', 's1', '--json'], at('2026-03-03T21:32:00+08:00'))).json();
    expect(show.attendance.filter((a: { status: string }) => a.status === 'present').map((a: { name: string }) => a.name)).toEqual(['雅风', '韩梅梅']);
    expect((await club(['checkin', 's1'])).code).toBe(2);
    // The list submitted as it opened (those already here ticked): nothing recorded, and no error.
    const logged = (await club(['log', '--json'])).json().length;
    const again = await club(['checkin', 's1'], { tty: true, answers: [['m2', 'm4']], now: '2026-03-03T21:40:00+08:00' });
    expect([again.code, again.stdout, again.stderr]).toEqual([0, '', expect.stringContaining('nobody added: 2 already checked in to s1 周二读书会')]);
    expect((await club(['log', '--json'])).json().length).toBe(logged);
    // Nobody ticked at a session nobody is checked in to: exit 2.
    const none = await club(['checkin', 's2'], { tty: true, answers: [[]], now: '2026-03-10T21:31:00+08:00' });
    expect([none.code, none.stderr]).toEqual([2, expect.stringContaining('nobody was checked')]);
  });

  it('limits leave to leave.perWeek, naming the other leave', async () => {
    expect((await club(['leave', '雅风', '--session', 's1', '--reason', '出差'])).code).toBe(0);
    const refused = await club(['leave', '雅风', '--session', 's2', '--reason', '考试']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('s1 周二读书会 (2026-03-03)');
    const forced = await club(['leave', '雅风', '--session', 's2', '--reason', '考试', '--force', '--json']);
    expect(forced.json().changed[0].status).toBe('excused');
    expect((await club(['log', '--limit', '1', '--json'])).json()[0].summary).toMatch(/forced/);
    expect((await club(['leave', '雅风', '--session', 's3'])).code).toBe(2);
  });

  it('checkin --status excused counts the week\'s other leaves, also those in another partition file', async () => {
    // s15 (Tue 04-21) and s16 (Thu 04-23) share a week but not a file: attendance.s0.json holds s1-s15.
    expect((await club(['session', 'add', '周二读书会', '--at', '2026-04-02 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '8'], at('2026-03-01T10:00:00+08:00'))).code).toBe(0);
    expect((await club(['leave', '雅风', '--session', 's15', '--reason', '出差'], at('2026-04-20T10:00:00+08:00'))).code).toBe(0);
    const refused = await club(['checkin', 's16', '雅风', '--status', 'excused'], at('2026-04-23T22:00:00+08:00'));
    expect([refused.code, refused.stderr]).toEqual([1, expect.stringContaining('s15 周二读书会 (2026-04-21)')]);
    // Present reads s16's records alone, and is not limited.
    expect((await club(['checkin', 's16', '雅风', '--status', 'present'], at('2026-04-23T22:00:00+08:00'))).code).toBe(0);
    const forced = await club(['checkin', 's16', '雅风', '--status', 'excused', '--force', '--json'], at('2026-04-23T22:10:00+08:00'));
    expect(forced.json().changed[0]).toMatchObject({ status: 'excused' });
    expect((await club(['check'])).code).toBe(0);
  });

  it('imports check-ins from a QQ chat export, listing unmatched senders on stderr', async () => {
    writeFileSync(
      join(dir, 'chat.txt'),
      '2026-03-05 21:29:58 荆州+杨洪勇(1023919001)\n签到\n\n2026-03-05 21:41:10 成都+雅风<yafeng@example.org>\n来了\n\n2026-03-05 21:50:00 路人甲(99999999)\n签到\n',
    );
    const dry = await club(['checkin', 'import', 's2', 'chat.txt', '--dry-run', '--json'], at('2026-03-06T09:00:00+08:00'));
    expect(dry.json().checkins.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual(['杨洪勇 present', '雅风 late']);
    expect(dry.stderr).toContain('路人甲(99999999)');
    expect((await club(['session', 'show', 's2', '--json'], at('2026-03-06T09:00:00+08:00'))).json().tally.attended).toBe(0);
    const real = await club(['checkin', 'import', 's2', 'chat.txt', '--map', '路人甲=韩梅梅'], at('2026-03-06T09:00:00+08:00'));
    expect(real.code).toBe(0);
    expect(real.stderr).not.toContain('路人甲(99999999)');
    const show = (await club(['session', 'show', 's2', '--json'], at('2026-03-06T09:00:00+08:00'))).json();
    expect(show.attendance.map((a: { name: string; status: string }) => `${a.name} ${a.status}`)).toEqual(['杨洪勇 present', '雅风 late', '李雷 absent', '韩梅梅 late']);
  });

  it('lists the members below a rate with attendance --below', async () => {
    await club(['checkin', 's1', '杨洪勇', '雅风', '李雷'], at('2026-03-03T21:31:00+08:00'));
    await club(['checkin', 's2', '杨洪勇', '雅风'], at('2026-03-05T21:31:00+08:00'));
    await club(['checkin', 's3', '杨洪勇', '韩梅梅'], at('2026-03-10T21:31:00+08:00'));
    const all = (await club(['attendance', '--json'], at('2026-03-11T10:00:00+08:00'))).json();
    expect(all.map((r: { name: string; attended: number; expected: number }) => `${r.name} ${r.attended}/${r.expected}`)).toEqual(['李雷 1/3', '韩梅梅 1/3', '雅风 2/3', '杨洪勇 3/3']);
    const below = (await club(['attendance', '--below', '50', '--json'], at('2026-03-11T10:00:00+08:00'))).json();
    expect(below.map((r: { name: string }) => r.name)).toEqual(['李雷', '韩梅梅']);
    const csv = await club(['attendance', '--below', '50%', '--csv'], at('2026-03-11T10:00:00+08:00'));
    expect(csv.stdout.split('\r\n')[2]).toBe(`m4,韩梅梅,1,3,${1 / 3},0,0,2`);
    expect((await club(['attendance', '--below', 'half'])).code).toBe(2);
    const sorted = (await club(['member', 'list', '--sort', 'attendance', '--json'], at('2026-03-11T10:00:00+08:00'))).json();
    expect(sorted.map((m: { name: string }) => m.name)).toEqual(['杨洪勇', '雅风', '韩梅梅', '李雷']);
    const shown = (await club(['member', 'show', '李雷', '--json'], at('2026-03-11T10:00:00+08:00'))).json();
    expect(shown.attendance).toEqual({ attended: 1, expected: 3, late: 0, excused: 0, absent: 2, rate: 1 / 3 });
    const human = await club(['member', 'show', '李雷'], { now: '2026-03-11T10:00:00+08:00', tty: true, env: { NO_COLOR: '1' } });
    expect(human.stdout).toMatch(/attendance +33\.3% {2}1\/3/);
  });

  it('decides the topic and the best performer by vote', async () => {
    await club(['checkin', 's1', '杨洪勇', '雅风'], at('2026-03-03T21:31:00+08:00'));
    expect((await club(['topic', 'propose', 's2', '活着', '三体', '--by', '杨洪勇'])).code).toBe(0);
    await club(['topic', 'vote', 's2', '2', '--by', '雅风']);
    await club(['topic', 'vote', 's2', '2', '--by', '李雷']);
    expect((await club(['topic', 'vote', 's2', '1', '--by', '李雷'])).code).toBe(1);
    expect((await club(['topic', 'list', 's2', '--json'])).json().map((t: { text: string; votes: number }) => `${t.text} ${t.votes}`)).toEqual(['活着 0', '三体 2']);
    expect((await club(['topic', 'close', 's2', '--json'])).json().session.topic).toBe('三体');
    await club(['best', 'vote', 's1', '雅风', '--by', '杨洪勇']);
    expect((await club(['best', 'vote', 's1', '韩梅梅', '--by', '李雷'])).code).toBe(1);
    const closed = await club(['best', 'close', 's1', '--json']);
    expect(closed.json().session.best).toEqual(['m2']);
    expect(closed.json().points.map((p: { memberId: string; delta: number }) => `${p.memberId} ${p.delta}`)).toEqual(['m2 3']);
    const set = await club(['best', 'set', 's1', '杨洪勇', '--json']);
    expect(set.json().points.map((p: { memberId: string; delta: number }) => `${p.memberId} ${p.delta}`)).toEqual(['m1 3', 'm2 -3']);
  });

  it('marks a session done with minutes (host points), and cancels one', async () => {
    writeFileSync(join(dir, '纪要.md'), '# 第三章\n讨论了命运。\n');
    const done = await club(['session', 'done', 's1', '--minutes', '纪要.md', '--json'], at('2026-03-03T23:10:00+08:00'));
    expect(done.json()).toMatchObject({ status: 'done', minutes: '# 第三章\n讨论了命运。' });
    expect(done.stderr).toContain('+5 m1');
    expect((await club(['session', 'done', 's9'], at('2026-03-03T23:10:00+08:00'))).code).toBe(1);
    expect((await club(['session', 'cancel', 's9', '--reason', '清明', '--json'])).json()).toMatchObject({ status: 'cancelled', cancelReason: '清明' });
    expect((await club(['checkin', 's9', '杨洪勇'])).code).toBe(1);
    expect((await club(['session', 'edit', 's3', '--topic', '第四章', '--duration', '120', '--json'])).json()).toMatchObject({ topic: '第四章', endsAt: '2026-03-10T23:30:00+08:00' });
    // In the club's language, and the same edit again changes nothing.
    const zh = { env: { CLUB_LANG: 'zh' } };
    expect((await club(['session', 'edit', 's3', '--topic', '第五章'], zh)).stderr).toContain('已更新 s3 ');
    expect((await club(['session', 'edit', 's3', '--topic', '第五章'], zh)).stderr).toContain('没有需要更改的内容');
  });

  it('exports an iCalendar file that a real parser reads, with every event in the club zone', async () => {
    await club(['session', 'cancel', 's9', '--reason', '清明']);
    await club(['session', 'edit', 's1', '--topic', '《活着》']);
    expect((await club(['export', 'ics', '--out', 'club.ics'])).code).toBe(0);
    const text = readFileSync(join(dir, 'club.ics'), 'utf8');
    const cal = new ICAL.Component(ICAL.parse(text));
    const tz = cal.getFirstSubcomponent('vtimezone');
    expect(tz?.getFirstPropertyValue('tzid')).toBe('Asia/Shanghai');
    ICAL.TimezoneService.register(tz!);
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(9);
    expect(new Set(events.map((e) => e.uid)).size).toBe(9);
    for (const [i, e] of events.entries()) {
      expect(e.component.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Asia/Shanghai');
      expect(e.component.getFirstProperty('dtend')?.getParameter('tzid')).toBe('Asia/Shanghai');
      expect([e.startDate.hour, e.startDate.minute, e.endDate.hour]).toEqual([21, 30, 23]);
      expect(e.summary).toBe('周二读书会');
      expect(e.location).toBe('QQ群');
      expect(e.component.getFirstPropertyValue('status')).toBe(i === 8 ? 'CANCELLED' : 'CONFIRMED');
    }
    expect(events[0]!.description).toContain('《活着》');
    expect(events[0]!.description).toContain('杨洪勇');
    expect(events[0]!.startDate.toJSDate().toISOString()).toBe('2026-03-03T13:30:00.000Z');
    const again = (await club(['export', 'ics'])).stdout;
    expect(again.match(/UID:[^\r\n]+/g)).toEqual(text.match(/UID:[^\r\n]+/g));
  });
});
