// Donors, donations, thank-you letters, the money report and the ledger export (SPEC §10, §14 "Money").
import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerMoneyCommands(program: Command, invoke: Invoke): void {
  const donor = program.command('donor').description(t('donor.help.group'));
  leaf(donor, 'add <name>', { description: t('donor.help.add'), examples: ['club donor add 雅风 --member 雅风', 'club donor add 荆州图书馆 --organisation'] }, invoke, () => import('./donor-add.js'))
    .option('--organisation', t('donor.help.organisation'))
    .option('--member <member>', t('donor.help.member'));
  leaf(donor, 'list', { description: t('donor.help.list'), csv: true, examples: ['club donor list', 'club donor list --csv --bom > 捐赠人.csv'] }, invoke, () => import('./donor-list.js'));

  const donation = program.command('donation').description(t('donation.help.group'));
  leaf(
    donation,
    'add <donor>',
    {
      description: t('donation.help.add'),
      examples: ['club donation add 杨洪勇 --amount 500 --purpose 读书会购书', 'club donation add 荆州图书馆 --in-kind "图书 20 册" --date 2026-12-01', 'club donation add o2 --amount 1,280.00 --anonymous'],
    },
    invoke,
    () => import('./donation-add.js'),
  )
    .option('--amount <amount>', t('donation.help.amount'))
    .option('--date <date>', t('donation.help.date'))
    .option('--purpose <text>', t('donation.help.purpose'))
    .option('--anonymous', t('donation.help.anonymous'))
    .option('--in-kind <text>', t('donation.help.inKind'));
  leaf(
    donation,
    'list',
    { description: t('donation.help.list'), csv: true, examples: ['club donation list', 'club donation list --unthanked', 'club donation list --from 2026-12-01 --to 2027-01-01 --csv'] },
    invoke,
    () => import('./donation-list.js'),
  )
    .option('--from <date>', t('donation.help.from'))
    .option('--to <date>', t('donation.help.to'))
    .option('--unthanked', t('donation.help.unthanked'));
  leaf(donation, 'thank <donation>', { description: t('donation.help.thank'), examples: ['club donation thank d3', 'club donation thank d3 --out 感谢信-d3.md', 'club donation thank d3 --lang en'] }, invoke, () =>
    import('./donation-thank.js'),
  )
    .option('--out <file>', t('donation.help.out'))
    .option('--lang <lang>', t('donation.help.lang'))
    .option('--template <file>', t('donation.help.template'));

  const money = program.command('money').description(t('money.help.group'));
  leaf(
    money,
    'report',
    { description: t('money.help.report'), examples: ['club money report', 'club money report --month 2026-12', 'club money report --from 2026-01-01 --to 2027-01-01 --json'] },
    invoke,
    () => import('./report.js'),
  )
    .option('--month <month>', t('money.help.month'))
    .option('--from <date>', t('money.help.from'))
    .option('--to <date>', t('money.help.to'));
  leaf(
    money,
    'export',
    {
      description: t('money.help.export'),
      json: false,
      examples: ['club money export --format ledger --out club.journal', 'club money export --format ledger --month 2026-12 | hledger -f - balance'],
    },
    invoke,
    () => import('./export.js'),
  )
    .requiredOption('--format <format>', t('money.help.format'))
    .option('--out <file>', t('money.help.out'))
    .option('--month <month>', t('money.help.month'))
    .option('--from <date>', t('money.help.from'))
    .option('--to <date>', t('money.help.to'));
}
