// Every child process a test starts (the built CLI, scripts) gets a compile cache in a temp folder, never the real
// ~/.cache/clubadmin: set here, once, in the environment every test worker and every child inherits.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'club-test-cache-'));
  process.env.CLUB_CACHE_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
