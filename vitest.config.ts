import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain .mjs module shared with scripts/build.mjs, without type declarations
import { BUILTIN_TEMPLATE_PREFIX, BUILTIN_TEMPLATES_ID, builtinTemplateModule, builtinTemplatesModule } from './scripts/builtin-templates.mjs';
import { SlowFirstSequencer } from './tests/helpers/sequencer.js';

// The precompiled built-in templates, made as the build makes them.
const plugins = [
  {
    name: 'builtin-templates',
    resolveId: (id: string) => (id === BUILTIN_TEMPLATES_ID || id.startsWith(BUILTIN_TEMPLATE_PREFIX) ? `\0${id}` : undefined),
    load: (id: string) =>
      id === `\0${BUILTIN_TEMPLATES_ID}` ? builtinTemplatesModule() : id.startsWith(`\0${BUILTIN_TEMPLATE_PREFIX}`) ? builtinTemplateModule(id.slice(1)) : undefined,
  },
];

// Child processes (e2e) and real fsync make some tests slow on a 2-core machine.
const timeouts = { testTimeout: 60_000, hookTimeout: 60_000 };

/**
 * The files that start dozens of club processes at once (60 parallel writers, 50 database clients, CPU hogs). Two of
 * them at the same time starve each other's lock holders (exit 4) and time out, so they run one after another, in a
 * lane of their own beside the other files. A new file of that kind: name it parallel*.test.ts or add it here.
 */
const MANY_PROCESSES = ['tests/**/parallel*.test.ts', 'tests/reliability/pg-reliability.test.ts', 'tests/e2e/foundation.test.ts'];

export default defineConfig({
  test: {
    // CLUB_CACHE_DIR in a temp folder for every child process: tests never write the user's ~/.cache. Here only, not
    // in the projects: the root's global setup runs once per run (one PostgreSQL cluster), a project's once more.
    globalSetup: ['tests/helpers/global-setup.ts'],
    // vitest run uses one worker fewer than the machine's cores: a single worker on the 2-core CI machine, which then
    // sat idle half the time while a test waited for its child processes, a lock or the database. Now two workers
    // (forks) take the other files, the slow ones first (tests/helpers/sequencer.ts), and one more (a worker thread:
    // a pool of its own is a queue of its own) the many-process files, one at a time.
    // Each file gets a fresh process (vitest's default isolation). Reusing workers between files (isolate: false) saved
    // CPU but shared test modules too: a fixture one file's store stamped in place (recordedAt) reached the next file
    // in that worker, and the contract test failed or passed by file order. tests/helpers/fresh-state.ts stays: it
    // puts back what src/ keeps between calls, as a fresh process has it.
    poolOptions: { forks: { maxForks: 2, minForks: 1 }, threads: { maxThreads: 1, minThreads: 1 } },
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        plugins,
        test: { name: 'tests', include: ['tests/**/*.test.ts'], exclude: MANY_PROCESSES, pool: 'forks', setupFiles: ['tests/helpers/fresh-state.ts'], ...timeouts },
      },
      {
        plugins,
        // The files only spawn processes and talk to PostgreSQL: nothing a worker thread lacks (process.chdir, umask).
        test: { name: 'many-processes', include: MANY_PROCESSES, pool: 'threads', ...timeouts },
      },
    ],
  },
});
