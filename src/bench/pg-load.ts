// The bench's database column: `node dist/bench-pg-load.js --from DIR --to URL` copies a seeded folder store into an
// empty database — `club init`'s initDatabase with the folder's settings, as the database's owner (PGPASSWORD), then
// every record in one change through PgStore itself, so the rows are laid out exactly as the store writes them.
import { resolve } from 'node:path';
import { FileStore } from '../store/file-store.js';
import { createStoreFs } from '../store/fs.js';
import { connect, displayLocation } from '../store/pg/connect.js';
import { initDatabase } from '../store/pg/init.js';
import { PgStore } from '../store/pg/store.js';
import { COLLECTION_NAMES } from '../store/schema.js';
import type { StoreCounts } from '../store/types.js';

/** Copies the folder store `from` into the empty database at `url` (its owner's login); returns the database's counts. */
export async function loadIntoDatabase(from: string, url: string, env: NodeJS.ProcessEnv, now: Date): Promise<StoreCounts> {
  const fs = createStoreFs();
  const folder = new FileStore(from, { fs, actor: 'bench', command: 'bench:pg-load', now });
  const whole = await folder.read(COLLECTION_NAMES);

  const { client } = await connect(url, env);
  try {
    await initDatabase(client, { settings: whole.meta.settings, now, command: 'bench:pg-load' });
  } finally {
    await client.end();
  }
  const store = new PgStore({ fs, location: displayLocation(url), host: url, connect: async () => (await connect(url, env)).client, onBehalf: null, command: 'bench:pg-load', now });
  try {
    await store.update(COLLECTION_NAMES, (draft) => {
      for (const name of COLLECTION_NAMES) (draft as Record<string, unknown>)[name] = whole[name];
      draft.meta = { ...draft.meta, counters: whole.meta.counters };
      return { result: null, audit: { summary: `copied ${from}` } };
    });
    return await store.check();
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const from = resolve(arg('--from') ?? '');
  const url = arg('--to');
  if (!arg('--from') || !url) throw new Error('usage: bench-pg-load --from DIR --to URL');
  const counts = await loadIntoDatabase(from, url, process.env, new Date(process.env.CLUB_NOW ?? '2026-03-26T12:00:00+08:00'));
  process.stdout.write(`${JSON.stringify({ from, to: displayLocation(url), counts })}\n`);
}

if (process.argv[1]?.endsWith('bench-pg-load.js')) main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench:pg-load: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
