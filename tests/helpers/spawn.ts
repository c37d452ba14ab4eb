// End-to-end: the built bin/club.js in a child process, as a user's shell runs it.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/club.js', import.meta.url));

export interface SpawnResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A child's compile cache must be a test's own folder (global-setup.ts sets one), never the user's ~/.cache. */
export function assertPrivateCache(env: NodeJS.ProcessEnv): void {
  if (env.NODE_DISABLE_COMPILE_CACHE) return;
  const dir = env.CLUB_CACHE_DIR;
  if (!dir || !resolve(dir).startsWith(resolve(tmpdir()))) throw new Error(`a test would spawn club with CLUB_CACHE_DIR=${dir ?? '(unset)'}: set it to a temp folder (tests/helpers/global-setup.ts does)`);
}

export function clubProcess(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', CLUB_ACTOR: 'e2e', ...env };
    delete childEnv.NODE_ENV;
    delete childEnv.CLUB_STORE;
    delete childEnv.VITEST;
    assertPrivateCache(childEnv);
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** clubProcess for a setup step, whose exit code is checked: throws with the command's stderr unless it exits 0. */
export async function clubOk(cwd: string, args: string[], env: Record<string, string> = {}, input?: string): Promise<SpawnResult> {
  const r = await clubProcess(cwd, args, env, input);
  if (r.code !== 0) throw new Error(`setup step \`club ${args.join(' ')}\` exited ${r.code}:\n${r.stderr}`);
  return r;
}
