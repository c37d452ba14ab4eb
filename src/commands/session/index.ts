import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

function sessionFields(cmd: Command): Command {
  return cmd
    .option('--type <type>', 'discussion|reading|training|social|competition|exhibition|other')
    .option('--duration <minutes>', 'length in minutes (default 90)')
    .option('--host <member>', 'the member who hosts it')
    .option('--topic <text>', 'the topic')
    .option('--place <text>', 'where: a room, an address, "QQ群" …')
    .option('--audience <who>', t('audience.option'));
}

export function registerSessionCommands(program: Command, invoke: Invoke): void {
  const session = program.command('session').description('sessions: meetings and activities, one-off or recurring');

  sessionFields(
    leaf(
      session,
      'add <title>',
      {
        description: 'schedule a session, or a recurring series',
        examples: [
          'club session add "周二读书会" --at "2026-03-03 21:30" --type reading --place QQ群',
          'club session add "读书会" --at "2026-03-03 21:30" --repeat weekly --on tue,thu --until 2026-03-31',
          'club session add "笔记分享" --at "2026-03-07 10:00" --repeat weekly --count 4 --type discussion',
          'club session add "Monthly social" --at "2026-03-14 19:00" --repeat monthly --count 6 --type social',
          'club session add "志愿者培训" --at "2026-03-21 14:00" --type training --audience role:volunteer',
        ],
      },
      invoke,
      () => import('./add.js'),
    ),
  )
    .requiredOption('--at <datetime>', 'start, e.g. "2026-03-03 21:30" (club time zone)')
    .option('--repeat <rule>', 'weekly, biweekly or monthly')
    .option('--on <days>', 'weekdays for weekly/biweekly: mon,thu or 周二,周四 (default: the day of --at)')
    .option('--until <date>', 'last date of the series (inclusive)')
    .option('--count <n>', 'number of sessions in the series');

  leaf(
    session,
    'list',
    {
      description: 'list sessions with their attendance',
      csv: true,
      examples: ['club session list --upcoming', 'club session list --from 2026-03-01 --to 2026-04-01 --type reading', 'club session list --status done --json'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--from <date>', 'sessions starting on or after this date')
    .option('--to <date>', 'sessions starting before this date')
    .option('--upcoming', 'only scheduled sessions that have not started')
    .option('--type <type>', 'only this type')
    .option('--status <status>', 'scheduled|done|cancelled');

  leaf(session, 'show <session>', { description: 'details and the attendance sheet', examples: ['club session show s12', 'club session show s12 --json'] }, invoke, () =>
    import('./show.js'),
  );

  sessionFields(
    leaf(
      session,
      'edit <session>',
      { description: 'change a session', examples: ['club session edit s12 --topic "《活着》第三章" --host 雅风', 'club session edit s12 --at "2026-03-05 20:00"', 'club session edit s14 --audience registered'] },
      invoke,
      () => import('./edit.js'),
    ),
  )
    .option('--title <title>', 'new title')
    .option('--at <datetime>', 'new start (the duration is kept)');

  leaf(
    session,
    'cancel <session>',
    { description: 'cancel a session (it counts for nothing; points it gave are reversed)', examples: ['club session cancel s12 --reason "国庆放假"'] },
    invoke,
    () => import('./cancel.js'),
  ).option('--reason <text>', 'why');

  leaf(
    session,
    'done <session>',
    { description: 'mark a session as held (the host earns points.host), keeping its minutes', examples: ['club session done s12', 'club session done s12 --minutes 纪要.md'] },
    invoke,
    () => import('./done.js'),
  ).option('--minutes <file>', 'a text or Markdown file with the minutes');

  const checkin = leaf(
    program,
    'checkin <session> [members...]',
    {
      description: 'check members in (present, or late after attendance.lateAfterMinutes); again changes the record',
      examples: [
        'club checkin s12 杨洪勇 雅风 m7',
        'club checkin s12 m9 --status late',
        'club checkin s12 --from-file present.txt',
        'cat present.txt | club checkin s12 --from-file -',
        'club checkin s12 --from-file 接龙.txt     # a WeChat 接龙 list: 1. 杨洪勇 / 2、雅风 …',
        'club checkin s12 雅风 --at "2026-03-03 21:50"',
        'club checkin s12            # at a terminal: a searchable checklist of active members',
      ],
    },
    invoke,
    () => import('../checkin/checkin.js'),
  )
    .option('--status <status>', 'present|late|excused|absent (default: by the check-in time)')
    .option('--at <datetime>', t('checkin.atOption'))
    .option('--from-file <file>', t('checkin.fromFileOption'))
    .option('--force', t('checkin.forceOption'));

  leaf(
    checkin,
    'import <session> <chatlog>',
    {
      description: 'check in from a QQ group chat export: first message from --from-minutes (15) before the start to the end',
      examples: ['club checkin import s12 群聊记录.txt --keyword 签到', 'club checkin import s12 chat.txt --map "小杨=杨洪勇" --dry-run'],
    },
    invoke,
    () => import('../checkin/import.js'),
  )
    .option('--keyword <word>', 'only messages containing this word count')
    .option('--from-minutes <n>', t('checkin.fromMinutesOption'), '15')
    .option('--map <nick=member>', 'resolve a sender the matching missed (repeatable)', collect)
    .option('--dry-run', 'show the sheet it would record; change nothing')
    .option('--encoding <enc>', 'utf8 or gbk (default: detected)');

  leaf(
    program,
    'leave <member>',
    { description: 'record an excused absence (at most leave.perWeek a week unless --force)', examples: ['club leave 雅风 --session s12 --reason "出差"', 'club leave m7 --session s13 --reason "考试" --force'] },
    invoke,
    () => import('../checkin/leave.js'),
  )
    .requiredOption('--session <session>', 'the session')
    .option('--reason <text>', 'why (required)')
    .option('--force', t('checkin.leaveForceOption'));

  leaf(
    program,
    'attendance',
    {
      description: 'attended/expected and rate per member over held sessions',
      csv: true,
      examples: ['club attendance --from 2026-03-01 --to 2026-04-01', 'club attendance --below 50', 'club attendance --member 雅风 --json'],
    },
    invoke,
    () => import('../checkin/attendance.js'),
  )
    .option('--member <member>', 'only this member')
    .option('--from <date>', 'sessions starting on or after this date')
    .option('--to <date>', 'sessions starting before this date')
    .option('--below <percent>', 'only members whose rate is below PERCENT (the at-risk list)');

  const topic = program.command('topic').description('topic votes: propose, vote, close (the winner becomes the session topic)');
  leaf(topic, 'propose <session> <topics...>', { description: 'propose topics (--by M: the member proposing)', examples: ['club topic propose s13 "《活着》" "《三体》" --by 杨洪勇'] }, invoke, () =>
    import('../votes/topic-propose.js'),
  );
  leaf(topic, 'vote <session> <n>', { description: 'vote for topic N (--by M: the member voting; once per session)', examples: ['club topic vote s13 2 --by 雅风'] }, invoke, () =>
    import('../votes/topic-vote.js'),
  ).option('--force', t('checkin.voteForceOption'));
  leaf(topic, 'list <session>', { description: 'the proposed topics and their counted votes', csv: true, examples: ['club topic list s13'] }, invoke, () => import('../votes/topic-list.js'));
  leaf(topic, 'close <session>', { description: 'close the vote: the topic with most votes becomes the topic', examples: ['club topic close s13'] }, invoke, () =>
    import('../votes/topic-close.js'),
  );

  const best = program.command('best').description('best-performer votes');
  leaf(best, 'vote <session> <member>', { description: 'vote for the best performer (--by M: the member voting)', examples: ['club best vote s12 雅风 --by 杨洪勇'] }, invoke, () =>
    import('../votes/best-vote.js'),
  ).option('--force', t('checkin.voteForceOption'));
  leaf(best, 'close <session>', { description: 'close the vote; the most-voted earn points.bestPerformer', examples: ['club best close s12'] }, invoke, () =>
    import('../votes/best-close.js'),
  );
  leaf(best, 'set <session> <members...>', { description: "the admin's choice, replacing the vote", examples: ['club best set s12 雅风'] }, invoke, () =>
    import('../votes/best-set.js'),
  ).option('--force', t('checkin.voteForceOption'));

  const exp = program.command('export').description('export data for other programs');
  leaf(
    exp,
    'ics',
    { description: 'sessions as an iCalendar file (RFC 5545) for calendar programs', json: false, examples: ['club export ics --out club.ics', 'club export ics --from 2026-03-01 --to 2026-06-01 > spring.ics'] },
    invoke,
    () => import('../export/ics.js'),
  )
    .option('--from <date>', 'sessions starting on or after this date')
    .option('--to <date>', 'sessions starting before this date')
    .option('--out <file>', 'write to FILE instead of stdout');
}
