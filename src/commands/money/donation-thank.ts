import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';

export default async function todo(_ctx: Context): Promise<Output | void> {
  throw new Error('not yet');
}
