// Malformed stores, file modes, and hostile input.
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../helpers/run.js';
import { clubOk, clubProcess } from '../helpers/spawn.js';
import { storeTemplate, type StoreTemplate } from '../helpers/template.js';

let dir: string;
let cleanup: () => void;
const club = (args: string[], env: Record<string, string> = {}) => clubProcess(dir, args, env);
/** A setup step or a read whose exit code is checked. */
const clubSetup = (args: string[], env: Record<string, string> = {}) => clubOk(dir, args, env);

// The store every test starts from, made once by the built CLI and copied for each test (modes included).
let template: StoreTemplate;
beforeAll(async () => {
  template = await storeTemplate(async (t) => {
    await clubOk(t, ['init', '--name', 'x', '--lang', 'en', '--timezone', 'UTC']);
    await clubOk(t, ['member', 'add', 'Alice', '--qq', '12345']);
    await clubOk(t, ['member', 'add', 'Bob']);
    await clubOk(t, ['points', 'add', 'Bob', '2', '--reason', 'x']);
  }, 'club-input-template-');
});
afterAll(() => template?.cleanup());
beforeEach(() => {
  ({ dir, cleanup } = template.copy('club-input-'));
});
afterEach(() => cleanup());

/** `ledger.*` is the one ledger partition file the set-up wrote (named by the current month). */
const file = (name: string) => {
  const found = name.endsWith('.*') ? readdirSync(join(dir, '.club')).find((f) => f.startsWith(name.slice(0, -1)) && f.endsWith('.json')) : name;
  return join(dir, '.club', found ?? name);
};

describe('malformed stores: exit 3 naming the file and path, never overwritten, no silent defaults', () => {
  it.each<[string, string, ((text: string) => string | Buffer) | null, RegExp]>([
    ['empty', 'members.b0.json', () => '', /members\.b0\.json: the file is empty/],
    ['truncated', 'members.b0.json', (t) => t.slice(0, t.length - 40), /members\.b0\.json: not valid JSON/],
    ['NUL-filled', 'ledger.*', (t) => '\u0000'.repeat(t.length + 10), /ledger\.\d{4}-\d{2}\.json: not valid JSON/],
    ['invalid UTF-8', 'members.b0.json', (t) => Buffer.concat([Buffer.from(t.slice(0, 20)), Buffer.from([0xc3, 0x28]), Buffer.from(t.slice(20))]), /members\.b0\.json: not valid UTF-8/],
    ['wrong types', 'members.b0.json', (t) => t.replace('"tags":[]', '"tags":"none"'), /members\.b0\.json: \[\d\]\.tags: /],
    ['duplicate ids', 'members.b0.json', (t) => t.replace('"id":"m2"', '"id":"m1"'), /members\.b0\.json: \[1\]\.id: duplicate id "m1"/],
    ['unknown fields', 'members.b0.json', (t) => t.replace('"purged":false', '"purged":false,"isAdmin":true'), /members\.b0\.json: \[0\]\.isAdmin: unknown field/],
    ['a newer schemaVersion', 'store.json', (t) => t.replace(/"schemaVersion": \d+/, '"schemaVersion": 999'), /store\.json: this store has schemaVersion 999/],
    ['settings of the wrong type', 'store.json', (t) => t.replace('"leave.perWeek": 1', '"leave.perWeek": "one"'), /store\.json: settings\.leave\.perWeek: /],
    ['a time zone that does not exist', 'store.json', (t) => t.replace('"timezone": "UTC"', '"timezone": "Mars/Olympus_Mons"'), /timezone.*not a time zone/],
    ['a time zone of the wrong shape', 'store.json', (t) => t.replace('"timezone": "UTC"', '"timezone": "UTC; rm -rf /"'), /settings\.timezone: expected an IANA time zone/],
    ['a missing file', 'members.b0.json', null, /members\.b0\.json is missing/],
    ['a missing partition', 'ledger.*', null, /ledger\.\d{4}-\d{2}\.json is missing/],
    ['a record in the wrong partition', 'ledger.*', (t) => t.replace(/"at":"\d{4}-\d{2}/, '"at":"2001-01'), /ledger\.\d{4}-\d{2}\.json: \[0\]: this record belongs in ledger\.2001-01\.json/],
  ])('%s', async (_label, name, damage, message) => {
    const path = file(name);
    if (damage) writeFileSync(path, damage(readFileSync(path, 'utf8')));
    else unlinkSync(path);
    const damaged = damage ? readFileSync(path) : null;
    for (const args of [['member', 'list'], ['points', 'add', 'Alice', '1', '--reason', 'x'], ['session', 'add', 'x', '--at', '2026-03-03 21:30'], ['check']]) {
      const r = await club(args);
      // A command that does not read the damaged file may succeed; one that does must refuse it.
      if (r.code === 0) continue;
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 3]);
      expect(r.stderr).toMatch(message);
    }
    expect((await club(['check'])).code).toBe(3);
    if (damaged) expect(readFileSync(path).equals(damaged)).toBe(true);
    else expect(existsSync(path)).toBe(false);
  });

  it('a 50 MB members file of garbage is refused quickly and left alone', async () => {
    writeFileSync(file('members.b0.json'), Buffer.alloc(50 * 1024 * 1024, 0x7b));
    const started = Date.now();
    const r = await club(['member', 'list']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/members\.b0\.json: not valid JSON/);
    expect(Date.now() - started).toBeLessThan(20_000); // about a second alone; a 2-core machine under load is slower
    expect(statSync(file('members.b0.json')).size).toBe(50 * 1024 * 1024);
  });
});

