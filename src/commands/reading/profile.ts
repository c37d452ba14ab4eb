// The reading part of `member show`: the reading warning (the first miss in 60 days) and whether removal is due.
import type { ReadingStanding } from '../../core/reading/rules.js';
import { t } from '../../i18n/index.js';
import type { Style } from '../../io/style.js';

export function renderReading(standing: ReadingStanding, style: Style): string {
  if (!standing.misses.length) return '';
  const lines = [''];
  const removal = standing.removalDue ? t('reading.removalSuffix') : '';
  lines.push((standing.removalDue ? style.red : style.bold)(t('reading.missesLine', { misses: standing.misses.length, removal })));
  const w = standing.warning!;
  const task = standing.misses[0]!;
  lines.push(`  ${w.date}  ${t('reading.warningLine', { reason: w.reason, task: w.taskId, due: task.due })}`);
  return lines.join('\n');
}
