import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';
import { t } from '../../i18n/index.js';

export function registerPointsCommands(program: Command, invoke: Invoke): void {
  const points = program.command('points').description(t('points.help.group.points'));
  leaf(points, 'add <member> <points>', { description: t('points.help.add'), examples: ['club points add 雅风 5 --reason "分享读书笔记"'] }, invoke, () => import('./add.js')).option('--reason <text>', t('points.opt.reason'),
  );
  leaf(points, 'deduct <member> <points>', { description: t('points.help.deduct'), examples: ['club points deduct 李雷 2 --reason "无故缺席"'] }, invoke, () =>
    import('./deduct.js'),
  ).option('--reason <text>', t('points.opt.reason'));
  leaf(points, 'balance [member]', { description: t('points.help.balance'), csv: true, examples: ['club points balance', 'club points balance 雅风 --json'] }, invoke, () =>
    import('./balance.js'),
  );
  leaf(points, 'history <member>', { description: t('points.help.history'), csv: true, examples: ['club points history 雅风'] }, invoke, () =>
    import('./history.js'),
  );
  leaf(
    points,
    'leaderboard',
    { description: t('points.help.leaderboard'), csv: true, examples: ['club points leaderboard', 'club points leaderboard --month 2026-03 --limit 10', 'club points leaderboard --from 2026-01-01 --to 2026-04-01 --json'] },
    invoke,
    () => import('./leaderboard.js'),
  )
    .option('--month <YYYY-MM>', t('points.opt.month'))
    .option('--from <date>', t('points.opt.from'))
    .option('--to <date>', t('points.opt.to'))
    .option('--limit <n>', t('points.opt.limit'));

  const reward = program.command('reward').description(t('points.help.group.reward'));
  leaf(reward, 'add <name>', { description: t('points.help.reward.add'), examples: ['club reward add 购书卡 --cost 50 --stock 10', 'club reward add 电子证书 --cost 20'] }, invoke, () =>
    import('./reward-add.js'),
  )
    .requiredOption('--cost <points>', t('points.opt.cost'))
    .option('--stock <n>', t('points.opt.stock'));
  leaf(reward, 'list', { description: t('points.help.reward.list'), csv: true, examples: ['club reward list'] }, invoke, () => import('./reward-list.js'));
  leaf(reward, 'redeem <member> <reward>', { description: t('points.help.reward.redeem'), examples: ['club reward redeem 雅风 购书卡', 'club reward redeem m2 r1'] }, invoke, () =>
    import('./reward-redeem.js'),
  );
}
