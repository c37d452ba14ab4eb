import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

function personalFields(cmd: Command): Command {
  return cmd
    .option('--nick <text>', t('member.opt.nick'))
    .option('--email <address>', t('member.opt.email'))
    .option('--phone <number>', t('member.opt.phone'))
    .option('--qq <number>', t('member.opt.qq'))
    .option('--wechat <id>', t('member.opt.wechat'))
    .option('--city <city>', t('member.opt.city'))
    .option('--role <role>', t('member.opt.role'))
    .option('--tag <tag>', t('member.opt.tag'), collect)
    .option('--note <text>', t('member.opt.note'));
}

export function registerMemberCommands(program: Command, invoke: Invoke): void {
  const member = program.command('member').description(t('member.help.group.member'));

  personalFields(
    leaf(
      member,
      'add [name]',
      {
        description: t('member.help.add'),
        examples: [
          'club member add 王小明 --nick "荆州+小明" --qq 123456789 --city 荆州 --tag 读书 --tag 摄影',
          'club member add "Alice Chen" --email alice@example.org --joined 2026-03-01 --role volunteer',
          'club member add',
        ],
      },
      invoke,
      () => import('./add.js'),
    ),
  )
    .option('--joined <date>', t('member.opt.joined'))
    .option('--referrer <member>', t('member.opt.referrer'));

  personalFields(
    leaf(
      member,
      'apply <name>',
      {
        description: t('member.help.apply'),
        examples: ['club member apply 李雷 --referrer 王小明 --qq 987654321'],
      },
      invoke,
      () => import('./apply.js'),
    ),
  ).requiredOption('--referrer <member>', t('member.opt.referrer2'));

  leaf(
    member,
    'approve <members...>',
    { description: t('member.help.approve'), examples: ['club member approve 李雷', 'club member approve m7 m8 --joined 2026-03-01'] },
    invoke,
    () => import('./approve.js'),
  ).option('--joined <date>', t('member.opt.joined'));

  leaf(
    member,
    'reject <member>',
    { description: t('member.help.reject'), examples: ['club member reject 李雷 --reason "未完成试读"'] },
    invoke,
    () => import('./reject.js'),
  ).option('--reason <text>', t('member.opt.reason'));

  leaf(
    member,
    'list',
    {
      description: t('member.help.list'),
      csv: true,
      examples: ['club member list', 'club member list --status applicant', 'club member list --tag 读书 --sort joined', 'club member list --search 荆州 --json | jq ".[].id"'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--status <status>', t('member.opt.status'))
    .option('--role <role>', t('member.opt.role'))
    .option('--tag <tag>', t('member.opt.tag2'))
    .option('--search <text>', t('member.opt.search'))
    .option('--sort <key>', t('member.opt.sort'), 'id');

  leaf(member, 'show <member>', { description: t('member.help.show'), examples: ['club member show 王小明', 'club member show m3 --json'] }, invoke, () =>
    import('./show.js'),
  );

  personalFields(
    leaf(
      member,
      'edit <member>',
      {
        description: t('member.help.edit'),
        examples: ['club member edit 王小明 --phone "+86 138 0000 0001" --add-tag 主持人', 'club member edit m3 --nick "" --remove-tag 摄影'],
      },
      invoke,
      () => import('./edit.js'),
    ),
  )
    .option('--name <name>', t('member.opt.name'))
    .option('--add-tag <tag>', t('member.opt.addTag'), collect)
    .option('--remove-tag <tag>', t('member.opt.removeTag'), collect)
    .option('--joined <date>', t('member.opt.joined2'))
    .option('--referrer <member>', t('member.opt.referrer3'));

  leaf(
    member,
    'warn <member>',
    { description: t('member.help.warn'), examples: ['club member warn 王小明 --reason "连续两次无故缺席"'] },
    invoke,
    () => import('./warn.js'),
  ).option('--reason <text>', t('member.opt.reason'));

  leaf(
    member,
    'remove <member>',
    { description: t('member.help.remove'), examples: ['club member remove 王小明 --reason "毕业离校"', 'club member remove m9 --status removed --reason "违反群规"'] },
    invoke,
    () => import('./remove.js'),
  )
    .option('--reason <text>', t('member.opt.reason'))
    .option('--status <status>', t('member.opt.status2'), 'left');

  leaf(member, 'restore <member>', { description: t('member.help.restore'), examples: ['club member restore 王小明'] }, invoke, () => import('./restore.js'));

  leaf(
    member,
    'import <file>',
    {
      description: t('member.help.import'),
      examples: [
        'club member import 花名册.xlsx --dry-run',
        'club member import 报名表.xlsx --status applicant',
        'club member import 报名表.csv --on-duplicate skip',
        'club member import roster.csv --map "Full Name=name" --map "序号=ignore"',
        'club member import old.csv --encoding gbk --on-duplicate update',
      ],
    },
    invoke,
    () => import('./import.js'),
  )
    .option('--map <header=field>', t('member.opt.map'), collect)
    .option('--encoding <enc>', t('member.opt.encoding'))
    .option('--sheet <name|n>', t('member.opt.sheet'))
    .option('--status <status>', t('member.opt.status3'))
    .option('--dry-run', t('member.opt.dryRun'))
    .option('--on-duplicate <action>', t('member.opt.onDuplicate'), 'error');

  leaf(
    member,
    'export',
    {
      description: t('member.help.export'),
      json: false,
      examples: [
        'club member export --out members.csv --bom        # for Excel/WPS',
        'club member export --json --out members.json',
        'club member export --redact --status active > 名单.csv',
      ],
    },
    invoke,
    () => import('./export.js'),
  )
    .option('--csv', t('member.opt.csv'))
    .option('--json', t('member.opt.json'))
    .option('--out <file>', t('member.opt.out'))
    .option('--bom', t('member.opt.bom'))
    .option('--redact', t('member.opt.redact'))
    .option('--status <status>', t('member.opt.status4'));

  leaf(
    member,
    'purge <member>',
    { description: t('member.help.purge'), examples: ['club member purge m9 --yes'] },
    invoke,
    () => import('./purge.js'),
  ).option('-y, --yes', t('member.opt.yes'));
}
