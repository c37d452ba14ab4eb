// A checkbox list you can type into to filter, built on @inquirer/core (the engine of @inquirer/prompts), for
// checking in from a roster of 100+ members: type a few characters of a name, nickname or QQ, Tab to tick, Enter.
import { t } from '../../i18n/index.js';
import { createPrompt, isDownKey, isEnterKey, isTabKey, isUpKey, makeTheme, useKeypress, useMemo, usePagination, usePrefix, useState } from '@inquirer/core';

export interface SearchCheckboxChoice<T> {
  name: string;
  value: T;
  /** Extra text the filter matches (nickname, QQ…), shown dimmed. */
  keywords?: string;
  checked?: boolean;
}

export interface SearchCheckboxConfig<T> {
  message: string;
  choices: Array<SearchCheckboxChoice<T>>;
  pageSize?: number;
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

export const searchCheckbox = createPrompt(<T>(config: SearchCheckboxConfig<T>, done: (value: T[]) => void): string => {
  const theme = makeTheme({});
  const [status, setStatus] = useState<'idle' | 'done'>('idle');
  const prefix = usePrefix({ status, theme });
  const [filter, setFilter] = useState('');
  const [checked, setChecked] = useState<ReadonlySet<number>>(new Set(config.choices.flatMap((c, i) => (c.checked ? [i] : []))));
  const [active, setActive] = useState(0);
  const visible = useMemo(() => {
    const needle = fold(filter.trim());
    return config.choices.map((c, i) => ({ ...c, index: i })).filter((c) => !needle || fold(`${c.name} ${c.keywords ?? ''}`).includes(needle));
  }, [filter]);

  useKeypress((key, rl) => {
    if (isEnterKey(key)) {
      setStatus('done');
      done([...checked].sort((a, b) => a - b).map((i) => config.choices[i]!.value));
    } else if (isUpKey(key) || isDownKey(key)) {
      rl.clearLine(0);
      rl.write(filter);
      if (visible.length) setActive((active + (isUpKey(key) ? -1 : 1) + visible.length) % visible.length);
    } else if (isTabKey(key)) {
      rl.clearLine(0);
      const item = visible[Math.min(active, visible.length - 1)];
      if (item) {
        const next = new Set(checked);
        if (next.has(item.index)) next.delete(item.index);
        else next.add(item.index);
        setChecked(next);
      }
      setFilter('');
      setActive(0);
    } else {
      setFilter(rl.line);
      setActive(0);
    }
  });

  const message = theme.style.message(config.message, status);
  if (status === 'done') return `${prefix} ${message} ${theme.style.answer(t('prompt.checklist.done', { n: checked.size }))}`;
  const page = usePagination({
    items: visible,
    active: Math.min(active, Math.max(visible.length - 1, 0)),
    renderItem: ({ item, isActive }) => {
      const box = checked.has(item.index) ? theme.style.highlight('◉') : '◯';
      const text = `${isActive ? '❯' : ' '}${box} ${item.name}${item.keywords ? theme.style.help(`  ${item.keywords}`) : ''}`;
      return isActive ? theme.style.highlight(text) : text;
    },
    pageSize: config.pageSize ?? 12,
    loop: false,
  });
  const help = theme.style.help(t('prompt.checklist.help', { n: checked.size }));
  return [`${prefix} ${message} ${filter}`, visible.length ? page : theme.style.help(`  ${t('prompt.checklist.noMatch')}`), help].join('\n');
});
