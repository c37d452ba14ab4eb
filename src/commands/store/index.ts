import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerStoreCommands(program: Command, invoke: Invoke): void {
  leaf(
    program,
    'init',
    {
      description: 'create a club store (.club/ here, at --store DIR, or in a PostgreSQL database: --store postgres://…)',
      examples: [
        'club init --name "周二读书会" --lang zh --timezone Asia/Shanghai',
        'club init --store ~/clubs/robotics --name "Robotics Society" --lang en',
        'club init --store postgres://clubowner@db.example.org/readers --name "读书会" --lang zh --link',
      ],
    },
    invoke,
    () => import('./init.js'),
  )
    .option('--name <name>', 'club name (default: the folder name)')
    .option('--lang <lang>', 'report language: zh or en (default: from $LANG)')
    .option('--timezone <zone>', "IANA time zone (default: the system's)")
    .option('--week-start <day>', 'monday (ISO weeks) or sunday', 'monday')
    .option('--owner <login>', "with a database: the login that becomes the club's owner (default: you)")
    .option('--link', 'with a database: also write .club/ here pointing at it, so plain club commands use it');

  leaf(
    program,
    'demo [dir]',
    {
      description: 'create a sample club with three months of activity in DIR (default ./club-demo)',
      examples: ['club demo', 'club demo /tmp/my-demo && cd /tmp/my-demo && club report monthly'],
    },
    invoke,
    () => import('./demo.js'),
  );

  const config = program.command('config').description('show and change settings');
  leaf(config, 'list', { description: 'list every setting with its value', csv: true, examples: ['club config list', 'club config list --json'] }, invoke, () =>
    import('../config/list.js'),
  );
  leaf(config, 'get <key>', { description: 'print one setting', examples: ['club config get leave.perWeek'] }, invoke, () => import('../config/get.js'));
  leaf(
    config,
    'set <key> <value>',
    { description: 'change a setting', examples: ['club config set leave.perWeek 2', 'club config set targets.participationRate 75%', 'club config set timezone Asia/Shanghai'] },
    invoke,
    () => import('../config/set.js'),
  );

  leaf(
    program,
    'check',
    { description: 'validate the store and print record counts (exit 0 valid, 3 invalid)', examples: ['club check', 'club check --json', 'club check --repair', 'club check --head "$(cat audit-head.txt)"'] },
    invoke,
    () => import('./check.js'),
  )
    .option('--repair', 'first rebuild roster.json, presence.json and balances.json from their records where they are missing, damaged or disagree')
    .option('--head <hash>', 'a database store: also check that the audit chain still reaches this hash (from club log --head)');
  leaf(
    program,
    'backup',
    { description: 'write a consistent single-file copy of the store', examples: ['club backup', 'club backup --out ~/backups/club-$(date +%F).json'] },
    invoke,
    () => import('./backup.js'),
  ).option('--out <file>', 'where to write it (default: .club/backups/backup-<time>.json)');
  leaf(
    program,
    'restore <file>',
    {
      description: 'restore a club backup into a new store (./.club, or --store DIR); never over an existing store',
      examples: ['club restore ~/backups/club-2026-03-01.json --store ~/clubs/restored', 'mkdir new && cd new && club restore ../backup.json'],
    },
    invoke,
    () => import('./restore.js'),
  );
  leaf(
    program,
    'log',
    { description: 'print the audit log: who changed what, when', examples: ['club log --limit 20', 'club log --member 王小明', 'club log --json | jq ".[-1]"', 'club log --head > audit-head.txt'], csv: true },
    invoke,
    () => import('./log.js'),
  )
    .option('--limit <n>', 'only the last N entries')
    .option('--member <ref>', 'only changes that touched this member')
    .option('--head', 'a database store: print only the latest audit hash, to keep elsewhere for club check --head');
}
