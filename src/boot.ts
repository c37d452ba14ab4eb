// Start-up: loads dist/'s CommonJS chunks through V8's code cache. Compiling the code a command runs is about a third
// of what `club` adds to Node's own start-up, and Node 20 caches no compiled code of its own (module.enableCompileCache
// came in 22.1). Each chunk is compiled with the cache a previous run left; a chunk compiled afresh has its cache
// written when the process exits, with the functions that run compiled, so the next run skips that work too.
//
// A store command loads about 35 chunks. Their code comes from one file, dist/chunks.pack (scripts/build.mjs), and
// their caches from one file, cache.pack: two files opened instead of seventy, which at start-up cost about 4 ms. Both
// are read at the spans a run needs, never whole.
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

export function readCachePack(bytes: Buffer): Map<string, Buffer> {
  const pack: Map<string, Buffer> = new Map();
  const index = packIndex(bytes.length >= 4 ? bytes.subarray(4, 4 + bytes.readUInt32LE(0)) : Buffer.alloc(0));
  const start = 4 + (bytes.length >= 4 ? bytes.readUInt32LE(0) : 0);
  for (const [name, [offset, length]] of index.spans) {
    if (start + offset + length <= bytes.length) pack.set(name, bytes.subarray(start + offset, start + offset + length));
  }
  return pack;
}

interface PackIndex {
  /** Each file's cache: [offset from the end of the index, length]. */
  spans: Map<string, [number, number]>;
  runs: string[];
}

/** The JSON index of a pack; anything that does not read as one is an empty index. */
function packIndex(json: Buffer): PackIndex {
  const index: PackIndex = { spans: new Map(), runs: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    return index;
  }
  if (typeof parsed !== 'object' || parsed === null) return index;
  for (const [name, span] of Object.entries(parsed)) {
    if (name === RUNS) {
      if (Array.isArray(span)) index.runs = span.filter((run): run is string => typeof run === 'string');
    } else if (Array.isArray(span) && Number.isInteger(span[0]) && Number.isInteger(span[1]) && span[0] >= 0 && span[1] > 0) {
      index.spans.set(name, [span[0], span[1]]);
    }
  }
  return index;
}

/**
 * cache.pack read where it is: its index at open, then each file's cache when that file is loaded. A pack holds the
 * caches of every command that ran (2 MB and more); a run needs a few hundred KB of them, and reading the whole file
 * cost more than all the compiling it saved on a machine whose reads are slow. The descriptor keeps the pack this run
 * opened, even when another process writes a new one meanwhile.
 */
class CachePackFile {
  private constructor(
    private readonly fd: number,
    private readonly start: number,
    readonly index: PackIndex,
  ) {}

  static open(path: string): CachePackFile | null {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return null;
    }
    const size = Buffer.alloc(4);
    try {
      if (readSync(fd, size, 0, 4, 0) !== 4) return new CachePackFile(fd, 0, packIndex(Buffer.alloc(0)));
      const json = Buffer.allocUnsafe(size.readUInt32LE(0));
      if (readSync(fd, json, 0, json.length, 4) !== json.length) return new CachePackFile(fd, 0, packIndex(Buffer.alloc(0)));
      return new CachePackFile(fd, 4 + json.length, packIndex(json));
    } catch {
      return new CachePackFile(fd, 0, packIndex(Buffer.alloc(0)));
    }
  }

  /** A file's cache, or undefined when the pack has none or ends before it. */
  get(name: string): Buffer | undefined {
    const span = this.index.spans.get(name);
    if (!span) return undefined;
    const bytes = Buffer.allocUnsafe(span[1]);
    try {
      return readSync(this.fd, bytes, 0, span[1], this.start + span[0]) === span[1] ? bytes : undefined;
    } catch {
      return undefined;
    }
  }
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
  private caches: CachePackFile | null | undefined;

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

  /** The pack of caches (null when there is none yet, or it cannot be read: then every chunk is compiled). */
  private cachePack(): CachePackFile | null {
    if (this.caches === undefined) this.caches = CachePackFile.open(join(this.folder, CACHE_PACK));
    return this.caches;
  }

  load(file: string): unknown {
    const known = this.modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} };
    this.modules.set(file, module);
    // Every file loaded is inside dist/ (see requireChunk): it is named by its path there.
    const name = file.slice(this.dist.length + 1).split(sep).join('/');
    const cachedData = this.cachePack()?.get(name);
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
    const pack = this.cachePack();
    const runs = pack?.index.runs ?? [];
    if (!this.missed && runs.includes(this.kind)) return;
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      pruneOldBuilds(this.folder);
    } catch {
      return;
    }
    const caches = new Map<string, Buffer>();
    for (const name of pack?.index.spans.keys() ?? []) {
      const cache = pack!.get(name);
      if (cache) caches.set(name, cache);
    }
    for (const { script, name } of this.loaded) caches.set(name, script.createCachedData());
    const target = join(this.folder, CACHE_PACK);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      const kinds = [...runs.filter((run) => run !== this.kind), this.kind].slice(-KEEP_RUNS);
      writeFileSync(temp, writeCachePack(caches, kinds), { mode: 0o600 });
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
