// Messages for the group chat: `notice next` and `remind …` (one group: both are plain text from chat templates).
import type { Command } from 'commander';
import { leaf } from '../define.js';
import type { Invoke, Loader } from '../define.js';
import { t } from '../../i18n/index.js';

function chatFlags(cmd: Command): Command {
  return cmd.option('--lang <lang>', t('chat.help.lang')).option('--template <file>', t('chat.help.template'));
}

export function registerMessageCommands(program: Command, invoke: Invoke): void {
  const notice = program.command('notice').description(t('chat.help.notice'));
  chatFlags(
    leaf(
      notice,
      'next',
      { description: t('chat.help.next'), examples: ['club notice next', 'club notice next --days 14 --lang en', 'club notice next | tee notice.txt', 'club notice next --json | jq ".sessions[].id"'] },
      invoke,
      () => import('./next.js'),
    ),
  ).option('--days <n>', t('chat.help.days'));

  const remind = program.command('remind').description(t('chat.help.remind'));
  const reminders: Array<[string, string, string[], Loader]> = [
    ['absent [session]', t('chat.help.absent'), ['club remind absent', 'club remind absent s12'], () => import('../remind/absent.js')],
    ['survey <survey>', t('chat.help.survey'), ['club remind survey v3'], () => import('../remind/survey.js')],
    ['tasks', t('chat.help.tasks'), ['club remind tasks', 'club remind tasks --json | jq ".tasks[].id"'], () => import('../remind/tasks.js')],
    ['reading', t('chat.help.reading'), ['club remind reading'], () => import('../remind/reading.js')],
    ['registration <session>', t('chat.help.registration'), ['club remind registration s15'], () => import('../remind/registration.js')],
  ];
  for (const [usage, description, examples, load] of reminders) chatFlags(leaf(remind, usage, { description, examples }, invoke, load));
}
