import { resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';

interface Opts {
  out?: string;
}

export default async function backup(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  const store = await ctx.openStore();
  // Without --out, the store keeps the backup with its own (a folder store's backups/).
  const result = await store.backup(opts.out === undefined ? undefined : resolve(ctx.cwd, opts.out));
  return { kind: 'done', data: result, message: `backed up the store to ${result.file} (${(result.bytes / 1024).toFixed(1)} KiB)` };
}
