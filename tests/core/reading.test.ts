// The reading plan's rules as tables: due dates (7 and 10 days, month and year ends, DST in a non-Chinese zone), the
// miss rule (derived: missed, warning, removal due in 60 days), streaks, and notes sanitized for the digest.
import { marked } from 'marked';
import type { Token, Tokens } from 'marked';
import { describe, expect, it } from 'vitest';
import { dueDate } from '../../src/core/reading/tasks.js';
import { isMissed, readingStanding, streakOf } from '../../src/core/reading/rules.js';
import { notesOnTime } from '../../src/core/reading/points.js';
import type { ReadingCheckin, ReadingTask } from '../../src/core/reading/types.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { MemberSummary } from '../../src/core/types.js';
import { sanitizeNotes } from '../../src/io/notes-markdown.js';

const settings = (timezone: string, extra: Record<string, number> = {}) => ({ ...defaultSettings({ name: '读书会', lang: 'zh', timezone, weekStart: 'monday' }), ...extra });

describe('due dates', () => {
  it.each([
    // start, big, zone, due
    ['2026-12-01', false, 'Asia/Shanghai', '2026-12-08'],
    ['2026-12-01', true, 'Asia/Shanghai', '2026-12-11'],
    ['2026-01-28', false, 'Asia/Shanghai', '2026-02-04'],
    ['2026-02-25', true, 'Asia/Shanghai', '2026-03-07'],
    ['2028-02-25', false, 'Asia/Shanghai', '2028-03-03'],
    ['2026-12-28', false, 'Asia/Shanghai', '2027-01-04'],
    // Across the spring-forward and fall-back nights of New York and Berlin: still calendar days.
    ['2026-03-05', false, 'America/New_York', '2026-03-12'],
    ['2026-03-01', true, 'America/New_York', '2026-03-11'],
    ['2026-10-29', false, 'Europe/Berlin', '2026-11-05'],
    ['2026-10-30', true, 'America/New_York', '2026-11-09'],
  ] as const)('%s (big %s) in %s is due %s', (start, big, zone, due) => {
    expect(dueDate(start, { big }, settings(zone))).toBe(due);
  });

  it('follows the settings', () => {
    expect(dueDate('2026-12-01', { big: false }, settings('Asia/Shanghai', { 'reading.days': 5 }))).toBe('2026-12-06');
    expect(dueDate('2026-12-01', { big: true }, settings('Asia/Shanghai', { 'reading.bigBookDays': 14 }))).toBe('2026-12-15');
  });

  it('counts a task done late in the evening of its due day as on time in the club zone (not UTC)', () => {
    const task = mk('k1', '2026-03-05', '2026-03-12', '2026-03-12T23:30:00-04:00');
    const s = settings('America/New_York');
    expect(isMissed(task, new Date('2026-03-20T12:00:00Z'), s.timezone)).toBe(false);
    expect(isMissed(task, new Date('2026-03-20T12:00:00Z'), 'Asia/Shanghai')).toBe(true);
  });
});

function mk(id: string, startedOn: string, due: string, doneAt: string | null = null, memberId = 'm1'): ReadingTask {
  return { id, memberId, bookId: 'b1', startedOn, due, doneAt, notes: doneAt ? '笔记' : null, notesAt: doneAt, createdAt: `${startedOn}T09:00:00+08:00` };
}

const member: MemberSummary = { id: 'm1', name: '杨洪勇', status: 'active', joinedAt: '2026-01-01', referrerId: null, warnings: [], history: [{ status: 'active', date: '2026-01-01', reason: null, at: '2026-01-01T00:00:00+08:00' }] };
const left: MemberSummary = { ...member, status: 'left' };

