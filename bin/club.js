#!/usr/bin/env node
// CommonJS (bin/package.json): dist/boot.js loads the command's chunks through V8's code cache.
require('../dist/boot.js').run(process.argv.slice(2));
