#!/usr/bin/env node
// Node 22.1+ keeps compiled code between runs (a no-op on Node 20, where the API does not exist).
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');
main(process.argv.slice(2));
