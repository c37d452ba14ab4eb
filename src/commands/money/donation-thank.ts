import { findDonation, thankDonation, thanksLetter } from '../../core/money/donations.js';
import { parseSettingValue } from '../../core/settings.js';
import type { Lang } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import { writeOutput } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { t } from '../../i18n/index.js';
import { coreEnv } from '../member/shared.js';
import { templateSource } from '../report/shared.js';

/**
 * The thank-you letter for a donation, from the store's thanks.<lang> template (else the built-in one, or
 * --template), to stdout or to --out; --json prints the data the template receives. The letter is rendered before
 * anything changes (a broken template marks nothing), then the donation is marked thanked. Thanking again reprints
 * the letter and keeps the first thankedAt.
 */
export default async function donationThank(ctx: Context, [ref]: unknown[], opts: { out?: string; lang?: string; template?: string; json?: boolean }): Promise<Output | void> {
  const lang = opts.lang === undefined ? undefined : (parseSettingValue('lang', opts.lang) as Lang);
  const store = await ctx.openStore();
  const { meta, donations, donors, members } = await store.read(['donations', 'donors', 'members']);
  const env = coreEnv(ctx, meta);
  const letter = thanksLetter(findDonation(donations, String(ref)), donors, members, env, lang ?? env.settings.lang);
  let markdown: string | null = null;
  if (!opts.json) {
    const { renderTemplate } = await import('../../io/markdown.js');
    const { source, where } = await templateSource(ctx, store, `thanks.${letter.lang}`, opts.template);
    markdown = (await renderTemplate(source, letter as unknown as Record<string, unknown>, where)).replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
  }
  const r = await store.update(['donations'], (draft) => {
    const r = thankDonation(draft.donations, letter.donation.id, coreEnv(ctx, draft.meta));
    if (r.again) return { result: r, audit: null };
    draft.donations = r.donations;
    return { result: r, audit: { summary: `thanked donation ${r.donation.id}`, refs: [r.donation.id] } };
  });
  const data = { ...letter, thankedAt: r.donation.thankedAt };
  ctx.err(`${t(r.again ? 'donation.thankedAgain' : 'donation.thanked', { id: r.donation.id, at: r.donation.thankedAt!.slice(0, 10) })}\n`);
  if (opts.json) return { kind: 'item', data, render: () => '' };
  if (!opts.out) {
    ctx.out(markdown!);
    return;
  }
  const file = await writeOutput(ctx, opts.out, markdown!);
  if (file !== '-') ctx.err(`${t('donation.letterWritten', { file })}\n`);
}
