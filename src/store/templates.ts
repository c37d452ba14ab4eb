// A folder store's own report templates: files in `templates/` inside the store folder, one per template file name
// (`weekly.zh.md.hbs`). The Store interface's readTemplate, listTemplates and writeTemplate are these.
import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { ensureDir, plainDirOrNone } from './fs.js';
import type { StoreFs } from './fs.js';
import type { StoredTemplate } from './types.js';
import { durableWrite } from './validated-json-file.js';

export const TEMPLATE_DIR = 'templates';

/** A template file name is one name in the folder: no separators, no leading dot. */
function checkName(name: string): string {
  if (!/^[A-Za-z0-9][\w.-]*$/.test(name)) throw new UsageError(t('storeTemplates.badName', { name: JSON.stringify(name) }));
  return name;
}

export class FolderTemplates {
  constructor(
    private readonly fs: StoreFs,
    private readonly storeDir: string,
    private readonly fileMode: number,
    private readonly dirMode: number,
  ) {}

  /** The template's file; the folder must be the store's own (a link to a folder elsewhere is refused). */
  private path(name: string): string {
    const where = join(this.storeDir, TEMPLATE_DIR, checkName(name));
    plainDirOrNone(join(this.storeDir, TEMPLATE_DIR));
    return where;
  }

  async read(name: string): Promise<(StoredTemplate & { text: string }) | null> {
    const where = this.path(name);
    try {
      return { name, where, text: (await this.fs.readFile(where)).toString('utf8') };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async list(): Promise<StoredTemplate[]> {
    let names: string[];
    try {
      plainDirOrNone(join(this.storeDir, TEMPLATE_DIR));
      names = await this.fs.readdir(join(this.storeDir, TEMPLATE_DIR));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
    return names.filter((n) => !n.startsWith('.')).sort().map((name) => ({ name, where: join(this.storeDir, TEMPLATE_DIR, name) }));
  }

  async write(name: string, text: string): Promise<StoredTemplate> {
    const where = this.path(name);
    await ensureDir(this.fs, join(this.storeDir, TEMPLATE_DIR), this.dirMode);
    await durableWrite(this.fs, where, text, this.fileMode);
    return { name, where };
  }
}
