import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerStoreCommands(program: Command, invoke: Invoke): void {
  leaf(
    program,
    'init',
    {
      description: t('store.help.program.init'),
      examples: [
        'club init --name "周二读书会" --lang zh --timezone Asia/Shanghai',
        'club init --store ~/clubs/robotics --name "Robotics Society" --lang en',
        'club init --store postgres://clubowner@db.example.org/readers --name "读书会" --lang zh --link',
      ],
    },
    invoke,
    () => import('./init.js'),
  )
    .option('--name <name>', t('store.opt.name'))
    .option('--lang <lang>', t('store.opt.lang'))
    .option('--timezone <zone>', t('store.opt.timezone'))
    .option('--week-start <day>', t('store.opt.weekStart'), 'monday')
    .option('--owner <login>', t('store.opt.owner'))
    .option('--link', t('store.opt.link'));

  leaf(
    program,
    'demo [dir]',
    {
      description: t('store.help.program.demo'),
      examples: ['club demo', 'club demo /tmp/my-demo && cd /tmp/my-demo && club report monthly'],
    },
    invoke,
    () => import('./demo.js'),
  );

  const config = program.command('config').description(t('store.help.group.config'));
  leaf(config, 'list', { description: t('store.help.config.list'), csv: true, examples: ['club config list', 'club config list --json'] }, invoke, () =>
    import('../config/list.js'),
  );
  leaf(config, 'get <key>', { description: t('store.help.config.get'), examples: ['club config get leave.perWeek'] }, invoke, () => import('../config/get.js'));
  leaf(
    config,
    'set <key> <value>',
    { description: t('store.help.config.set'), examples: ['club config set leave.perWeek 2', 'club config set targets.participationRate 75%', 'club config set timezone Asia/Shanghai'] },
    invoke,
    () => import('../config/set.js'),
  );

  leaf(
    program,
    'check',
    { description: t('store.help.program.check'), examples: ['club check', 'club check --json', 'club check --repair', 'club check --head "$(cat audit-head.txt)"'] },
    invoke,
    () => import('./check.js'),
  )
    .option('--repair', t('store.opt.repair'))
    .option('--head <hash>', t('store.opt.head'));
  leaf(
    program,
    'backup',
    { description: t('store.help.program.backup'), examples: ['club backup', 'club backup --out ~/backups/club-$(date +%F).json'] },
    invoke,
    () => import('./backup.js'),
  ).option('--out <file>', t('store.opt.out'));
  leaf(
    program,
    'restore <file>',
    {
      description: t('store.help.program.restore'),
      examples: ['club restore ~/backups/club-2026-03-01.json --store ~/clubs/restored', 'mkdir new && cd new && club restore ../backup.json'],
    },
    invoke,
    () => import('./restore.js'),
  );
  leaf(
    program,
    'log',
    { description: t('store.help.program.log'), examples: ['club log --limit 20', 'club log --member 王小明', 'club log --json | jq ".[-1]"', 'club log --head > audit-head.txt'], csv: true },
    invoke,
    () => import('./log.js'),
  )
    .option('--limit <n>', t('store.opt.limit'))
    .option('--member <ref>', t('store.opt.member'))
    .option('--head', t('store.opt.head2'));
}
