// string-width builds an ICU segmenter and emoji expressions when it loads (about three times all of `node -e 0` in
// instructions): commands load it only when a text needs it, and measure ASCII and Chinese text without it.
import { describe, expect, it } from 'vitest';
import { displayWidth, needsWidths, widthsLoaded, withWidths, WidthsNotLoaded } from '../../src/io/width.js';
import { freshClub } from '../helpers/run.js';

describe('string-width is loaded only for text that needs it', () => {
  it('commands printing ASCII and Chinese do not load it; a table with an emoji does, and lays out as before', async () => {
    const c = await freshClub();
    try {
      expect((await c.club(['member', 'add', '杨洪勇', '--joined', '2026-01-05'])).code).toBe(0);
      expect((await c.club(['member', 'add', 'Ada Li', '--joined', '2026-01-05'])).code).toBe(0);
      const show = await c.club(['member', 'show', 'm1'], { tty: true, columns: 80 });
      expect(show.code).toBe(0);
      expect(show.stdout).toContain('杨洪勇');
      const list = await c.club(['member', 'list'], { tty: true, columns: 80 });
      expect(list.stdout).toContain('Ada Li');
      expect(widthsLoaded()).toBe(false);
      expect(displayWidth('杨洪勇 m1')).toBe(9);
      expect(needsWidths('雅风 and Ada')).toBe(false);

      expect(needsWidths('雅风😀')).toBe(true);
      expect(() => displayWidth('雅风😀')).toThrow(WidthsNotLoaded);
      expect((await c.club(['member', 'add', '雅风😀', '--joined', '2026-01-05'])).code).toBe(0);
      const wide = await c.club(['member', 'list'], { tty: true, columns: 80 });
      expect(wide.code).toBe(0);
      expect(widthsLoaded()).toBe(true);
      // Every line of the table is as wide as its rules: the emoji measured as two columns.
      const lines = wide.stdout.trimEnd().split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''));
      const widths = new Set(lines.map((l) => displayWidth(l)));
      expect(widths.size).toBe(1);
      expect(displayWidth('雅风😀')).toBe(6);
      expect(await withWidths(() => displayWidth('👍'))).toBe(2);
    } finally {
      c.cleanup();
    }
  });
});
