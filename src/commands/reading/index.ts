import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerReadingCommands(program: Command, invoke: Invoke): void {
  const book = program.command('book').description(t('reading.help.book'));
  leaf(book, 'add <title>', { description: t('reading.help.bookAdd'), examples: ['club book add 活着 --author 余华 --pages 191', 'club book add "百年孤独" --pages 360 --big --tag 小说'] }, invoke, () => import('./book-add.js'))
    .option('--author <text>', t('reading.help.author'))
    .option('--pages <n>', t('reading.help.pages'))
    .option('--big', t('reading.help.big'))
    .option('--tag <tag>', t('reading.help.tag'), collect);
  leaf(book, 'list', { description: t('reading.help.bookList'), csv: true, examples: ['club book list', 'club book list --json'] }, invoke, () => import('./book-list.js'));
  leaf(book, 'shelf [books...]', { description: t('reading.help.shelf'), examples: ['club book shelf', 'club book shelf --week 2026-W49 b1 b2 b3 b4 b5'] }, invoke, () =>
    import('./book-shelf.js'),
  ).option('--week <week>', t('reading.help.week'));

  const reading = program.command('reading').description(t('reading.help.group'));
  leaf(reading, 'start <member> <book>', { description: t('reading.help.start'), examples: ['club reading start 雅风 活着', 'club reading start m3 b2 --date 2026-11-29'] }, invoke, () =>
    import('./start.js'),
  ).option('--date <date>', t('reading.help.startDate'));
  leaf(reading, 'done <member> <book>', { description: t('reading.help.done'), examples: ['club reading done 雅风 活着 --notes notes.md', 'club reading done m3 b2 --date yesterday'] }, invoke, () =>
    import('./done.js'),
  )
    .option('--notes <file>', t('reading.help.notesFile'))
    .option('--date <date>', t('reading.help.doneDate'));
  leaf(reading, 'undone <member> <book>', { description: t('reading.help.undone'), examples: ['club reading undone 雅风 活着'] }, invoke, () =>
    import('./undone.js'),
  );
  leaf(reading, 'status', { description: t('reading.help.status'), csv: true, examples: ['club reading status', 'club reading status --week 2026-W49 --json'] }, invoke, () =>
    import('./status.js'),
  ).option('--week <week>', t('reading.help.week'));
  leaf(reading, 'notes [member]', { description: t('reading.help.notes'), json: true, examples: ['club reading notes --from 2026-11-30 --to 2026-12-07', 'club reading notes 雅风'] }, invoke, () =>
    import('./notes.js'),
  )
    .option('--from <date>', t('reading.help.from'))
    .option('--to <date>', t('reading.help.to'));
  leaf(reading, 'import <chatlog>', { description: t('reading.help.import'), examples: ['club reading import 群聊.txt', 'club reading import chat.txt --keyword 打卡 --map "荆州+老杨=杨洪勇"'] }, invoke, () =>
    import('./import.js'),
  )
    .option('--keyword <text>', t('reading.help.keyword'), '打卡')
    .option('--map <nick=member>', t('reading.help.map'), collect)
    .option('--encoding <name>', t('reading.help.encoding'))
    .option('--dry-run', t('reading.help.dryRun'));
}