describe('the miss rule (derived as of a time)', () => {
  const at = (d: string) => new Date(`${d}T12:00:00+08:00`);
  const cases: Array<{ name: string; tasks: ReadingTask[]; asOf: string; misses: number; warning: string | null; removalDue: boolean; who?: MemberSummary; limit?: number }> = [
    { name: 'nothing started', tasks: [], asOf: '2026-12-01', misses: 0, warning: null, removalDue: false },
    { name: 'open, not yet due', tasks: [mk('k1', '2026-11-28', '2026-12-05')], asOf: '2026-12-01', misses: 0, warning: null, removalDue: false },
    { name: 'open on its due day is not missed yet', tasks: [mk('k1', '2026-11-24', '2026-12-01')], asOf: '2026-12-01', misses: 0, warning: null, removalDue: false },
    { name: 'open the day after its due date: one miss, the warning', tasks: [mk('k1', '2026-11-23', '2026-11-30')], asOf: '2026-12-01', misses: 1, warning: 'k1', removalDue: false },
    { name: 'done on its due date', tasks: [mk('k1', '2026-11-23', '2026-11-30', '2026-11-30T22:00:00+08:00')], asOf: '2026-12-01', misses: 0, warning: null, removalDue: false },
    { name: 'done a day late is missed', tasks: [mk('k1', '2026-11-23', '2026-11-30', '2026-12-01T08:00:00+08:00')], asOf: '2026-12-02', misses: 1, warning: 'k1', removalDue: false },
    { name: 'done after the as-of time counts as not done', tasks: [mk('k1', '2026-11-20', '2026-11-27', '2026-11-27T20:00:00+08:00')], asOf: '2026-11-27', misses: 0, warning: null, removalDue: false },
    {
      name: 'two misses in 60 days: removal due, the first is the warning',
      tasks: [mk('k1', '2026-10-20', '2026-10-27'), mk('k2', '2026-11-20', '2026-11-27'), mk('k3', '2026-11-28', '2026-12-05', '2026-12-01T10:00:00+08:00')],
      asOf: '2026-12-02',
      misses: 2,
      warning: 'k1',
      removalDue: true,
    },
    { name: 'a miss more than 60 days ago no longer counts', tasks: [mk('k1', '2026-09-01', '2026-09-08'), mk('k2', '2026-11-20', '2026-11-27')], asOf: '2026-12-02', misses: 1, warning: 'k2', removalDue: false },
    { name: 'the 60th day still counts', tasks: [mk('k1', '2026-09-26', '2026-10-03'), mk('k2', '2026-11-20', '2026-11-27')], asOf: '2026-12-02', misses: 2, warning: 'k1', removalDue: true },
    { name: 'another member', tasks: [mk('k1', '2026-10-20', '2026-10-27', null, 'm2'), mk('k2', '2026-11-20', '2026-11-27', null, 'm2')], asOf: '2026-12-02', misses: 0, warning: null, removalDue: false },
    { name: 'a member who left is never due for removal', who: left, tasks: [mk('k1', '2026-10-20', '2026-10-27'), mk('k2', '2026-11-20', '2026-11-27')], asOf: '2026-12-02', misses: 2, warning: 'k1', removalDue: false },
    { name: 'missesBeforeRemoval 3', limit: 3, tasks: [mk('k1', '2026-10-20', '2026-10-27'), mk('k2', '2026-11-20', '2026-11-27')], asOf: '2026-12-02', misses: 2, warning: 'k1', removalDue: false },
  ];
  it.each(cases)('$name', ({ tasks, asOf, misses, warning, removalDue, who, limit }) => {
    const s = settings('Asia/Shanghai', limit ? { 'reading.missesBeforeRemoval': limit } : {});
    const standing = readingStanding(who ?? member, tasks, at(asOf), s);
    expect(standing.misses.length).toBe(misses);
    expect(standing.warning?.taskId ?? null).toBe(warning);
    if (standing.warning) expect(standing.warning).toMatchObject({ kind: 'reading', reason: '读书任务未完成' });
    expect(standing.removalDue).toBe(removalDue);
  });

  it('gives the reason in the club language', () => {
    const s = { ...settings('Asia/Shanghai'), lang: 'en' as const };
    expect(readingStanding(member, [mk('k1', '2026-11-20', '2026-11-27')], at('2026-12-02'), s).warning?.reason).toBe('reading task missed');
  });

  it('earns note points only for notes handed in by the due date on a done task', () => {
    const tz = 'Asia/Shanghai';
    expect(notesOnTime(mk('k1', '2026-11-23', '2026-11-30', '2026-11-30T23:59:00+08:00'), tz)).toBe(true);
    expect(notesOnTime(mk('k1', '2026-11-23', '2026-11-30', '2026-12-01T00:00:00+08:00'), tz)).toBe(false);
    expect(notesOnTime({ ...mk('k1', '2026-11-23', '2026-11-30', '2026-11-29T10:00:00+08:00'), notes: null, notesAt: null }, tz)).toBe(false);
  });
});

