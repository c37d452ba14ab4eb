import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshClub } from '../helpers/run.js';
import { englishMessages } from '../helpers/lang.js';
import type { RunOptions, RunResult } from '../helpers/run.js';
import { SPEC_SURVEY } from '../helpers/fixtures.js';

let dir: string;
let cleanup: () => void;
let club: (argv: string[], o?: RunOptions) => Promise<RunResult>;
const now = { now: '2026-03-20T10:00:00+08:00' };

beforeEach(async () => {
  ({ dir, cleanup, club } = englishMessages(await freshClub()));
  for (const name of ['杨洪勇', '雅风', '李雷', '韩梅梅', '王五']) await club(['member', 'add', name, '--joined', '2026-01-01']);
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(SPEC_SURVEY));
});
afterEach(() => cleanup());

const WJX = [
  '序号,提交答卷时间,所用时间,来源,1、您的姓名,2、对本月活动的整体满意度,3、你有多大可能向朋友推荐本群？,4、最喜欢的活动形式,5、希望增加的内容,6、其他建议',
  '1,2026/3/18 21:00:00,30秒,微信,雅风,4,10,主题讨论,讲座┋比赛,多组织线下',
  '2,2026/3/18 22:00:00,40秒,链接,李雷,2,5,线下聚会,展览,',
].join('\r\n');

