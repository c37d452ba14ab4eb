// A language's catalogue. The built club replaces this module (scripts/build.mjs) with one that reads
// dist/i18n/<lang>.json when a message of that language is first asked for: a run needs one catalogue, and parsing
// its JSON costs a fraction of compiling and running both catalogues' code (about 1,700 keys each) at every start.
import { type MessageKey, en } from './en.js';
import { zh } from './zh.js';

export function loadCatalogue(lang: 'zh' | 'en'): Record<MessageKey, string> {
  return lang === 'zh' ? zh : en;
}
