import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain .mjs module shared with scripts/build.mjs, without type declarations
import { BUILTIN_TEMPLATES_ID, builtinTemplatesModule } from './scripts/builtin-templates.mjs';

export default defineConfig({
  // The precompiled built-in templates, made as the build makes them.
  plugins: [
    {
      name: 'builtin-templates',
      resolveId: (id: string) => (id === BUILTIN_TEMPLATES_ID ? `\0${id}` : undefined),
      load: (id: string) => (id === `\0${BUILTIN_TEMPLATES_ID}` ? builtinTemplatesModule() : undefined),
    },
  ],
  test: {
    include: ['tests/**/*.test.ts'],
    // Child processes (e2e) and real fsync make some tests slow on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // CLUB_CACHE_DIR in a temp folder for every child process: tests never write the user's ~/.cache.
    globalSetup: ['tests/helpers/global-setup.ts'],
  },
});
