// A structured file people write by hand (a survey, an activity plan): JSON when it looks like JSON (or is named
// .json), YAML otherwise. The yaml package is loaded only here, and only when a file is YAML.
import { extname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';
import { commonJsExports } from './commonjs.js';
import { refuseDeepNesting } from './nesting.js';

export async function parseDataFile(text: string, name: string): Promise<unknown> {
  const parsed = await parse(text, name);
  refuseDeepNesting(parsed, name);
  return parsed;
}

async function parse(text: string, name: string): Promise<unknown> {
  if (extname(name).toLowerCase() === '.json' || /^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new UsageError(t('store.isNotValidJson', { name, value: (err as Error).message }));
    }
  }
  const { parse } = commonJsExports(await import('yaml'));
  try {
    return parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (err) {
    // The yaml library's guard against alias bombs ("billion laughs"): the file's fault, not a bug.
    if (err instanceof ReferenceError && /alias/i.test(err.message)) throw new UsageError(t('fail.yamlAliases', { name }));
    // YAMLParseError and the like; anything else is a bug, not the file's fault.
    if (!(err instanceof Error) || !err.name.startsWith('YAML')) throw err;
    throw new UsageError(t('store.isNotValidYaml', { name, value: err.message.split('\n')[0] }));
  }
}
