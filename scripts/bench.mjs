#!/usr/bin/env node
// `npm run bench [-- --sizes typical,large --runs 7 --only table]`: seeds (or reuses) the benchmark stores, then times whole
// `club` processes against `node -e 0` in the same run: a warm-up, then each command alternated with the baseline,
// reporting medians, the median of the pairwise ratios and peak RSS. Writes bench-results/bench.md and .json.
// It reports against the budgets of the performance issue; it never fails.
// The database column: unless --no-pg, the same commands on the same seeded stores copied into a database of a
// throwaway PostgreSQL cluster the bench starts (scripts/bench-pg.mjs), run with `--store URL` (password in
// PGPASSWORD), each run beside the folder run and the same `node -e 0`; a database ratio over 1.5 × the folder ratio
// of the same command is flagged (SPEC §14).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync, rmSync, cpSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPgBin, startBenchCluster } from './bench-pg.mjs';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = opt('sizes', 'typical,large').split(',');
const runs = Number(opt('runs', '7'));
// --only table: just the row of a table at a terminal against --csv (with --sizes large,xlarge: 10,000 and 50,000 members).
const only = opt('only', null);
const withPg = !args.includes('--no-pg') && only !== 'table';
const storesDir = resolve(opt('stores', join(root, 'bench-stores')));
const outDir = join(root, 'bench-results');
const NOW = '2026-03-26T12:00:00+08:00';
const BUDGETS = {
  typical: { read: 1.3, write: 1.6, report: 2 },
  large: { read: 2, write: 2.5, report: 3, rssMiB: 250 },
  small: { read: 1.3, write: 1.6, report: 2 },
};
const hasTime = existsSync('/usr/bin/time');
// --instructions: also count instructions (valgrind's callgrind, one run each after the timed ones). Slow, but
// the same count every time, whatever else the machine is doing: a check on ratios that wall time blurs.
const instructions = args.includes('--instructions') && spawnSync('valgrind', ['--version']).status === 0;
if (args.includes('--instructions') && !instructions) console.error('--instructions: valgrind is not installed; timing only');
if (process.env.NODE_EXTRA_CA_CERTS) {
  console.error(
    'note: NODE_EXTRA_CA_CERTS is set, so every node process, `node -e 0` included, first parses those certificates;\n' +
      'that can triple the floor and make every ratio look smaller. `env -u NODE_EXTRA_CA_CERTS npm run bench` measures without.',
  );
}

function countInstructions(argv, env) {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /Collected : (\d+)/.exec(r.stderr);
  return m ? Number(m[1]) : NaN;
}

const COMMANDS = [
  { name: '--version', kind: 'read', args: ['--version'] },
  { name: 'member list --json', kind: 'read', args: ['member', 'list', '--json'] },
  { name: 'member show', kind: 'read', args: ['member', 'show', 'm2'] },
  { name: 'attendance', kind: 'read', args: ['attendance', '--from', '2026-01-01', '--json'] },
  { name: 'points leaderboard', kind: 'read', args: ['points', 'leaderboard', '--month', '2026-03', '--json'] },
  { name: 'report weekly', kind: 'report', args: ['report', 'weekly', '--week', '2026-W12'] },
  { name: 'report monthly', kind: 'report', args: ['report', 'monthly', '--month', '2026-03'] },
  { name: 'checkin', kind: 'write', args: ['checkin', 'LAST', 'm3', '--status', 'present'], toggle: ['checkin', 'LAST', 'm3', '--status', 'late'] },
  { name: 'points add', kind: 'write', args: ['points', 'add', 'm2', '1', '--reason', 'bench'] },
  { name: 'member add', kind: 'write', args: ['member', 'add', 'BENCH', '--joined', '2026-01-01'] },
];

function seed(size) {
  const dir = join(storesDir, size);
  if (existsSync(join(dir, 'store.json'))) return dir;
  console.error(`seeding ${size} …`);
  mkdirSync(storesDir, { recursive: true });
  execFileSync(process.execPath, [join(root, 'dist', 'bench-seed.js'), '--size', size, '--store', dir], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, CLUB_NOW: NOW } });
  return dir;
}

