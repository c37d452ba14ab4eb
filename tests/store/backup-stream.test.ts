// Whole-store commands in bounded memory (issue #24): a backup written a file and a batch at a time, in a layout that
// restore reads back a line at a time (and an older backup, read whole, still restores); copies through the same parts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { outlineOf } from '../../src/store/backup-stream.js';
import { freshClub, run } from '../helpers/run.js';
import type { RunResult } from '../helpers/run.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const ok = (r: RunResult) => {
  expect(r.code, r.stderr).toBe(0);
  return r;
};

async function sampleClub() {
  const c = await freshClub();
  cleanups.push(c.cleanup);
  ok(await c.club(['member', 'add', '杨洪勇', '--phone', '13800000001', '--joined', '2026-02-01']));
  ok(await c.club(['member', 'add', '雅风', '--city', '武汉', '--joined', '2026-02-01']));
  ok(await c.club(['session', 'add', '读书分享：红楼梦', '--at', '2026-03-01T19:30']));
  ok(await c.club(['checkin', 's1', '杨洪勇', '雅风', '--at', '2026-03-01T19:35']));
  ok(await c.club(['points', 'add', '雅风', '5', '--reason', '分享读书笔记']));
  return c;
}

describe('backup in the line layout', () => {
  it('restores with every record', async () => {
    const c = await sampleClub();
    ok(await c.club(['backup', '--out', 'b.json']));
    const outline = await outlineOf(join(c.dir, 'b.json'));
    expect(outline).not.toBeNull();
    const r = await c.club(['restore', 'b.json', '--store', join(c.dir, 'r'), '--json']);
    expect(r.code, r.stderr).toBe(0);
  });
});