describe('surveys', () => {
  it('creates from JSON or YAML, answers by script and import, and reports results matching a hand count', async () => {
    expect((await club(['survey', 'create', '--from', 'survey.json', '--json'], now)).json()).toMatchObject({ id: 'v1', status: 'draft' });
    expect((await club(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(1);
    await club(['survey', 'open', 'v1'], now);
    expect((await club(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(0);
    const bad = await club(['survey', 'answer', 'v1', '--member', '韩梅梅', '--answers', '{"q1":7,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('q1 "对本月活动的整体满意度": 7 is not allowed (expected a whole number from 1 to 5)');
    expect((await club(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1":4,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(1);
    expect((await club(['survey', 'answer', 'v1', '--member', '杨洪勇', '--replace', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(0);
    writeFileSync(join(dir, 'wjx.csv'), iconv.encode(WJX, 'gbk'));
    const dry = await club(['survey', 'import', 'v1', 'wjx.csv', '--dry-run', '--json'], now);
    expect(dry.json()).toMatchObject({ dryRun: true, imported: 2 });
    expect(dry.stderr).toContain('序号, 所用时间, 来源');
    expect((await club(['survey', 'import', 'v1', 'wjx.csv'], now)).code).toBe(0);
    expect((await club(['survey', 'import', 'v1', 'wjx.csv'], now)).code).toBe(1);
    const pending = await club(['survey', 'pending', 'v1', '--csv'], now);
    expect(pending.stdout.split('\r\n').slice(1, -1).map((l) => l.split(',')[1])).toEqual(['韩梅梅', '王五']);
    const results = (await club(['survey', 'results', 'v1', '--json'], now)).json();
    expect(results).toMatchObject({ responses: 3, responseRate: 0.6 });
    expect(results.questions[0]).toMatchObject({ mean: 3.6667, satisfaction: 2 / 3, distribution: { 2: 1, 4: 1, 5: 1 } });
    expect(results.questions[1]).toMatchObject({ nps: 100 / 3, promoters: 2, detractors: 1 });
    expect(results.questions[4].answers).toEqual(['多组织线下']);
    const human = await club(['survey', 'results', 'v1'], { ...now, tty: true, env: { NO_COLOR: '1' } });
    expect(human.stdout).toContain('NPS 33.3');
    expect(human.stdout).toMatch(/讲座 +█+ +2 \(66\.7%\)/);
    await club(['survey', 'close', 'v1'], now);
    expect((await club(['survey', 'answer', 'v1', '--member', '王五', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(1);
  });

  it('an import with bad rows names every one of them, in a dry run too, and imports nothing', async () => {
    await club(['survey', 'create', '--from', 'survey.json'], now);
    await club(['survey', 'open', 'v1'], now);
    const rows = [
      WJX.split('\r\n')[0],
      '1,2026/3/18 21:00:00,30秒,微信,雅风,4,10,主题讨论,讲座,',
      '2,2026/3/18 21:10:00,30秒,微信,路人,4,10,主题讨论,讲座,',
      '3,2026/3/18 21:20:00,30秒,微信,李雷,6,10,主题讨论,讲座,',
      '4,2026/3/18 21:30:00,30秒,微信,王五,4,10,看电影,讲座,',
    ];
    writeFileSync(join(dir, 'bad.csv'), rows.join('\r\n'));
    for (const args of [['--dry-run'], []]) {
      const r = await club(['survey', 'import', 'v1', 'bad.csv', ...args], now);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('3 rows cannot be imported, so none was:');
      expect(r.stderr).toContain('line 3: no member matches "路人"');
      expect(r.stderr).toContain('line 4: q1 "对本月活动的整体满意度": "6" is not allowed (expected a whole number from 1 to 5)');
      expect(r.stderr).toContain('line 5: q3 "最喜欢的活动形式": "看电影" is not allowed');
    }
    expect((await club(['survey', 'results', 'v1', '--json'], now)).json()).toMatchObject({ responses: 0 });
  });

  it('--skip-unmatched leaves out rows of respondents who are no members, lists them, and still refuses bad answers', async () => {
    await club(['survey', 'create', '--from', 'survey.json'], now);
    await club(['survey', 'open', 'v1'], now);
    const head = WJX.split('\r\n')[0];
    writeFileSync(join(dir, 'guests.csv'), [head, '1,2026/3/18 21:00:00,30秒,微信,雅风,4,10,主题讨论,讲座,', '2,2026/3/18 21:10:00,30秒,微信,路人,5,9,主题讨论,讲座,'].join('\r\n'));
    const refused = await club(['survey', 'import', 'v1', 'guests.csv'], now);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('line 3: no member matches "路人"\nhint: fix the name in the file, or leave out respondents who are not members with --skip-unmatched');
    const r = await club(['survey', 'import', 'v1', 'guests.csv', '--skip-unmatched', '--json'], now);
    expect(r.code).toBe(0);
    expect(r.json()).toMatchObject({ imported: 1, skipped: [{ line: 3, member: '路人' }] });
    expect(r.stderr).toContain('line 3: "路人" matches no member: left out');
    expect(r.stderr).toContain('imported 1 response to v1');
    expect((await club(['survey', 'results', 'v1', '--json'], now)).json()).toMatchObject({ responses: 1 });
    // A bad answer is still a bad answer.
    writeFileSync(join(dir, 'bad.csv'), [head, '1,2026/3/18 21:00:00,30秒,微信,路人,4,10,主题讨论,讲座,', '2,2026/3/18 21:10:00,30秒,微信,李雷,6,9,主题讨论,讲座,'].join('\r\n'));
    const bad = await club(['survey', 'import', 'v1', 'bad.csv', '--skip-unmatched'], now);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('line 3: q1');
  });

  it('counts one response and one answer in the singular', async () => {
    await club(['survey', 'create', '--from', 'survey.json'], now);
    await club(['survey', 'open', 'v1'], now);
    await club(['survey', 'answer', 'v1', '--member', '杨洪勇', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"],"q5":"好"}'], now);
    const human = await club(['survey', 'results', 'v1'], { ...now, tty: true, env: { NO_COLOR: '1' } });
    expect(human.stdout).toContain('1 response, response rate 20.0%');
    expect(human.stdout).toMatch(/q5 其他建议 +1 answer\n/);
    expect((await club(['survey', 'pending', 'v1'], now)).stderr).toContain('4 active members have not answered v1');
  });

  it('reads YAML and refuses bad definitions with exit 2 naming the question', async () => {
    writeFileSync(join(dir, 's.yaml'), 'title: 季度调查\nanonymous: true\nquestions:\n  - id: q1\n    type: rating\n    text: 满意吗\n    satisfaction: true\n');
    const yaml = await club(['survey', 'create', '--from', 's.yaml', '--json']);
    expect(yaml.json()).toMatchObject({ anonymous: true, questions: [{ id: 'q1', scale: 5, satisfaction: true, required: true }] });
    expect(yaml.stderr).toContain('(draft, 1 question, anonymous)');
    writeFileSync(join(dir, 'bad.yaml'), 'title: x\nquestions:\n  - id: q1\n    type: choice\n    text: 选\n    options: [一]\n');
    const bad = await club(['survey', 'create', '--from', 'bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('questions[0] (q1).options');
    expect((await club(['survey', 'create'])).code).toBe(2);
  });

  it('anonymous responses store no member and only the date', async () => {
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ ...SPEC_SURVEY, anonymous: true }));
    await club(['survey', 'create', '--from', 'a.json']);
    await club(['survey', 'open', 'v1']);
    expect((await club(['survey', 'answer', 'v1', '--member', '雅风', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}'], now)).code).toBe(2);
    const r = await club(['survey', 'answer', 'v1', '--anonymous', '--answers', '{"q1":5,"q2":9,"q3":"读书分享","q4":["讲座"]}', '--json'], now);
    // Recorded on that day, no time: the start of the day.
    expect(r.json()).toEqual({ surveyId: 'v1', n: 1, memberId: null, date: '2026-03-20', at: null, answers: { q1: 5, q2: 9, q3: '读书分享', q4: ['讲座'] }, recordedAt: '2026-03-20T00:00:00+08:00' });
    expect(readFileSync(join(dir, '.club', 'responses.json'), 'utf8').replaceAll('T00:00:00+08:00', '')).not.toMatch(/T\d\d:\d\d/);
    expect((await club(['survey', 'pending', 'v1'])).code).toBe(1);
  });

  it('takes a survey at a terminal with one prompt per question', async () => {
    await club(['survey', 'create', '--from', 'survey.json']);
    await club(['survey', 'open', 'v1']);
    const r = await club(['survey', 'take', 'v1', '--member', '韩梅梅'], { ...now, tty: true, answers: ['4', '10', '读书分享', ['讲座', '比赛'], '希望有更多线下活动'] });
    expect(r.code).toBe(0);
    const results = (await club(['survey', 'results', 'v1', '--json'])).json();
    expect(results.questions.map((q: { count: number }) => q.count)).toEqual([1, 1, 1, 1, 1]);
    expect((await club(['survey', 'take', 'v1', '--member', '雅风'])).code).toBe(2);
  });

  it('names question types and the skip of an optional choice in the club\'s language at a terminal (zh)', async () => {
    const zh = { ...now, tty: true, env: { CLUB_LANG: 'zh' } };
    const built: Array<{ message: string; choices?: Array<{ name: string; value: string }> }> = [];
    const create = await club(['survey', 'create'], { ...zh, answers: ['活动反馈', false, 'choice', '下次想去哪里', '博物馆，公园', false, 'done'], offered: built });
    expect(create.code).toBe(0);
    expect(built.find((o) => o.choices)!.choices!.map((c) => `${c.name}=${c.value}`)).toEqual(['评分=rating', '推荐度（NPS）=nps', '单选=choice', '多选=multi', '文字=text']);
    writeFileSync(join(dir, 'optional.json'), JSON.stringify({ title: '活动反馈', questions: [{ id: 'q1', type: 'choice', text: '下次想去哪里', options: ['博物馆', '公园'], required: false }] }));
    await club(['survey', 'create', '--from', 'optional.json']);
    await club(['survey', 'open', 'v2']);
    const asked: Array<{ choices?: Array<{ name: string; value: string }> }> = [];
    expect((await club(['survey', 'take', 'v2', '--member', '韩梅梅'], { ...zh, answers: [''], offered: asked })).code).toBe(0);
    expect(asked[0]!.choices!.map((c) => c.name)).toEqual(['博物馆', '公园', '（跳过）']);
  });

  it('keeps a suggestion box', async () => {
    await club(['feedback', 'add', '希望多组织线下活动', '--anonymous'], now);
    await club(['feedback', 'add', '建议换个时间', '--member', '雅风'], { now: '2026-04-02T10:00:00+08:00' });
    const all = (await club(['feedback', 'list', '--json'])).json();
    expect(all).toEqual([
      { id: 'f1', text: '希望多组织线下活动', memberId: null, date: '2026-03-20', at: null, recordedAt: '2026-03-20T00:00:00+08:00' },
      { id: 'f2', text: '建议换个时间', memberId: 'm2', date: '2026-04-02', at: '2026-04-02T10:00:00+08:00', recordedAt: '2026-04-02T10:00:00+08:00' },
    ]);
    expect((await club(['feedback', 'list', '--from', '2026-04-01', '--json'])).json().map((f: { id: string }) => f.id)).toEqual(['f2']);
  });
});
