import { resolve } from 'node:path';
import type { Context } from '../../io/context.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { STORE_DIR_NAME } from '../../store/locate.js';
import { restoreStore } from '../../store/restore.js';

export default async function restore(ctx: Context, [file]: unknown[]): Promise<Output> {
  const text = (await readInput(ctx, String(file), 'backup file')).toString('utf8');
  const explicit = ctx.storeFlag ?? (ctx.env.CLUB_STORE || undefined);
  const dir = resolve(ctx.cwd, explicit ?? STORE_DIR_NAME);
  const r = await restoreStore(dir, text, { fs: ctx.fs, now: ctx.now, actor: ctx.actor, command: ctx.command });
  return { kind: 'done', data: { dir, backupCreatedAt: r.createdAt, counts: r.counts }, message: `restored the backup of ${r.createdAt} into ${dir} (${r.counts.members} members, ${r.counts.sessions} sessions); the store is valid` };
}