describe('streaks', () => {
  const c = (date: string, memberId = 'm1'): ReadingCheckin => ({ memberId, date, at: `${date}T07:00:00+08:00`, source: 'chat' });
  it.each([
    ['none', [], 0],
    ['today only', [c('2026-12-05')], 1],
    ['yesterday only', [c('2026-12-04')], 1],
    ['the day before yesterday only: broken', [c('2026-12-03')], 0],
    ['three days to today', [c('2026-12-03'), c('2026-12-04'), c('2026-12-05')], 3],
    ['three days to yesterday', [c('2026-12-02'), c('2026-12-03'), c('2026-12-04')], 3],
    ['a gap', [c('2026-12-01'), c('2026-12-03'), c('2026-12-04'), c('2026-12-05')], 3],
    ['across a month end', [c('2026-11-29'), c('2026-11-30'), c('2026-12-01')], 3],
    ["another member's days", [c('2026-12-05', 'm2'), c('2026-12-04', 'm2')], 0],
  ] as const)('%s', (_name, checkins, streak) => {
    const today = _name === 'across a month end' ? '2026-12-01' : '2026-12-05';
    expect(streakOf(checkins as unknown as ReadingCheckin[], 'm1', today)).toBe(streak);
  });
});

/** Every token of a GFM parse, nested ones included. */
function tokensOf(markdown: string): Token[] {
  const all: Token[] = [];
  marked.walkTokens(marked.lexer(markdown, { gfm: true }), (t) => {
    all.push(t);
  });
  return all;
}

describe('notes in the digest', () => {
  const hostile = [
    '# 读后感',
    '',
    '<script>alert(1)</script> 和 <img src=x onerror=alert(1)>',
    '<div>',
    '块级 HTML',
    '</div>',
    '![封面](https://evil.example/x.png) 与 [链接](javascript:alert(1)) 与 [ref][1]',
    '',
    '[1]: https://evil.example/',
    '',
    '裸链接 https://evil.example/a 和 www.evil.example 和 mail@evil.example 和 <https://evil.example>',
    '\\<i>已转义\\</i> 与 \\\\<b>双反斜杠</b>',
    '`<code>` 与 ![x](y)',
    '    <pre>缩进</pre>',
    '> 引用 [x](y)',
    '- 列表 *强调* **加粗**',
    '  ```',
    '  <u>列表中的代码</u>',
    '结束 <a href="x">a</a>',
  ].join('\n');

  it('leaves no HTML, image or link in a GFM parse of a hostile note', () => {
    const types = new Set(tokensOf(sanitizeNotes(hostile)).map((t) => t.type));
    for (const bad of ['html', 'image', 'link', 'def']) expect(types.has(bad)).toBe(false);
    // …and the hostile note really had them: the test can fail.
    const before = new Set(tokensOf(hostile).map((t) => t.type));
    for (const bad of ['html', 'image', 'link']) expect(before.has(bad)).toBe(true);
  });

  it('keeps the Markdown of an ordinary note: paragraphs, lists, emphasis, quotes', () => {
    const note = '第一段，*强调*，**加粗**。\n\n- 一\n- 二\n\n> 书中的一句话\n\n1. 甲\n2. 乙';
    expect(sanitizeNotes(note)).toBe(note);
    const types = new Set(tokensOf(sanitizeNotes(note)).map((t) => t.type));
    for (const kept of ['paragraph', 'list', 'em', 'strong', 'blockquote']) expect(types.has(kept)).toBe(true);
  });

  it('shows the link text and address as text', () => {
    const paragraph = tokensOf(sanitizeNotes('见 [活着](https://book.example/1)'))[0] as Tokens.Paragraph;
    expect(paragraph.text.replace(/\\/g, '')).toBe('见 [活着](https://book.example/1)');
  });

  it("puts a note's own headings below the digest's member headings", () => {
    expect(sanitizeNotes('# 读后感\n\n正文\n\n##### 小节\n\n```\n# 代码\n```')).toBe('### 读后感\n\n正文\n\n###### 小节\n\n```\n# 代码\n```');
  });

  it('closes a code fence left open, so the next note is not swallowed', () => {
    const out = `${sanitizeNotes('代码\n```\n未关闭')}\n\n## 下一位`;
    expect(tokensOf(out).some((t) => t.type === 'heading' && (t as Tokens.Heading).text === '下一位')).toBe(true);
  });
});

describe('the upgrade to schemaVersion 7', () => {
  it('adds the reading collections and settings, keeping settings already set', async () => {
    const { migrate } = await import('../../src/store/migrations.js');
    const out = migrate({ meta: { schemaVersion: 6, settings: { name: '读书会', 'reading.days': 5 } }, collections: { members: [] } }, 6);
    expect(out.collections).toMatchObject({ books: [], shelves: [], readingTasks: [], readingCheckins: [] });
    expect(out.meta.settings).toMatchObject({ name: '读书会', 'reading.days': 5, 'reading.bigBookDays': 10, 'reading.missesBeforeRemoval': 2, 'points.readingNote': 2 });
  });
});