describe('modes', () => {
  it('0600 files in a 0700 directory, still so after 100 writes under umask 022', async () => {
    // The 100 writes run in-process (a spawned club under umask 022 is tests/e2e/foundation.test.ts): the modes come
    // from the store's own open/mkdir calls, which see this process's umask as a child's would see the shell's.
    const umask = process.umask(0o022);
    try {
      for (let i = 1; i <= 100; i++) {
        const r = await run(dir, ['points', 'add', 'Alice', '1', '--reason', `w${i}`], { now: new Date().toISOString() });
        expect([i, r.code, r.stderr]).toEqual([i, 0, expect.any(String)]);
      }
    } finally {
      process.umask(umask);
    }
    expect(statSync(join(dir, '.club')).mode & 0o777).toBe(0o700);
    for (const name of readdirSync(join(dir, '.club'))) expect([name, statSync(file(name)).mode & 0o777]).toEqual([name, 0o600]);
    expect(JSON.parse((await clubSetup(['points', 'balance', 'Alice', '--json'])).stdout).balance).toBe(100);
  }, 120_000);

  it('warns about a store that others can read', async () => {
    chmodSync(join(dir, '.club'), 0o755);
    const r = await club(['member', 'list']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/can be read by other users \(mode 755\).*chmod 700/);
  });
});

describe('hostile input leaves Object.prototype untouched', () => {
  it('__proto__ and constructor as names, CSV headers and answer keys', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) expect((await club(['member', 'add', name])).code).toBe(0);
    expect(JSON.parse((await clubSetup(['member', 'show', '__proto__', '--json'])).stdout).name).toBe('__proto__');
    writeFileSync(join(dir, 'evil.csv'), 'name,__proto__,constructor,polluted\nEve,{"polluted":1},x,1\n');
    const imported = await club(['member', 'import', 'evil.csv', '--json']);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('__proto__');
    writeFileSync(join(dir, 'evil.json'), '[{"name":"Mallory","__proto__":{"polluted":true}}]');
    expect((await club(['member', 'import', 'evil.json'])).code).toBe(0);
    writeFileSync(join(dir, 's.json'), JSON.stringify({ title: 't', questions: [{ id: 'q1', type: 'rating', text: 'r' }] }));
    await clubSetup(['survey', 'create', '--from', 's.json']);
    await clubSetup(['survey', 'open', 'v1']);
    const answer = await club(['survey', 'answer', 'v1', '--member', 'Alice', '--answers', '{"q1": 5, "__proto__": {"polluted": 1}}']);
    expect(answer.code).toBe(2);
    const check = await clubSetup(['check', '--json']);
    expect(JSON.parse(check.stdout).counts.members).toBe(7);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The members file holds plain data: nothing that reads it back gains properties.
    const members = JSON.parse(readFileSync(file('members.b0.json'), 'utf8')) as Array<Record<string, unknown>>;
    expect(members.every((m) => Object.getPrototypeOf(m) === Object.prototype && !('polluted' in m))).toBe(true);
  });

  it('no CSV that club writes starts a cell with a formula character', async () => {
    await clubSetup(['member', 'add', '=cmd|\' /C calc\'!A0', '--nick', '+1', '--note', '@SUM(1)', '--city', '-2']);
    await clubSetup(['session', 'add', '=HYPERLINK("x")', '--at', '2026-03-03 21:30', '--topic', '+topic', '--place', '@place']);
    // `--` ends the options: a title that starts with '-' (this step failed unnoticed before its exit code was checked).
    await clubSetup(['task', 'add', '--due', '2026-03-05', '--', '-task']);
    await clubSetup(['feedback', 'add', '=1+1', '--anonymous']);
    await clubSetup(['reward', 'add', '=gift', '--cost', '1']);
    const { parse } = await import('csv-parse/sync');
    for (const args of [
      ['member', 'export'],
      ['member', 'list', '--csv'],
      ['session', 'list', '--csv'],
      ['task', 'list', '--csv'],
      ['feedback', 'list', '--csv'],
      ['reward', 'list', '--csv'],
      ['log', '--csv'],
      ['config', 'list', '--csv'],
      ['attendance', '--csv'],
      ['points', 'balance', '--csv'],
    ]) {
      const r = await club(args, { CLUB_NOW: '2026-03-10T12:00:00Z' });
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 0]);
      const rows = parse(r.stdout, { bom: true }) as string[][];
      for (const row of rows) for (const cell of row) expect([args.join(' '), cell]).not.toEqual([args.join(' '), expect.stringMatching(/^[=+\-@\t\r]/)]);
    }
  });
});
