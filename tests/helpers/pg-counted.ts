// A PgStore whose client records each query it sends (each client.query call is one round trip) and the rows it
// fetched: for tests of how many round trips a command makes and what it reads.
import { createStoreFs } from '../../src/store/fs.js';
import { connect } from '../../src/store/pg/connect.js';
import { PgStore } from '../../src/store/pg/store.js';

export function countedStore(url: string, now: string, waitMs?: number): { store: PgStore; trips: string[]; rowCounts: number[] } {
  const trips: string[] = [];
  const rowCounts: number[] = [];
  const store = new PgStore({
    fs: createStoreFs(),
    location: url,
    host: '127.0.0.1',
    connect: async () => {
      const { client } = await connect(url, {});
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
        trips.push(String(args[0]));
        const i = rowCounts.push(-1) - 1;
        const result = query(...args) as Promise<{ rows?: unknown[] }>;
        void result.then((r) => (rowCounts[i] = r.rows?.length ?? -1), () => undefined);
        return result;
      };
      return client;
    },
    onBehalf: null,
    command: 'test',
    now: new Date(now),
    ...(waitMs !== undefined && { waitMs }),
  });
  return { store, trips, rowCounts };
}
