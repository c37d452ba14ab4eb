// Start-up: loads dist/'s CommonJS chunks through V8's code cache. Compiling the code a command runs is about a third
// of what `club` adds to Node's own start-up, and Node 20 caches no compiled code of its own (module.enableCompileCache
// came in 22.1). Each chunk is compiled with the cache a previous run left; a chunk compiled afresh has its cache
// written when the process exits, with the functions that run compiled, so the next run skips that work too.
//
// A store command loads about 35 chunks. Their code comes from one file, dist/chunks.pack (scripts/build.mjs), and
// their caches from one file, cache.pack: two reads instead of seventy, which at start-up cost about 4 ms.
//
// The cache is a per-user folder ($CLUB_CACHE_DIR, else $XDG_CACHE_HOME/clubadmin, else ~/.cache/clubadmin) with one
// sub-folder per Node version and build. Nothing in it is needed: V8 rejects a cache made by another V8 or for other
// source, a file that cannot be read or written is skipped, and NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Script } from 'node:vm';

/** A digest of every file of the build, set by scripts/build.mjs: a cache is never used for other code. */
declare const __BUILD_ID__: string;
/** Where each file's code is in dist/chunks.pack (path relative to dist, with `/`): [byte offset, byte length]. */
declare const __PACK_INDEX__: Record<string, [number, number]>;
/**
 * The CommonJS function wrapper, opening on the first line so that line numbers stay those of the file. The pack
 * holds each file's code already inside it; a file read on its own is wrapped here.
 */
declare const __CJS_WRAPPER__: [string, string];

const wrap = (code: string): string => `${__CJS_WRAPPER__[0]}${code}${__CJS_WRAPPER__[1]}`;

const KEEP_BUILDS = 4;
export const CACHE_PACK = 'cache.pack';

interface CliModule {
  main(argv: string[]): Promise<void>;
}

export function cacheFolder(env: NodeJS.ProcessEnv): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  const base =
    env.CLUB_CACHE_DIR ||
    (env.XDG_CACHE_HOME && join(env.XDG_CACHE_HOME, 'clubadmin')) ||
    (process.platform === 'win32' && env.LOCALAPPDATA && join(env.LOCALAPPDATA, 'clubadmin', 'Cache')) ||
    (env.HOME && join(env.HOME, '.cache', 'clubadmin'));
  return base ? join(base, `${process.version}-${process.arch}-${__BUILD_ID__}`) : null;
}

/**
 * cache.pack: a 4-byte little-endian length, that many bytes of JSON naming each file's cache ([offset, length] from
 * the end of the JSON), then the caches. The JSON's RUNS entry lists the kinds of run whose compiled code the caches
 * hold. Anything that does not read as that is no cache at all.
 */
const RUNS = '#runs';
/** How many kinds of run a pack remembers; the oldest are forgotten first (their code stays in the caches). */
const KEEP_RUNS = 200;

export interface CachePack {
  caches: Map<string, Buffer>;
  runs: string[];
}

export function readCachePack(bytes: Buffer): Map<string, Buffer> {
  return readPack(bytes).caches;
}

function readPack(bytes: Buffer): CachePack {
  const pack: CachePack = { caches: new Map(), runs: [] };
  if (bytes.length < 4) return pack;
  const size = bytes.readUInt32LE(0);
  let index: unknown;
  try {
    index = JSON.parse(bytes.toString('utf8', 4, 4 + size));
  } catch {
    return pack;
  }
  if (typeof index !== 'object' || index === null) return pack;
  const start = 4 + size;
  for (const [name, span] of Object.entries(index)) {
    if (name === RUNS) {
      if (Array.isArray(span)) pack.runs = span.filter((run): run is string => typeof run === 'string');
      continue;
    }
    if (!Array.isArray(span) || !Number.isInteger(span[0]) || !Number.isInteger(span[1]) || start + span[0] + span[1] > bytes.length) continue;
    pack.caches.set(name, bytes.subarray(start + span[0], start + span[0] + span[1]));
  }
  return pack;
}

export function writeCachePack(caches: ReadonlyMap<string, Buffer>, runs: readonly string[] = []): Buffer {
  const index: Record<string, [number, number] | string[]> = {};
  let offset = 0;
  for (const [name, data] of caches) {
    index[name] = [offset, data.length];
    offset += data.length;
  }
  if (runs.length) index[RUNS] = [...runs];
  const json = Buffer.from(JSON.stringify(index), 'utf8');
  const size = Buffer.alloc(4);
  size.writeUInt32LE(json.length, 0);
  return Buffer.concat([size, json, ...caches.values()]);
}

/**
 * The kind of a run, for the cache: its command and subcommand (words of lowercase letters: `member list`, not the
 * `s12` of `checkin s12` or a member's name) and its output mode. A command first run as a table compiles the table's
 * code; its first run with --json compiles other code, which the cache then takes in too.
 */
