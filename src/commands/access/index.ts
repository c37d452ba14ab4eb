import { Option } from 'commander';
import type { Command } from 'commander';
import { ACCESS_ROLES } from '../../core/access.js';
import { t } from '../../i18n/index.js';
import { leaf } from '../define.js';
import type { Invoke } from '../define.js';

/** `club access …` (who may use a database store, with which role) and `club store …` (the store itself). */
export function registerAccessCommands(program: Command, invoke: Invoke): void {
  const access = program.command('access').description(t('access.desc.group'));
  leaf(access, 'list', { description: t('access.desc.list'), csv: true, examples: ['club access list', 'club access list --json'] }, invoke, () =>
    import('./list.js'),
  );
  leaf(
    access,
    'grant <user>',
    {
      description: t('access.desc.grant'),
      examples: ['club access grant wangxm --role clerk --member 王小明', 'club access grant treasurer1 --role treasurer'],
    },
    invoke,
    () => import('./grant.js'),
  )
    .addOption(new Option('--role <role>', t('access.desc.role')).choices(ACCESS_ROLES).makeOptionMandatory())
    .option('--member <member>', t('access.desc.member'));
  leaf(access, 'revoke <user>', { description: t('access.desc.revoke'), examples: ['club access revoke wangxm'] }, invoke, () => import('./revoke.js'));

  const store = program.command('store').description(t('access.desc.store'));
  leaf(store, 'info', { description: t('access.desc.info'), examples: ['club store info', 'club store info --json'] }, invoke, () =>
    import('./store-info.js'),
  );
  leaf(
    store,
    'copy',
    {
      description: t('pgcopy.desc'),
      examples: ['club store copy --to postgresql://clubowner@db.example.org/readers', 'club store copy --to ~/clubs/readers-copy'],
    },
    invoke,
    () => import('./store-copy.js'),
  ).requiredOption('--to <dir|url>', t('pgcopy.desc.to'));
  leaf(
    store,
    'upgrade',
    { description: t('upgrade.desc'), examples: ['club --store postgresql://clubowner@db.example.org/readers store upgrade'] },
    invoke,
    () => import('./store-upgrade.js'),
  );
}
