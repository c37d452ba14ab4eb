// The guard for templates that come from people (an ejected or --template file): checked on Handlebars' own parse
// tree, so no spelling of a forbidden construct gets past it (`{{{x}}}`, `{{~{x}~}}`, `{{& x}}`, whitespace
// control, comments around it). Refused: unescaped output, partials, decorators, the `log` and `lookup` helpers, and
// any path through a prototype property. Every value a template prints then goes through the Markdown escaper.
import { UsageError } from '../core/errors.js';
import { t } from '../i18n/index.js';

type Handlebars = typeof import('handlebars');
type Node = { type: string; loc?: { start: { line: number } } | null; [key: string]: unknown };

const FORBIDDEN_HELPERS = new Set(['log', 'lookup']);
const FORBIDDEN_PARTS = new Set(['__proto__', 'constructor', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

/** Throws a usage error naming the line of the first forbidden construct in `source`. */
export function guardTemplate(hb: Handlebars, source: string, where: string): void {
  let ast: Node;
  try {
    ast = hb.parse(source) as unknown as Node;
  } catch (err) {
    throw new UsageError(`${where}: ${(err as Error).message.split('\n')[0]}`);
  }
  const refuse = (node: Node, what: string): never => {
    throw new UsageError(t('template.forbidden', { where, line: node.loc?.start.line ?? '?', what }), t('template.forbidden.hint'));
  };
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!value || typeof value !== 'object') return;
    const node = value as Node;
    switch (node.type) {
      case 'MustacheStatement':
        if (node.escaped === false) refuse(node, t('template.unescaped'));
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement':
        refuse(node, t('template.partial'));
        break;
      case 'Decorator':
      case 'DecoratorBlock':
        refuse(node, t('template.decorator'));
        break;
      case 'PathExpression': {
        const parts = (node.parts as string[] | undefined) ?? [];
        if (parts.some((p) => FORBIDDEN_PARTS.has(p))) refuse(node, t('template.prototype', { path: String(node.original) }));
        if (parts.length === 1 && FORBIDDEN_HELPERS.has(parts[0]!)) refuse(node, t('template.helper', { name: parts[0]! }));
        break;
      }
    }
    for (const [key, child] of Object.entries(node)) if (key !== 'loc' && key !== 'strip' && key !== 'openStrip' && key !== 'closeStrip' && key !== 'inverseStrip') visit(child);
  };
  visit(ast);
}
