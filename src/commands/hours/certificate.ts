import { buildCertificate } from '../../core/activities/certificate.js';
import { resolveMember } from '../../core/members/reference.js';
import { parseSettingValue } from '../../core/settings.js';
import type { Lang } from '../../core/settings.js';
import type { Context } from '../../io/context.js';
import type { Output } from '../../io/output.js';
import { coreEnv } from '../member/shared.js';
import { renderReport } from '../report/shared.js';
import { parseDateRange } from '../session/shared.js';

/**
 * The service-hours certificate, rendered as a report is: from the store's certificate.<lang> template (else the
 * built-in one, or --template), to stdout or atomically to --out; --json prints the data the template receives.
 */
export default async function hoursCertificate(ctx: Context, [member]: unknown[], opts: { from?: string; to?: string; lang?: string; template?: string; out?: string; json?: boolean }): Promise<Output | void> {
  const lang = opts.lang === undefined ? undefined : (parseSettingValue('lang', opts.lang) as Lang);
  const store = await ctx.openStore();
  const { meta, hours, sessions, members } = await store.read(['hours', 'sessions', 'members']);
  const range = parseDateRange(ctx, meta, opts);
  const env = coreEnv(ctx, meta);
  const certificate = buildCertificate(resolveMember(members, String(member)), hours, sessions, range, { ...env, settings: { ...env.settings, lang: lang ?? env.settings.lang } });
  return renderReport(ctx, certificate as unknown as Record<string, unknown>, `certificate.${certificate.lang}`, store, opts);
}
