import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerReadingCommands(program: Command, invoke: Invoke): void {
  const book = program.command('book').description('the reading plan: books and the weekly shelf');
  leaf(book, 'add <title>', { description: 'add a book', examples: ['club book add 活着 --author 余华 --pages 191', 'club book add "百年孤独" --pages 360 --big --tag 小说'] }, invoke, () => import('./book-add.js'))
    .option('--author <text>', 'who wrote it')
    .option('--pages <n>', 'how many pages')
    .option('--big', 'a big book: reading.bigBookDays to read it')
    .option('--tag <tag>', 'a tag (repeatable)', collect);
  leaf(book, 'list', { description: 'list the books', csv: true, examples: ['club book list', 'club book list --json'] }, invoke, () => import('./book-list.js'));
  leaf(book, 'shelf [books...]', { description: "show the week's recommended books, or set them (five, by id or exact title)", examples: ['club book shelf', 'club book shelf --week 2026-W49 b1 b2 b3 b4 b5'] }, invoke, () =>
    import('./book-shelf.js'),
  ).option('--week <week>', 'the week, YYYY-Www (default: this week)');

  const reading = program.command('reading').description('the reading plan: tasks, notes, daily check-ins');
  leaf(reading, 'start <member> <book>', { description: 'a member starts reading a book: due in reading.days (reading.bigBookDays for a big book)', examples: ['club reading start 雅风 活着', 'club reading start m3 b2 --date 2026-11-29'] }, invoke, () =>
    import('./start.js'),
  ).option('--date <date>', 'the day reading began (default: today)');
  leaf(reading, 'done <member> <book>', { description: 'a member finished a book, with reading notes from a file or stdin (-)', examples: ['club reading done 雅风 活着 --notes notes.md', 'club reading done m3 b2 --date yesterday'] }, invoke, () =>
    import('./done.js'),
  )
    .option('--notes <file>', 'the reading notes (Markdown); - reads stdin')
    .option('--date <date>', 'when it was finished (default: now)');
  leaf(reading, 'undone <member> <book>', { description: 'open a task marked done by mistake again (its note points are reversed)', examples: ['club reading undone 雅风 活着'] }, invoke, () =>
    import('./undone.js'),
  );
  leaf(reading, 'status', { description: "each active member's current book, due date, streak and misses", csv: true, examples: ['club reading status', 'club reading status --week 2026-W49 --json'] }, invoke, () =>
    import('./status.js'),
  ).option('--week <week>', 'the week, YYYY-Www (default: this week)');
  leaf(reading, 'notes [member]', { description: 'the reading notes handed in, as a Markdown digest (the Saturday share)', json: true, examples: ['club reading notes --from 2026-11-30 --to 2026-12-07', 'club reading notes 雅风'] }, invoke, () =>
    import('./notes.js'),
  )
    .option('--from <date>', 'notes handed in from this day')
    .option('--to <date>', 'until this day (left out)');
  leaf(reading, 'import <chatlog>', { description: 'daily 打卡 check-ins from a QQ group chat export', examples: ['club reading import 群聊.txt', 'club reading import chat.txt --keyword 打卡 --map "荆州+老杨=杨洪勇"'] }, invoke, () =>
    import('./import.js'),
  )
    .option('--keyword <text>', 'the word a check-in message holds', '打卡')
    .option('--map <nick=member>', 'match a chat name, QQ or email to a member (repeatable)', collect)
    .option('--encoding <name>', 'the file\'s encoding (utf8, gbk, gb18030, utf16le, utf16be; default: detected)')
    .option('--dry-run', 'show what would be recorded, change nothing');
}
