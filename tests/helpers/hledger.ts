// The real hledger for the ledger tests: whether it is missing (with CI set, missing fails the run, SPEC §14), and
// its depth-1 balance of a journal as the money report's totals.
import { execFileSync } from 'node:child_process';

/** Why hledger tests are skipped (null when hledger runs); throws with CI set. */
export function hledgerMissing(): string | null {
  try {
    execFileSync('hledger', ['--version'], { stdio: 'pipe' });
    return null;
  } catch {
    const why = 'hledger is not installed (apt-get install hledger)';
    if (process.env.CI) throw new Error(`CI: ${why}`);
    return why;
  }
}

/** hledger's depth-1 balance as the report's income, spending and balance (two-decimal strings). */
export function hledgerTotals(file: string, period: { from: string | null; to: string | null }): { income: string; spending: string; balance: string } {
  const args = ['-f', file, 'balance', '--depth', '1', '-O', 'csv', ...(period.from ? ['-b', period.from] : []), ...(period.to ? ['-e', period.to] : [])];
  const csv = execFileSync('hledger', args, { encoding: 'utf8' });
  const of = (account: string): number => {
    const row = csv.split(/\r?\n/).find((l) => l.startsWith(`"${account}"`));
    if (!row) return 0;
    const amount = /"(-?[\d.,]+) CNY"/.exec(row)?.[1] ?? '0';
    return Math.round(Number(amount.replace(/,/g, '')) * 100);
  };
  const fmt = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
  return { income: fmt(-of('Income')), spending: fmt(of('Expenses')), balance: fmt(of('Assets')) };
}
