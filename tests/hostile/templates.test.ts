// The template guard works on Handlebars' parse tree: no spelling of unescaped output, partials, decorators, log,
// lookup or a prototype path gets through, and the refusal names the line.
import Handlebars from 'handlebars';
import { describe, expect, it } from 'vitest';
import { guardTemplate } from '../../src/io/template-guard.js';

const check = (source: string) => {
  try {
    guardTemplate(Handlebars.create(), source, 'evil.hbs');
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
};

describe('guardTemplate', () => {
  it.each([
    ['{{{title}}}', /line 1: unescaped output/],
    ['# x\n\n{{~{title}~}}', /line 3: unescaped output/],
    ['{{&title}}', /line 1: unescaped output/],
    ['{{& title}}', /line 1: unescaped output/],
    ['a\n{{> evil}}', /line 2: a partial/],
    ['{{#> layout}}x{{/layout}}', /line 1: a partial/],
    ['{{log club}}', /line 1: the log helper/],
    ['{{#each sessions}}\n{{lookup this "title"}}\n{{/each}}', /line 2: the lookup helper/],
    ['{{club.__proto__}}', /the prototype path club.__proto__/],
    ['{{#with club}}{{constructor}}{{/with}}', /the prototype path constructor/],
    ['{{#if (lookup this "x")}}y{{/if}}', /the lookup helper/],
    ['{{* decorator}}', /a decorator/],
  ])('refuses %j', (source, message) => {
    expect(check(source)).toMatch(message);
  });

  it.each([
    '# {{club}} {{period.week}}',
    '{{#each sessions}}| {{title}} | {{pct rate}} |\n{{/each}}',
    '{{!-- a comment with {{{ inside --}}}',
    '{{#if x}}{{else}}none{{/if}}',
  ])('lets %j through', (source) => {
    expect(check(source)).toBe('ok');
  });
});
