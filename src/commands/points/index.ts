import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

export function registerPointsCommands(program: Command, invoke: Invoke): void {
  const points = program.command('points').description('the points ledger: award, deduct, balances, history, leaderboard');
  leaf(points, 'add <member> <points>', { description: 'award points by hand', examples: ['club points add 雅风 5 --reason "分享读书笔记"'] }, invoke, () => import('./add.js')).option(
    '--reason <text>',
    'why (required)',
  );
  leaf(points, 'deduct <member> <points>', { description: 'deduct points by hand', examples: ['club points deduct 李雷 2 --reason "无故缺席"'] }, invoke, () =>
    import('./deduct.js'),
  ).option('--reason <text>', 'why (required)');
  leaf(points, 'balance [member]', { description: "one member's balance, or every active member's", csv: true, examples: ['club points balance', 'club points balance 雅风 --json'] }, invoke, () =>
    import('./balance.js'),
  );
  leaf(points, 'history <member>', { description: "a member's ledger entries with the running balance", csv: true, examples: ['club points history 雅风'] }, invoke, () =>
    import('./history.js'),
  );
  leaf(
    points,
    'leaderboard',
    { description: 'points earned in a month or range (award + auto); ties share a rank', csv: true, examples: ['club points leaderboard', 'club points leaderboard --month 2026-03 --limit 10', 'club points leaderboard --from 2026-01-01 --to 2026-04-01 --json'] },
    invoke,
    () => import('./leaderboard.js'),
  )
    .option('--month <YYYY-MM>', 'the month (default: this month)')
    .option('--from <date>', 'from this date')
    .option('--to <date>', 'to this date (exclusive)')
    .option('--limit <n>', 'only the first N');

  const reward = program.command('reward').description('rewards that points buy');
  leaf(reward, 'add <name>', { description: 'add a reward to the catalogue', examples: ['club reward add 购书卡 --cost 50 --stock 10', 'club reward add 电子证书 --cost 20'] }, invoke, () =>
    import('./reward-add.js'),
  )
    .requiredOption('--cost <points>', 'its price in points')
    .option('--stock <n>', 'how many there are (default: unlimited)');
  leaf(reward, 'list', { description: 'the catalogue', csv: true, examples: ['club reward list'] }, invoke, () => import('./reward-list.js'));
  leaf(reward, 'redeem <member> <reward>', { description: 'spend points on a reward (refused when the balance or the stock is short)', examples: ['club reward redeem 雅风 购书卡', 'club reward redeem m2 r1'] }, invoke, () =>
    import('./reward-redeem.js'),
  );
}
