import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

function sessionFields(cmd: Command): Command {
  return cmd
    .option('--type <type>', t('session.opt.type'))
    .option('--duration <minutes>', t('session.opt.duration'))
    .option('--host <member>', t('session.opt.host'))
    .option('--topic <text>', t('session.opt.topic'))
    .option('--place <text>', t('session.opt.place'))
    .option('--audience <who>', t('audience.option'));
}

export function registerSessionCommands(program: Command, invoke: Invoke): void {
  const session = program.command('session').description(t('session.help.group.session'));

  sessionFields(
    leaf(
      session,
      'add <title>',
      {
        description: t('session.help.add'),
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
    .requiredOption('--at <datetime>', t('session.opt.at'))
    .option('--repeat <rule>', t('session.opt.repeat'))
    .option('--on <days>', t('session.opt.on'))
    .option('--until <date>', t('session.opt.until'))
    .option('--count <n>', t('session.opt.count'));

  leaf(
    session,
    'list',
    {
      description: t('session.help.list'),
      csv: true,
      examples: ['club session list --upcoming', 'club session list --from 2026-03-01 --to 2026-04-01 --type reading', 'club session list --status done --json'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--from <date>', t('session.opt.from'))
    .option('--to <date>', t('session.opt.to'))
    .option('--upcoming', t('session.opt.upcoming'))
    .option('--type <type>', t('session.opt.type2'))
    .option('--status <status>', t('session.opt.status'));

  leaf(session, 'show <session>', { description: t('session.help.show'), examples: ['club session show s12', 'club session show s12 --json'] }, invoke, () =>
    import('./show.js'),
  );

  sessionFields(
    leaf(
      session,
      'edit <session>',
      { description: t('session.help.edit'), examples: ['club session edit s12 --topic "《活着》第三章" --host 雅风', 'club session edit s12 --at "2026-03-05 20:00"', 'club session edit s14 --audience registered'] },
      invoke,
      () => import('./edit.js'),
    ),
  )
    .option('--title <title>', t('session.opt.title'))
    .option('--at <datetime>', t('session.opt.at2'));

  leaf(
    session,
    'cancel <session>',
    { description: t('session.help.cancel'), examples: ['club session cancel s12 --reason "国庆放假"'] },
    invoke,
    () => import('./cancel.js'),
  ).option('--reason <text>', t('session.opt.reason'));

  leaf(
    session,
    'done <session>',
    { description: t('session.help.done'), examples: ['club session done s12', 'club session done s12 --minutes 纪要.md'] },
    invoke,
    () => import('./done.js'),
  ).option('--minutes <file>', t('session.opt.minutes'));

  const checkin = leaf(
    program,
    'checkin <session> [members...]',
    {
      description: t('session.help.program.checkin'),
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
    .option('--status <status>', t('session.opt.status2'))
    .option('--at <datetime>', t('checkin.atOption'))
    .option('--from-file <file>', t('checkin.fromFileOption'))
    .option('--force', t('checkin.forceOption'));

  leaf(
    checkin,
    'import <session> <chatlog>',
    {
      description: t('session.help.checkin.import'),
      examples: ['club checkin import s12 群聊记录.txt --keyword 签到', 'club checkin import s12 chat.txt --map "小杨=杨洪勇" --dry-run'],
    },
    invoke,
    () => import('../checkin/import.js'),
  )
    .option('--keyword <word>', t('session.opt.keyword'))
    .option('--from-minutes <n>', t('checkin.fromMinutesOption'), '15')
    .option('--map <nick=member>', t('session.opt.map'), collect)
    .option('--dry-run', t('session.opt.dryRun'))
    .option('--encoding <enc>', t('session.opt.encoding'));

  leaf(
    program,
    'leave <member>',
    { description: t('session.help.program.leave'), examples: ['club leave 雅风 --session s12 --reason "出差"', 'club leave m7 --session s13 --reason "考试" --force'] },
    invoke,
    () => import('../checkin/leave.js'),
  )
    .requiredOption('--session <session>', t('session.opt.session'))
    .option('--reason <text>', t('session.opt.reason2'))
    .option('--force', t('checkin.leaveForceOption'));

  leaf(
    program,
    'attendance',
    {
      description: t('session.help.program.attendance'),
      csv: true,
      examples: ['club attendance --from 2026-03-01 --to 2026-04-01', 'club attendance --below 50', 'club attendance --member 雅风 --json'],
    },
    invoke,
    () => import('../checkin/attendance.js'),
  )
    .option('--member <member>', t('session.opt.member'))
    .option('--from <date>', t('session.opt.from'))
    .option('--to <date>', t('session.opt.to'))
    .option('--below <percent>', t('session.opt.below'));

  const topic = program.command('topic').description(t('session.help.group.topic'));
  leaf(topic, 'propose <session> <topics...>', { description: t('session.help.topic.propose'), examples: ['club topic propose s13 "《活着》" "《三体》" --by 杨洪勇'] }, invoke, () =>
    import('../votes/topic-propose.js'),
  );
  leaf(topic, 'vote <session> <n>', { description: t('session.help.topic.vote'), examples: ['club topic vote s13 2 --by 雅风'] }, invoke, () =>
    import('../votes/topic-vote.js'),
  ).option('--force', t('checkin.voteForceOption'));
  leaf(topic, 'list <session>', { description: t('session.help.topic.list'), csv: true, examples: ['club topic list s13'] }, invoke, () => import('../votes/topic-list.js'));
  leaf(topic, 'close <session>', { description: t('session.help.topic.close'), examples: ['club topic close s13'] }, invoke, () =>
    import('../votes/topic-close.js'),
  );

  const best = program.command('best').description(t('session.help.group.best'));
  leaf(best, 'vote <session> <member>', { description: t('session.help.best.vote'), examples: ['club best vote s12 雅风 --by 杨洪勇'] }, invoke, () =>
    import('../votes/best-vote.js'),
  ).option('--force', t('checkin.voteForceOption'));
  leaf(best, 'close <session>', { description: t('session.help.best.close'), examples: ['club best close s12'] }, invoke, () =>
    import('../votes/best-close.js'),
  );
  leaf(best, 'set <session> <members...>', { description: t('session.help.best.set'), examples: ['club best set s12 雅风'] }, invoke, () =>
    import('../votes/best-set.js'),
  ).option('--force', t('checkin.voteForceOption'));

  const exp = program.command('export').description(t('session.help.group.export'));
  leaf(
    exp,
    'ics',
    { description: t('session.help.exp.ics'), json: false, examples: ['club export ics --out club.ics', 'club export ics --from 2026-03-01 --to 2026-06-01 > spring.ics'] },
    invoke,
    () => import('../export/ics.js'),
  )
    .option('--from <date>', t('session.opt.from'))
    .option('--to <date>', t('session.opt.to'))
    .option('--out <file>', t('session.opt.out'));
}
