// Two weeks of a reading group, run through the built binary as an admin's shell would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;
const club = async (args: string[], now: string, input?: string) => {
  const r = await clubProcess(dir, args, { CLUB_NOW: now }, input);
  if (r.code !== 0) throw new Error(`club ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r;
};

beforeAll(() => {
  ({ dir, cleanup } = tempDir('club-e2e-weeks-'));
});
afterAll(() => cleanup());

describe('two weeks of meetings', () => {
  it('schedules, checks in by hand, by file and by chat, limits leave, votes, and reports attendance', async () => {
    const t0 = '2026-03-01T09:00:00+08:00';
    await club(['init', '--name', '周二读书会', '--lang', 'zh', '--timezone', 'Asia/Shanghai'], t0);
    for (const [name, qq] of [['杨洪勇', '1023919001'], ['雅风', '1023919002'], ['李雷', '1023919003'], ['韩梅梅', '1023919004']]) {
      await club(['member', 'add', name!, '--qq', qq!, '--nick', `荆州+${name}`, '--joined', '2026-02-01'], t0);
    }
    const added = await club(['session', 'add', '读书会', '--at', '2026-03-03 21:30', '--repeat', 'weekly', '--on', 'tue,thu', '--count', '4', '--host', '杨洪勇', '--json'], t0);
    expect(JSON.parse(added.stdout).map((s: { id: string }) => s.id)).toEqual(['s1', 's2', 's3', 's4']);

    // Week 1, Tuesday: by hand, one late.
    await club(['checkin', 's1', '杨洪勇', '雅风'], '2026-03-03T21:32:00+08:00');
    await club(['checkin', 's1', '李雷'], '2026-03-03T21:50:00+08:00');
    await club(['leave', '韩梅梅', '--session', 's1', '--reason', '出差'], '2026-03-03T12:00:00+08:00');
    // A second leave the same week is refused.
    const refused = await clubProcess(dir, ['leave', '韩梅梅', '--session', 's2', '--reason', '考试'], { CLUB_NOW: '2026-03-04T12:00:00+08:00' });
    expect(refused.code).toBe(1);
    // Week 1, Thursday: from a file on stdin.
    await club(['checkin', 's2', '--from-file', '-'], '2026-03-05T21:31:00+08:00', '杨洪勇\n1023919003\n');
    await club(['session', 'done', 's2'], '2026-03-05T23:05:00+08:00');
    // Week 2, Tuesday: from the QQ chat export.
    writeFileSync(join(dir, 'chat.txt'), '2026-03-10 21:25:00 荆州+雅风(1023919002)\n签到\n\n2026-03-10 21:45:00 荆州+韩梅梅(1023919004)\n签到\n\n');
    const chat = await club(['checkin', 'import', 's3', 'chat.txt', '--keyword', '签到', '--json'], '2026-03-11T09:00:00+08:00');
    expect(JSON.parse(chat.stdout).changed.map((c: { name: string; status: string }) => `${c.name} ${c.status}`)).toEqual(['雅风 present', '韩梅梅 late']);
    // Votes.
    await club(['topic', 'propose', 's4', '活着', '三体', '--by', '杨洪勇'], '2026-03-11T10:00:00+08:00');
    await club(['topic', 'vote', 's4', '2', '--by', '雅风'], '2026-03-11T10:01:00+08:00');
    await club(['topic', 'close', 's4'], '2026-03-11T10:02:00+08:00');
    await club(['best', 'vote', 's3', '雅风', '--by', '杨洪勇'], '2026-03-11T10:03:00+08:00');
    await club(['best', 'close', 's3'], '2026-03-11T10:04:00+08:00');

    const att = JSON.parse((await club(['attendance', '--json'], '2026-03-11T12:00:00+08:00')).stdout);
    expect(att.map((r: { name: string; attended: number; expected: number; late: number }) => `${r.name} ${r.attended}/${r.expected} late ${r.late}`)).toEqual([
      '韩梅梅 1/2 late 1',
      '杨洪勇 2/3 late 0',
      '雅风 2/3 late 0',
      '李雷 2/3 late 1',
    ]);
    const below = JSON.parse((await club(['attendance', '--below', '60', '--json'], '2026-03-11T12:00:00+08:00')).stdout);
    expect(below.map((r: { name: string }) => r.name)).toEqual(['韩梅梅']);
    const s4 = JSON.parse((await club(['session', 'show', 's4', '--json'], '2026-03-11T12:00:00+08:00')).stdout);
    expect(s4.topic).toBe('三体');
    const ledger = JSON.parse((await club(['check', '--json'], '2026-03-11T12:00:00+08:00')).stdout);
    // s1: 2+2+1, s2: 2+2 + host 5, s3: 2+1 + best 3
    expect(ledger.counts).toMatchObject({ members: 4, sessions: 4, attendance: 8, ledger: 9 });
  });
});
