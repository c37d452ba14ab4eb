// Files a command reads or writes outside the store: input files (or `-` for stdin), and output files written
// atomically with mode 0600 (they hold personal data).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { durableWrite } from '../store/validated-json-file.js';
import type { Context } from './context.js';

export async function readInput(ctx: Context, path: string, what = 'file'): Promise<Buffer> {
  if (path === '-') return ctx.readStdin();
  try {
    // Synchronous, as the store's own reads: node:fs/promises would load readline and the file watchers with it.
    return readFileSync(resolve(ctx.cwd, path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${what} not found: ${path}`);
    if (code === 'EISDIR') throw new UsageError(`${what} is a directory: ${path}`);
    if (code === 'EACCES') throw new UsageError(`cannot read ${what}: ${path} (permission denied)`);
    throw err;
  }
}

export async function writeOutput(ctx: Context, path: string, content: string | Buffer): Promise<string> {
  const target = resolve(ctx.cwd, path);
  try {
    await durableWrite(ctx.fs, target, typeof content === 'string' ? content : content.toString('utf8'), 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`cannot write ${path}: its folder does not exist`);
    if (code === 'EACCES') throw new UsageError(`cannot write ${path}: permission denied`);
    throw err;
  }
  return target;
}
