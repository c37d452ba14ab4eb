// Every child process a test starts (the built CLI, scripts) gets a compile cache in a temp folder, never the real
// ~/.cache/clubadmin: set here, once, in the environment every test worker and every child inherits.
// The same way, one throwaway PostgreSQL cluster per run is published in CLUB_TEST_PG (tests/helpers/pg-cluster.ts),
// or the reason there is none in CLUB_TEST_PG_SKIP (with CI=true a missing PostgreSQL fails the run instead).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupSharedCluster } from './pg-cluster.js';

export default async function setup(): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'club-test-cache-'));
  process.env.CLUB_CACHE_DIR = dir;
  const removeCache = () => rmSync(dir, { recursive: true, force: true });
  let cluster;
  try {
    cluster = await setupSharedCluster(process.env);
  } catch (e) {
    removeCache();
    throw e;
  }
  // A run that ends without the teardown (an uncaught error, process.exit) still stops the server it started.
  const onExit = () => cluster?.destroySync();
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    try {
      await cluster?.destroy();
    } finally {
      removeCache();
    }
  };
}