function run(argv, env) {
  const start = process.hrtime.bigint();
  const r = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { env, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(argv[0], argv.slice(1), { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const rssKiB = hasTime ? Number(r.stderr.trim().split('\n').at(-1)) : NaN;
  return { ms, rssKiB };
}

// A table at an 80-column terminal against the same list as --csv, both under script(1) so both pay for the
// terminal: a table prints in time linear in its rows (cli-table3's layout was quadratic: 15 s for 10,000 members).
const hasScript = spawnSync('script', ['--version']).status === 0;
function tableAtTerminal(size, env) {
  const club = join(root, 'bin', 'club.js');
  const under = (args) => ['script', '-qec', `stty cols 80; ${JSON.stringify(process.execPath)} ${JSON.stringify(club)} member list${args}`, '/dev/null'];
  const tableEnv = { ...env };
  delete tableEnv.FORCE_COLOR;
  run(under(''), tableEnv);
  const csv = [];
  const table = [];
  const ratios = [];
  for (let i = 1; i <= runs; i++) {
    const c = run(under(' --csv'), tableEnv).ms;
    const t = run(under(''), tableEnv).ms;
    csv.push(c);
    table.push(t);
    ratios.push(t / c);
  }
  const ratio = median(ratios);
  const spread = [round2(quantile(ratios, 0.25)), round2(quantile(ratios, 0.75))];
  const row = { size, command: 'member list (80 columns) / --csv', kind: 'table', medianMs: Math.round(median(table)), baselineMs: Math.round(median(csv)), ratio: round2(ratio), ratioSpread: spread, budget: 2, peakRssMiB: null, instructionRatio: null, withinBudget: ratio <= 2 };
  console.error(`${size.padEnd(8)} ${row.command.padEnd(20)} ${String(row.medianMs).padStart(5)} ms  ×${row.ratio.toFixed(2)} of --csv (${spread[0].toFixed(2)}–${spread[1].toFixed(2)}, budget 2)  ${row.withinBudget ? 'ok' : 'OVER'}`);
  return row;
}

/** The q-quantile of xs, interpolated between the two nearest ranks (q = 0.5: the median). */
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};
const median = (xs) => quantile(xs, 0.5);
const round2 = (x) => Math.round(x * 100) / 100;

// A code cache of the bench's own (see src/boot.ts): each command's first run here fills it with what that command
// compiles, whatever commands and output modes this machine ran before.
const cacheDir = mkdtempSync(join(tmpdir(), 'club-bench-cache-'));
process.on('exit', () => rmSync(cacheDir, { recursive: true, force: true }));
// The database column's cluster, and per size a database owned by a login with CREATEROLE (`club init`'s needs),
// loaded from the seeded folder store by dist/bench-pg-load.js.
const pgBin = withPg ? findPgBin() : null;
if (withPg && !pgBin) console.error('no PostgreSQL server binaries (initdb, pg_ctl, postgres): the database column is left out');
const cluster = pgBin
  ? await startBenchCluster(pgBin).catch((err) => {
      console.error(`the database column is left out: ${err.message}`);
      return null;
    })
  : null;
if (cluster) process.on('exit', () => cluster.stop());
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
const OWNER = 'bench_owner';
const ownerPassword = randomBytes(12).toString('hex');
async function databaseFor(size, source) {
  const { default: pg } = await import('pg');
  const superSql = async (text) => {
    const client = new pg.Client({ connectionString: `postgresql://${cluster.user}:${cluster.password}@127.0.0.1:${cluster.port}/postgres` });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  const db = `bench_${size}`;
  if (!databaseFor.owner) await superSql(`CREATE ROLE ${OWNER} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
  databaseFor.owner = true;
  await superSql(`CREATE DATABASE ${db} OWNER ${OWNER}`);
  const url = cluster.url(OWNER, db);
  console.error(`loading ${size} into a database …`);
  execFileSync(process.execPath, [join(root, 'dist', 'bench-pg-load.js'), '--from', source, '--to', url], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PGPASSWORD: ownerPassword, CLUB_NOW: NOW } });
  return url;
}

const results = [];
for (const size of sizes) {
  const source = seed(size);
  // Writes change the store: measure on a copy, so the seeded store stays as seeded.
  const dir = join(storesDir, `${size}-run`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(source, dir, { recursive: true });
  const env = { ...process.env, CLUB_STORE: dir, CLUB_NOW: NOW, CLUB_ACTOR: 'bench', FORCE_COLOR: '0', CLUB_CACHE_DIR: cacheDir };
  delete env.NODE_ENV;
  // The bench never fails: a database that cannot be made or loaded leaves this size's database column empty.
  const url = cluster
    ? await databaseFor(size, source).catch((err) => {
        console.error(`the database column of ${size} is left out: ${err.message}`);
        return null;
      })
    : null;
  const dbEnv = { ...env, PGPASSWORD: ownerPassword };
  delete dbEnv.CLUB_STORE;
  const lastSession = JSON.parse(execFileSync(process.execPath, [join(root, 'bin', 'club.js'), 'session', 'list', '--to', '2026-03-26', '--json'], { env, maxBuffer: 1 << 28 }).toString()).at(-1).id;
  for (const cmd of only === 'table' ? [] : COMMANDS) {
    const argsFor = (i) => (cmd.toggle && i % 2 ? cmd.toggle : cmd.args).map((a) => (a === 'LAST' ? lastSession : a));
    const club = (i) => [process.execPath, join(root, 'bin', 'club.js'), ...argsFor(i).map((a) => (a === 'BENCH' ? `基准${i}` : a))];
    const clubDb = (i) => [process.execPath, join(root, 'bin', 'club.js'), '--store', url, ...club(i).slice(2)];
    run(club(0), env); // warm-up
    if (url) run(clubDb(0), dbEnv);
    run([process.execPath, '-e', '0'], env);
    const base = [];
    const times = [];
    const ratios = [];
    const dbTimes = [];
    const dbRatios = [];
    let rss = 0;
    for (let i = 1; i <= runs; i++) {
      const b = run([process.execPath, '-e', '0'], env).ms;
      const c = run(club(i), env);
      base.push(b);
      times.push(c.ms);
      ratios.push(c.ms / b);
      rss = Math.max(rss, c.rssKiB || 0);
      if (url) {
        const d = run(clubDb(i), dbEnv).ms;
        dbTimes.push(d);
        dbRatios.push(d / b);
      }
    }
    const instructionRatio = instructions ? countInstructions(club(runs + 1), env) / countInstructions([process.execPath, '-e', '0'], env) : null;
    const budget = BUDGETS[size]?.[cmd.kind];
    const ratio = median(ratios);
    // The middle half of the pairwise ratios: how far one run's ratio moves on this machine. A budget inside it is
    // too close to call from one bench run.
    const spread = [round2(quantile(ratios, 0.25)), round2(quantile(ratios, 0.75))];
    const row = { size, command: cmd.name, kind: cmd.kind, medianMs: Math.round(median(times)), baselineMs: Math.round(median(base)), ratio: round2(ratio), ratioSpread: spread, budget, peakRssMiB: rss ? Math.round(rss / 1024) : null, instructionRatio: instructionRatio === null ? null : Math.round(instructionRatio * 100) / 100, withinBudget: budget === undefined ? null : ratio <= budget && (size !== 'large' || !rss || rss / 1024 <= BUDGETS.large.rssMiB) };
    if (url) {
      const dbRatio = median(dbRatios);
      Object.assign(row, { dbMedianMs: Math.round(median(dbTimes)), dbRatio: round2(dbRatio), dbRatioSpread: [round2(quantile(dbRatios, 0.25)), round2(quantile(dbRatios, 0.75))], dbOverFolder: round2(dbRatio / ratio), dbFlag: dbRatio > 1.5 * ratio });
    }
    results.push(row);
    console.error(`${size.padEnd(8)} ${cmd.name.padEnd(20)} ${String(row.medianMs).padStart(5)} ms  ×${row.ratio.toFixed(2)} (${spread[0].toFixed(2)}–${spread[1].toFixed(2)}, budget ${budget})  ${row.peakRssMiB ?? '?'} MiB${row.instructionRatio === null ? '' : `  instructions ×${row.instructionRatio.toFixed(2)}`}  ${row.withinBudget ? 'ok' : 'OVER'}${url ? `  | database ${row.dbMedianMs} ms ×${row.dbRatio.toFixed(2)} (${row.dbOverFolder.toFixed(2)} of folder)${row.dbFlag ? ' OVER 1.5× folder' : ''}` : ''}`);
  }
  if (hasScript) results.push(tableAtTerminal(size, env));
  rmSync(dir, { recursive: true, force: true });
}

// With the database column: its median, its ratio to the same `node -e 0` and that ratio over the folder's; ⚠️ marks
// a database ratio over 1.5 × the folder's (SPEC §14).
const dbCols = (r) => (!cluster ? '' : r.dbRatio === undefined ? ' — | — | — |' : ` ${r.dbMedianMs} | ${r.dbRatio.toFixed(2)} | ${r.dbOverFolder.toFixed(2)}${r.dbFlag ? ' ⚠️' : ''} |`);
const table = [
  `| size | command | kind | median ms | node -e 0 ms | ratio | middle half of ratios | budget | peak RSS MiB | instructions ratio | within |${cluster ? ' database ms | database ratio | database / folder |' : ''}`,
  `| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |${cluster ? ' ---: | ---: | ---: |' : ''}`,
  ...results.map((r) => `| ${r.size} | \`${r.command}\` | ${r.kind} | ${r.medianMs} | ${r.baselineMs}${r.kind === 'table' ? ' (--csv)' : ''} | ${r.ratio.toFixed(2)} | ${r.ratioSpread[0].toFixed(2)}–${r.ratioSpread[1].toFixed(2)} | ${r.budget} | ${r.peakRssMiB ?? '—'} | ${r.instructionRatio?.toFixed(2) ?? '—'} | ${r.withinBudget ? '✅' : '❌'} |${dbCols(r)}`),
].join('\n');
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, 'bench.md'), `${table}\n`);
writeFileSync(join(outDir, 'bench.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, runs, nodeExtraCaCerts: Boolean(process.env.NODE_EXTRA_CA_CERTS), results }, null, 2)}\n`);
console.log(table);
