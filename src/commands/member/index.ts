import type { Command } from 'commander';
import { collect, leaf } from '../define.js';
import type { Invoke } from '../define.js';

function personalFields(cmd: Command): Command {
  return cmd
    .option('--nick <text>', 'nickname, e.g. the group nickname "荆州+杨洪勇"')
    .option('--email <address>', 'email address')
    .option('--phone <number>', 'phone number, e.g. +86 138 0000 0001')
    .option('--qq <number>', 'QQ number')
    .option('--wechat <id>', 'WeChat id')
    .option('--city <city>', 'city')
    .option('--role <role>', 'member|admin|owner|volunteer|donor')
    .option('--tag <tag>', 'a tag (repeatable, or comma-separated)', collect)
    .option('--note <text>', 'a free-text note');
}

export function registerMemberCommands(program: Command, invoke: Invoke): void {
  const member = program.command('member').description('members and admission: add, apply, approve, warn, remove, list, show');

  personalFields(
    leaf(
      member,
      'add [name]',
      {
        description: 'add an active member (on a terminal without NAME: a short form)',
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
    .option('--joined <date>', 'the date they joined (default: today)')
    .option('--referrer <member>', 'the member who referred them');

  personalFields(
    leaf(
      member,
      'apply <name>',
      {
        description: 'record an application, referred by an active member (status applicant)',
        examples: ['club member apply 李雷 --referrer 王小明 --qq 987654321'],
      },
      invoke,
      () => import('./apply.js'),
    ),
  ).requiredOption('--referrer <member>', 'the active member who refers the applicant');

  leaf(
    member,
    'approve <members...>',
    { description: 'approve applicants: they become active (joined today unless --joined)', examples: ['club member approve 李雷', 'club member approve m7 m8 --joined 2026-03-01'] },
    invoke,
    () => import('./approve.js'),
  ).option('--joined <date>', 'the date they joined (default: today)');

  leaf(
    member,
    'reject <member>',
    { description: 'reject an application', examples: ['club member reject 李雷 --reason "未完成试读"'] },
    invoke,
    () => import('./reject.js'),
  ).option('--reason <text>', 'why (required)');

  leaf(
    member,
    'list',
    {
      description: 'list members',
      csv: true,
      examples: ['club member list', 'club member list --status applicant', 'club member list --tag 读书 --sort joined', 'club member list --search 荆州 --json | jq ".[].id"'],
    },
    invoke,
    () => import('./list.js'),
  )
    .option('--status <status>', 'applicant|active|rejected|left|removed')
    .option('--role <role>', 'member|admin|owner|volunteer|donor')
    .option('--tag <tag>', 'only members with this tag')
    .option('--search <text>', 'text in name, nickname, contact, city, note or tags')
    .option('--sort <key>', 'id|name|joined|points|attendance', 'id');

  leaf(member, 'show <member>', { description: "a member's profile, points, warnings and status history", examples: ['club member show 王小明', 'club member show m3 --json'] }, invoke, () =>
    import('./show.js'),
  );

  personalFields(
    leaf(
      member,
      'edit <member>',
      {
        description: "change a member's details",
        examples: ['club member edit 王小明 --phone "+86 138 0000 0001" --add-tag 主持人', 'club member edit m3 --nick "" --remove-tag 摄影'],
      },
      invoke,
      () => import('./edit.js'),
    ),
  )
    .option('--name <name>', 'new name')
    .option('--add-tag <tag>', 'add a tag (repeatable)', collect)
    .option('--remove-tag <tag>', 'remove a tag (repeatable)', collect)
    .option('--joined <date>', 'correct the join date')
    .option('--referrer <member>', 'set the referrer ("" clears it)');

  leaf(
    member,
    'warn <member>',
    { description: 'record a warning (removal is due after discipline.warningsBeforeRemoval)', examples: ['club member warn 王小明 --reason "连续两次无故缺席"'] },
    invoke,
    () => import('./warn.js'),
  ).option('--reason <text>', 'why (required)');

  leaf(
    member,
    'remove <member>',
    { description: 'a member leaves or is removed; their history is kept', examples: ['club member remove 王小明 --reason "毕业离校"', 'club member remove m9 --status removed --reason "违反群规"'] },
    invoke,
    () => import('./remove.js'),
  )
    .option('--reason <text>', 'why (required)')
    .option('--status <status>', 'left or removed', 'left');

  leaf(member, 'restore <member>', { description: 'undo a removal or rejection', examples: ['club member restore 王小明'] }, invoke, () => import('./restore.js'));

  leaf(
    member,
    'import <file>',
    {
      description: 'import members from an xlsx or CSV roster or form export (UTF-8, UTF-8 with BOM, GBK); all or nothing',
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
    .option('--map <header=field>', 'map a column to a field, or to ignore (repeatable)', collect)
    .option('--encoding <enc>', 'utf8 or gbk (default: detected; CSV only)')
    .option('--sheet <name|n>', 'the sheet of an xlsx workbook to read, by name or number (default: the first)')
    .option('--status <status>', 'the status of rows with no status column: active, or applicant (a sign-up form: applications to approve)')
    .option('--dry-run', 'show what would be added, updated and skipped; change nothing')
    .option('--on-duplicate <action>', 'a row whose email, phone, QQ or WeChat is taken: skip, update or error', 'error');

  leaf(
    member,
    'export',
    {
      description: 'export every member field as CSV (default) or JSON, to stdout or --out FILE (0600)',
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
    .option('--csv', 'CSV (the default)')
    .option('--json', 'JSON: an array of members')
    .option('--out <file>', 'write to FILE (mode 0600) instead of stdout')
    .option('--bom', 'start the CSV with a UTF-8 BOM so spreadsheet programs read CJK correctly')
    .option('--redact', 'mask phone, email, QQ and WeChat (138****0001, m***@example.org)')
    .option('--status <status>', 'only members with this status');

  leaf(
    member,
    'purge <member>',
    { description: "erase a former member's personal data, keeping anonymous counts", examples: ['club member purge m9 --yes'] },
    invoke,
    () => import('./purge.js'),
  ).option('-y, --yes', 'do it without asking');
}
