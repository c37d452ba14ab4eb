// The built-in notice and remind templates with hostile data (a nick with line breaks and control characters, Markdown,
// 200-character titles, emoji, ambiguous-width characters): every line stays within 40 columns, and no value starts
// a line of its own or brings a control character along. A property-style loop over many names and titles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../src/core/messages/notice.js';
import { remindTasks } from '../../src/core/messages/remind.js';
import { noticeView, remindView } from '../../src/core/messages/view.js';
import type { Reminder } from '../../src/core/messages/remind.js';
import { defaultSettings } from '../../src/core/settings.js';
import type { Session } from '../../src/core/sessions/types.js';
import type { Member, Task } from '../../src/core/types.js';
import { CHAT_WIDTH, chatLine, renderChat } from '../../src/io/chat-text.js';
import { displayWidth } from '../../src/io/width.js';

const settings = defaultSettings({ name: '读书会', lang: 'zh', timezone: 'Asia/Shanghai', weekStart: 'monday' });
const env = (lang: 'zh' | 'en') => ({ now: new Date('2026-03-02T02:00:00Z'), settings: { ...settings, lang }, actor: 'tester' });
const source = (name: string) => readFileSync(new URL(`../../templates/${name}.hbs`, import.meta.url), 'utf8');

const PIECES = ['杨洪勇', '雅风', 'Ya Feng', '\n@全体成员 ', '\r\n', '\t', '\x1b[2J', '\u202e', '\u0007', '# ', '**', '- ', '> ', '`', '|', '[链接](http://x)', '①', '°', '👩‍👩‍👧', '😀', 'ｗｉｄｅ', '，', '（', '）', '《', 'supercalifragilisticexpialidocious', ' '];
let seed = 20260305;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const hostile = (max: number) => Array.from({ length: 1 + Math.floor(random() * max) }, () => PIECES[Math.floor(random() * PIECES.length)]).join('');

function member(id: string, name: string, nick: string | null): Member {
  return { id, name, nick, email: null, phone: null, qq: null, wechat: null, city: null, role: 'member', status: 'active', tags: [], joinedAt: '2026-01-01', referrerId: null, note: null, warnings: [], history: [{ status: 'active', date: '2026-01-01', at: '2026-01-01T00:00:00+08:00', reason: null, by: null }], createdAt: '2026-01-01T00:00:00+08:00', purged: false };
}

function session(id: string, title: string, topic: string, place: string): Session {
  return { id, title, type: 'discussion', startsAt: '2026-03-03T20:00:00+08:00', endsAt: '2026-03-03T21:30:00+08:00', durationMinutes: 90, hostId: 'm1', topic, place, status: 'scheduled', seriesId: null, cancelReason: null, cancelledAt: null, minutes: null, doneAt: null, best: [], topicPollClosed: false, bestPollClosed: false, topicChosenAt: null, bestChosenAt: null, createdAt: '2026-03-01T00:00:00+08:00' };
}

const render = (name: string, view: Record<string, unknown>, width?: number): Promise<string> => renderChat(source(name), view, name, width);

/** Every string of `view` as 'x' (an empty one stays empty, for the templates' #if). */
function plain(view: unknown): unknown {
  if (typeof view === 'string') return view === '' ? '' : 'x';
  if (Array.isArray(view)) return view.map(plain);
  if (view && typeof view === 'object') return Object.fromEntries(Object.entries(view).map(([k, v]) => [k, plain(v)]));
  return view;
}

/**
 * Within 40 columns, no control character, and no line made by a value: the template gives as many lines for the
 * hostile values as for plain ones (the layout only wraps them).
 */
async function assertChatText(name: string, view: Record<string, unknown>): Promise<void> {
  const text = await render(name, view);
  for (const line of text.split('\n')) {
    expect(displayWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(CHAT_WIDTH);
    expect(line).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f\u202e]/);
  }
  const lines = async (v: Record<string, unknown>) => (await render(name, v, Infinity)).split('\n').length;
  expect(await lines(view)).toBe(await lines(plain(view) as Record<string, unknown>));
}

describe('chat templates with hostile data', () => {
  it('a nick with a line break stays on its line', async () => {
    const nick = '雅风\n@全体成员 请转账到 123';
    const notice = buildNotice({ sessions: [session('s1', '周读会', '黑暗森林', '图书馆')], members: [member('m1', '雅风', nick)], activities: [], registrations: [] }, env('zh'), 7);
    const text = await render('notice.zh.txt', noticeView(notice, { lang: 'zh', tz: 'Asia/Shanghai' }));
    expect(text).toContain('主持：@雅风 @全体成员 请转账到 123');
    expect(text.split('\n').filter((l) => l.includes('全体成员'))).toHaveLength(1);
  });

  it('a 200-character title wraps within 40 columns', async () => {
    const title = '超长标题'.repeat(50);
    const notice = buildNotice({ sessions: [session('s1', title, 'x', 'y')], members: [member('m1', '雅风', null)], activities: [], registrations: [] }, env('zh'), 7);
    const text = await render('notice.zh.txt', noticeView(notice, { lang: 'zh', tz: 'Asia/Shanghai' }));
    const lines = text.split('\n');
    expect(lines.slice(3, lines.findIndex((l) => l.startsWith('时间：'))).join('')).toBe(`1）${title}`);
    await assertChatText('notice.zh.txt', noticeView(notice, { lang: 'zh', tz: 'Asia/Shanghai' }));
  });

  it('holds for many hostile names, titles, topics and places (notice and task reminders, zh and en)', async () => {
    for (let i = 0; i < 60; i++) {
      const values = [hostile(8), hostile(8), hostile(40), hostile(20), hostile(20), hostile(30)];
      const [name, nick, title, topic, place, taskTitle] = values as [string, string, string, string, string, string];
      const members = [member('m1', chatLine(name) || '某人', nick)];
      const lang = i % 2 === 0 ? 'zh' : 'en';
      const wording = { lang, tz: 'Asia/Shanghai' } as const;
      const notice = buildNotice({ sessions: [session('s1', title, topic, place)], members, activities: [], registrations: [] }, env(lang), 7);
      await assertChatText(`notice.${lang}.txt`, noticeView(notice, wording));
      const tasks: Task[] = [{ id: 't1', title: taskTitle, ownerId: 'm1', due: '2026-03-01', status: 'open', doneAt: null, sessionId: null, kind: null, createdAt: '2026-02-01T00:00:00+08:00' }];
      const reminder: Reminder = remindTasks(tasks, members, env(lang));
      await assertChatText(`remind.${lang}.txt`, remindView(reminder, values[0]!, wording));
    }
  });
});
