// npm run bench:seed -- --size small|typical|large|xlarge --store DIR: a deterministic club written through the store.
import { resolve } from 'node:path';
import { SIZES, seedStore } from './seed.js';
import type { Size } from './seed.js';

async function main(argv: string[]): Promise<void> {
  const arg = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = (arg('--size') ?? 'small') as Size;
  if (!(size in SIZES)) throw new Error(`--size must be small, typical, large or xlarge (got ${size})`);
  const dir = resolve(arg('--store') ?? `bench-stores/${size}`);
  const now = new Date(process.env.CLUB_NOW ?? '2026-03-26T12:00:00+08:00');
  const { counts } = await seedStore(dir, size, now);
  process.stdout.write(`${JSON.stringify({ size, dir, counts })}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench:seed: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
