import { resolve } from 'node:path';
import { ClubError, StoreError, UsageError } from '../../core/errors.js';
import { t } from '../../i18n/index.js';
import type { Context } from '../../io/context.js';
import { isFolder } from '../../io/files.js';
import type { Output } from '../../io/output.js';

interface Opts {
  out?: string;
}

export default async function backup(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  const store = await ctx.openStore();
  const out = opts.out === undefined ? undefined : resolve(ctx.cwd, opts.out);
  if (out !== undefined && isFolder(out)) throw new UsageError(t('out.isDir', { path: opts.out! }));
  // Without --out, the store keeps the backup with its own (a folder store's backups/).
  let result: { file: string; bytes: number };
  try {
    result = await store.backup(out);
  } catch (err) {
    // A full disk or an I/O error writing the file (its temp file is already removed): exit 3 naming the file.
    const code = (err as NodeJS.ErrnoException).code;
    if (err instanceof ClubError || typeof code !== 'string' || opts.out === undefined) throw err;
    throw new StoreError('store_io', t('out.io', { path: opts.out, code }), t('fail.io.hint'));
  }
  return { kind: 'done', data: result, message: t('store.backedUpTheStore', { file: result.file, value: (result.bytes / 1024).toFixed(1) }) };
}
