import { join, resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { BACKUP_DIR, DIR_MODE } from '../../store/file-store.js';

interface Opts {
  out?: string;
}

export default async function backup(ctx: Context, _args: unknown[], opts: Opts): Promise<Output> {
  const store = await ctx.openStore();
  let file: string;
  if (opts.out) {
    file = resolve(ctx.cwd, opts.out);
  } else {
    const dir = join(store.dir, BACKUP_DIR);
    await ctx.fs.mkdir(dir, DIR_MODE).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    const stamp = ctx.now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    file = join(dir, `backup-${stamp}.json`);
  }
  const result = await store.backup(file);
  return { kind: 'done', data: result, message: `backed up the store to ${result.file} (${(result.bytes / 1024).toFixed(1)} KiB)` };
}
