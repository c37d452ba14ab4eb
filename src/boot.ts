// Start-up: loads dist/'s CommonJS chunks through V8's code cache. Compiling the code a command runs is about a third
// of what `club` adds to Node's own start-up, and Node 20 caches no compiled code of its own (module.enableCompileCache
// came in 22.1). Each chunk is compiled with the cache a previous run left; a chunk compiled afresh has its cache
// written when the process exits, with the functions that run compiled, so the next run skips that work too.
//
// The cache is a per-user folder ($CLUB_CACHE_DIR, else $XDG_CACHE_HOME/clubadmin, else ~/.cache/clubadmin) with one
// sub-folder per Node version and build. Nothing in it is needed: V8 rejects a cache made by another V8 or for other
// source, a file that cannot be read or written is skipped, and NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { Script } from 'node:vm';

/** A digest of every file of the build, set by scripts/build.mjs: a cache is never used for other code. */
declare const __BUILD_ID__: string;

const KEEP_BUILDS = 4;

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

interface Loaded {
  script: Script;
  file: string;
}

class ChunkLoader {
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly loaded: Loaded[] = [];
  private missed = false;

  constructor(
    private readonly dist: string,
    private readonly folder: string,
  ) {}

  load(file: string): unknown {
    const known = this.modules.get(file);
    if (known) return known.exports;
    const module = { exports: {} };
    this.modules.set(file, module);
    const source = readFileSync(file, 'utf8');
    // Every file loaded is inside dist/ (see requireChunk): its cache file is named by its path there.
    const cacheFile = join(this.folder, file.slice(this.dist.length + 1).split(sep).join('_'));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // None yet, or unreadable: compile.
    }
    // The CommonJS wrapper on the first line, so line numbers stay those of the file.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
    this.loaded.push({ script, file: cacheFile });
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
   * When any chunk had no usable cache (a command's first run, or a new build), writes the cache of every chunk the
   * run loaded: the shared chunks' caches then gain the functions this command compiled in them, so each chunk's
   * cache grows to what all commands use and runs that find every cache write nothing. Best effort, each file whole.
   */
  save(): void {
    if (!this.missed) return;
    try {
      mkdirSync(this.folder, { recursive: true, mode: 0o700 });
      pruneOldBuilds(this.folder);
    } catch {
      return;
    }
    for (const { script, file } of this.loaded) {
      const temp = `${file}.${process.pid}.tmp`;
      try {
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, file);
      } catch {
        rmSync(temp, { force: true });
      }
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
  const loader = new ChunkLoader(dist, folder);
  process.on('exit', () => loader.save());
  return (loader.load(join(dist, 'cli.js')) as CliModule).main(argv);
}
