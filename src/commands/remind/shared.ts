// What every `remind` command does once its core function has said who to remind: the message, or the line that
// says there is nobody.
import type { Reminder } from '../../core/messages/remind.js';
import { remindView } from '../../core/messages/view.js';
import type { Wording } from '../../core/messages/view.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import type { Store } from '../../store/types.js';
import { chatMessage } from '../notice/chat.js';
import type { ChatOpts } from '../notice/chat.js';

export function remindMessage(ctx: Context, store: Store, reminder: Reminder, club: string, wording: Wording, opts: ChatOpts, nobody: string): Promise<Output | void> {
  const empty = reminder.members.length === 0 && !('tasks' in reminder && reminder.tasks.length > 0) ? nobody : null;
  return chatMessage(ctx, store, 'remind', reminder, () => remindView(reminder, club, wording), { ...opts, empty, wording });
}
