import { basename } from 'node:path';
import { UsageError } from '../../core/errors.js';
import { mapColumns, parseMapOption } from '../../core/members/import-map.js';
import { planImport } from '../../core/members/import.js';
import type { ImportAction, ImportRow, OnDuplicate } from '../../core/members/import.js';
import type { Member } from '../../core/types.js';
import { commonJsExports } from '../../io/commonjs.js';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import { readSpreadsheetOrText } from '../../io/spreadsheet.js';
import { t } from '../../i18n/index.js';
import { list } from '../../io/output.js';
import type { Output } from '../../io/output.js';
import { coreEnv } from './shared.js';

interface Opts {
  map?: string[];
  encoding?: string;
  sheet?: string;
  status?: string;
  dryRun?: boolean;
  onDuplicate?: string;
  json?: boolean;
}

export default async function memberImport(ctx: Context, [file]: unknown[], opts: Opts): Promise<Output> {
  const onDuplicate = (opts.onDuplicate ?? 'error') as OnDuplicate;
  if (!['skip', 'update', 'error'].includes(onDuplicate)) throw new UsageError(t('member.invalidOnDuplicateExpected', { onDuplicate: JSON.stringify(opts.onDuplicate) }));
  const status = opts.status ?? 'active';
  if (status !== 'active' && status !== 'applicant') throw new UsageError(t('import.badStatusFlag', { value: JSON.stringify(opts.status) }));
  const overrides = parseMapOption(opts.map);
  const read = await readSpreadsheetOrText(await readInput(ctx, String(file)), { encoding: opts.encoding, sheet: opts.sheet });
  const { headers, rows } = read.kind === 'xlsx' ? read : await readTable(read.text);
  const mapping = mapColumns(headers, overrides);
  if (mapping.unmapped.length) {
    ctx.warn(t('member.ignoredToNoMember', { columns: mapping.unmapped.join(', ') }));
  }

  const store = await ctx.openStore();
  // After the store is open: in the club's language.
  if (read.kind === 'text' && read.encoding !== 'utf8') ctx.err(`${t('import.readAs', { file: basename(String(file)), encoding: read.encoding.toUpperCase() })}\n`);
  if (read.kind === 'xlsx') ctx.err(`${t('import.readSheet', { file: basename(String(file)), sheet: read.sheet })}\n`);
  const progress = await progressBar(ctx, rows.length);
  const actions = await store.update(['members'], (draft) => {
    const plan = planImport(rows, mapping, { members: draft.members, tasks: [], counters: draft.meta.counters }, { onDuplicate, status }, coreEnv(ctx, draft.meta), progress?.update);
    progress?.stop();
    const changed = plan.actions.filter((a) => a.action !== 'skip');
    if (opts.dryRun || changed.length === 0) return { result: plan.actions, audit: null };
    draft.members = plan.state.members as Member[];
    draft.meta = { ...draft.meta, counters: plan.state.counters };
    return { result: plan.actions, audit: { summary: `imported members: ${summary(plan.actions)}`, refs: changed.map((a) => a.member.id) } };
  });

  const text = t(opts.dryRun ? 'member.importDry' : 'member.imported', { file: basename(String(file)), summary: summary(actions) });
  const data = {
    dryRun: Boolean(opts.dryRun),
    added: count(actions, 'add'),
    updated: count(actions, 'update'),
    skipped: count(actions, 'skip'),
    actions: actions.map((a) => ({ line: a.line, action: a.action, id: a.member.id, name: a.member.name, reason: a.reason })),
  };
  if (opts.json) return { kind: 'done', data, message: text };
  if (opts.dryRun) {
    // A small file's plan is shown row by row; a large one's only by the rows worth a look (updates and skips, the
    // first SHOWN of them) and the counts: a table of 240,000 rows is unreadable, and was slow to print.
    const few = actions.length <= SHOWN;
    const noted = few ? actions : actions.filter((a) => a.action !== 'add');
    if (noted.length === 0) return { kind: 'done', data, message: text };
    const more = noted.length - Math.min(noted.length, SHOWN);
    return list(
      noted.slice(0, SHOWN),
      [
        { header: 'line', key: 'line', value: (a: ImportAction) => a.line },
        { header: 'action', key: 'action', value: (a) => a.action, display: (a, s) => (a.action === 'add' ? s.green : a.action === 'update' ? s.yellow : s.dim)(a.action) },
        { header: 'id', key: 'id', value: (a) => a.member.id },
        { header: 'name', key: 'name', value: (a) => a.member.name },
        { header: 'detail', key: 'reason', value: (a) => a.reason ?? '' },
      ],
      { empty: t('member.noRows', { text }), footer: more > 0 ? `${t('fail.importMore', { n: more })}\n${text}` : text },
    );
  }
  return { kind: 'done', data, message: text };
}

/** How many rows of a large dry run are shown: as many as the problems a refused import lists. */
const SHOWN = 20;
const count = (actions: ImportAction[], action: ImportAction['action']) => actions.filter((a) => a.action === action).length;
const summary = (actions: ImportAction[]) => `${count(actions, 'add')} added, ${count(actions, 'update')} updated, ${count(actions, 'skip')} skipped`;

/** CSV, or a JSON array as `club member export --json` writes it. */
async function readTable(text: string): Promise<{ headers: string[]; rows: ImportRow[] }> {
  if (/^\s*\[/.test(text)) return rowsFromJson(text);
  const { parseCsv } = await import('../../io/csv.js');
  return parseCsv(text);
}

function rowsFromJson(text: string): { headers: string[]; rows: ImportRow[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(t('member.theFileIsNot', { value: (err as Error).message }));
  }
  if (!Array.isArray(data) || !data.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw new UsageError(t('member.aJsonImportMust'));
  }
  const headers = [...new Set(data.flatMap((r) => Object.keys(r as object)))];
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(';');
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  const rows = data.map((r, i) => ({ line: i + 1, cells: headers.map((h) => (h === 'warnings' || h === 'history' ? JSON.stringify((r as Record<string, unknown>)[h] ?? []) : cell((r as Record<string, unknown>)[h]))) }));
  return { headers, rows };
}

/** A progress bar on stderr for large files at a terminal; nothing otherwise. */
async function progressBar(ctx: Context, total: number): Promise<{ update: (done: number, total: number) => void; stop: () => void } | null> {
  if (!ctx.stderrIsTTY || !ctx.errStream || total < 2000) return null;
  const { SingleBar, Presets } = commonJsExports(await import('cli-progress'));
  const bar = new SingleBar({ stream: ctx.errStream, format: 'importing [{bar}] {value}/{total} rows', hideCursor: true, clearOnComplete: true }, Presets.shades_classic);
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}