export function runKind(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    // The global options that take a value (src/commands/index.ts): their value is no command.
    if (arg === '--store' || arg === '--by') i++;
    if (arg.startsWith('-')) continue;
    if (words.length === 2 || (words.length === 1 && !/^[a-z][a-z-]*$/.test(arg))) break;
    words.push(arg);
  }
  const mode = argv.includes('--json') ? ' --json' : argv.includes('--csv') ? ' --csv' : '';
  return `${words.join(' ')}${mode}`;
}

class ChunkLoader {
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly loaded: Array<{ script: Script; name: string }> = [];
  private missed = false;
  private pack: number | null | undefined;
  private caches: Map<string, Buffer> | undefined;
  private runs: string[] = [];

  constructor(
    private readonly dist: string,
    private readonly folder: string,
    private readonly kind: string,
  ) {}

  /**
   * The code of dist's `name` in its CommonJS wrapper: its bytes in the pack (read where they are; the pack holds every
   * command's code), else (no pack, or a file not in it) its own file, wrapped.
   */
  private source(file: string, name: string): string {
    if (this.pack === undefined) {
      try {
        this.pack = openSync(join(this.dist, 'chunks.pack'), 'r');
      } catch {
        this.pack = null;
      }
    }
    const span = __PACK_INDEX__[name];
    if (this.pack === null || !span) return wrap(readFileSync(file, 'utf8'));
    const bytes = Buffer.allocUnsafe(span[1]);
    if (readSync(this.pack, bytes, 0, span[1], span[0]) !== span[1]) return wrap(readFileSync(file, 'utf8'));
    return bytes.toString('utf8');
  }

  private cache(name: string): Buffer | undefined {
    if (!this.caches) {
      try {
        ({ caches: this.caches, runs: this.runs } = readPack(readFileSync(join(this.folder, CACHE_PACK))));
      } catch {
        // None yet, or unreadable: compile.
        this.caches = new Map();
      }
    }
    return this.caches.get(name);
  }

  load(file: string): unknown {
    const known = this.modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} };
    this.modules.set(file, module);
    // Every file loaded is inside dist/ (see requireChunk): it is named by its path there.
    const name = file.slice(this.dist.length + 1).split(sep).join('/');
    const cachedData = this.cache(name);
    const script = new Script(this.source(file, name), { filename: file, cachedData });
    this.loaded.push({ script, name });
    if (!cachedData || script.cachedDataRejected) this.missed = true;
    const dir = dirname(file);
    // The bundle's own requires are `./name.js` and `../name.js`; joining them is all path.resolve would do.
    const requireChunk = (id: string): unknown =>
      id.startsWith('./') ? this.load(`${dir}${sep}${id.slice(2)}`) : id.startsWith('../') ? this.load(resolve(dir, id)) : require(id);
    requireChunk.resolve = require.resolve;
    (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, requireChunk, module, file, dir);
    return module.exports;
  }

  /**
   * When any chunk had no usable cache (a new build), or this kind of run is new to the pack (a command's first run,
   * or its first in another output mode), writes the cache pack again: the chunks this run loaded with what it
   * compiled in them, the others as they were. Shared chunks' caches so grow to what all commands use, and runs of a
   * kind seen before write nothing. Best effort; two processes writing at once each write a whole pack, and the last
   * one stays.
   */
  save(): void {
    if (!this.missed && this.runs.includes(this.kind)) return;
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      pruneOldBuilds(this.folder);
    } catch {
      return;
    }
    const caches = new Map(this.caches);
    for (const { script, name } of this.loaded) caches.set(name, script.createCachedData());
    const target = join(this.folder, CACHE_PACK);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      const runs = [...this.runs.filter((run) => run !== this.kind), this.kind].slice(-KEEP_RUNS);
      writeFileSync(temp, writeCachePack(caches, runs), { mode: 0o600 });
      renameSync(temp, target);
    } catch {
      rmSync(temp, { force: true });
    }
  }
}

/** Keeps the caches of the few most recently used builds beside this one. */
function pruneOldBuilds(folder: string): void {
  const base = dirname(folder);
  const others = readdirSync(base)
    .map((name) => join(base, name))
    .filter((path) => path !== folder)
    .map((path) => ({ path, used: statSync(path).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const old of others.slice(KEEP_BUILDS - 1)) rmSync(old.path, { recursive: true, force: true });
}

export function run(argv: string[]): Promise<void> {
  const dist = __dirname;
  const folder = cacheFolder(process.env);
  if (!folder) return (require(join(dist, 'cli.js')) as CliModule).main(argv);
  const loader = new ChunkLoader(dist, folder, runKind(argv));
  process.on('exit', () => loader.save());
  return (loader.load(join(dist, 'cli.js')) as CliModule).main(argv);
}
