// The lock under a stubborn or dead holder, and failures injected through the store's file-system seam.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/run.js';
import { clubProcess } from '../helpers/spawn.js';

let dir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir('club-lock-'));
  await clubProcess(dir, ['init', '--name', 'lock', '--lang', 'en', '--timezone', 'UTC']);
  await clubProcess(dir, ['member', 'add', 'Alice']);
});
afterEach(() => cleanup());

function snapshot(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(join(dir, '.club')).sort()) {
    const p = join(dir, '.club', f);
    if (statSync(p).isFile() && f !== 'lock-owner.json') out[f] = readFileSync(p, 'hex');
  }
  return out;
}

/** Another process that takes the store's lock with the same library and options, then sleeps. */
function holder(): Promise<{ pid: number; kill: () => void }> {
  const lockModule = require.resolve('proper-lockfile');
  const script = `
    const lockfile = require(${JSON.stringify(lockModule)});
    const fs = require('fs');
    lockfile.lock(${JSON.stringify(join(dir, '.club'))}, { lockfilePath: ${JSON.stringify(join(dir, '.club', 'lock'))}, realpath: false, stale: 5000, update: 1000 })
      .then(() => {
        fs.writeFileSync(${JSON.stringify(join(dir, '.club', 'lock-owner.json'))}, JSON.stringify({ pid: process.pid, host: require('os').hostname(), command: 'member import huge.csv', actor: 'bob', since: new Date().toISOString() }));
        process.stdout.write('locked\\n');
        setInterval(() => {}, 1000);
      });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.once('data', () => resolve({ pid: child.pid!, kill: () => child.kill('SIGKILL') }));
  });
}

describe('the store lock', () => {
  it('a lock held past the wait: exit 4 within 10 s + 1 s, naming the holder; the store unchanged', async () => {
    const h = await holder();
    try {
      const before = snapshot();
      const started = Date.now();
      const r = await clubProcess(dir, ['member', 'add', 'Bob']);
      const took = Date.now() - started;
      expect(r.code).toBe(4);
      expect(took).toBeGreaterThanOrEqual(10_000);
      expect(took).toBeLessThan(11_000 + 1_500); // + process start-up on a busy 2-core machine
      expect(r.stderr).toContain('"club member import huge.csv"');
      expect(r.stderr).toContain(`pid ${h.pid}`);
      expect(snapshot()).toEqual(before);
    } finally {
      h.kill();
    }
  }, 30_000);

  it('a holder killed with SIGKILL: the next command takes over the stale lock within its stale timeout', async () => {
    const h = await holder();
    h.kill();
    const started = Date.now();
    const r = await clubProcess(dir, ['member', 'add', 'Bob']);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5_000 + 3_000);
    expect(JSON.parse((await clubProcess(dir, ['member', 'list', '--json'])).stdout).map((m: { name: string }) => m.name)).toEqual(['Alice', 'Bob']);
  }, 30_000);
});

describe('faults injected through the file-system seam (CLUB_FAULTS)', () => {
  it.each([
    ['open:1', 'EIO'],
    ['write:1:ENOSPC:always', 'ENOSPC'],
    ['write:2:ENOSPC', 'ENOSPC'],
    ['fsync:1', 'EIO'],
    ['fsync:3:EIO:always', 'EIO'],
    ['rename:1:EACCES', 'EACCES'],
  ])('%s: a clear message, non-zero exit, every byte unchanged, and the next run succeeds', async (spec, code) => {
    const before = snapshot();
    const r = await clubProcess(dir, ['points', 'add', 'Alice', '5', '--reason', 'fault'], { CLUB_FAULTS: spec });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(code);
    expect(r.stderr).toMatch(/the store is unchanged/);
    expect(snapshot()).toEqual(before);
    expect((await clubProcess(dir, ['points', 'add', 'Alice', '5', '--reason', 'after'])).code).toBe(0);
    expect(JSON.parse((await clubProcess(dir, ['points', 'balance', 'Alice', '--json'])).stdout).balance).toBe(5);
    expect((await clubProcess(dir, ['check'])).code).toBe(0);
  });

  it('a failure after the commit point is finished by the next command, exactly once', async () => {
    // rename #1 is the journal; #2 the first renamed file of the change.
    const r = await clubProcess(dir, ['points', 'add', 'Alice', '5', '--reason', 'late fault'], { CLUB_FAULTS: 'rename:2:EIO:always' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/next club command completes it/);
    const next = await clubProcess(dir, ['points', 'balance', 'Alice', '--json']);
    expect(JSON.parse(next.stdout).balance).toBe(5);
    expect(next.stderr).toMatch(/completed a change/);
    expect(JSON.parse((await clubProcess(dir, ['points', 'history', 'Alice', '--json'])).stdout)).toHaveLength(1);
  });
});
