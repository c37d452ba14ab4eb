// Commands reach the store only through the Store interface (src/store/types.ts): no file access on the store folder,
// no partition or derived-file helpers, no store paths. That is what lets a second store (PostgreSQL) stand behind
// the same commands. Creating or locating a store (init, demo, restore) uses the store's own entry points.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const commandsDir = join(root, 'src/commands');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** The store modules a command may import: the interface, and opening, locating, creating, restoring and copying a store. */
const ALLOWED_STORE_MODULES = new Set(['types', 'open', 'locate', 'init', 'restore', 'copy', 'schema']);

const FORBIDDEN: Array<[RegExp, string]> = [
  [/from ['"](node:)?fs(\/promises)?['"]/, 'node:fs (ask the store, or io/files for files the user names)'],
  [/\bstore\.dir\b/, 'store.dir (the store has a location for people, and methods for what commands need)'],
  [/(?<!\.)\b(decodeMarks|marksAt|dateWindow|selectFiles|partitionFile)\(/, 'a partition or derived-file helper'],
  [/['"`](store|presence|balances|roster|members)\.json['"`]/, "a store file's name"],
  [/join\([^)]*['"](templates|backups)['"]/, "a path inside the store's folder"],
];

describe('the Store interface is the only way commands reach the store', () => {
  const files = sources(commandsDir);

  it('finds the command files', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const problems: string[] = [];
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(text)) problems.push(what);
    for (const m of text.matchAll(/from ['"](?:\.\.\/)+store\/([\w-]+)\.js['"]/g)) if (!ALLOWED_STORE_MODULES.has(m[1]!)) problems.push(`imports store/${m[1]}`);
    expect(problems).toEqual([]);
  });
});
