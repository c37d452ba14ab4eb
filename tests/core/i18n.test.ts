import { afterEach, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en.js';
import { currentLang, t, useClubLang, useEnvLang } from '../../src/i18n/index.js';
import { zh } from '../../src/i18n/zh.js';

const CATALOGUES = { en, zh };

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the zh and en catalogues', () => {
  afterEach(() => useEnvLang({}));

  it('hold the same keys, each with the same placeholders and a non-empty text', () => {
    const enKeys = Object.keys(CATALOGUES.en).sort();
    const zhKeys = Object.keys(CATALOGUES.zh).sort();
    expect(zhKeys).toEqual(enKeys);
    for (const key of enKeys) {
      const e = CATALOGUES.en[key as keyof typeof CATALOGUES.en];
      const z = CATALOGUES.zh[key as keyof typeof CATALOGUES.zh];
      expect(z.trim(), key).not.toBe('');
      expect(e.trim(), key).not.toBe('');
      expect(placeholders(z), key).toEqual(placeholders(e));
    }
  });

  it('choose CLUB_LANG, then the club, then the locale', () => {
    expect(useEnvLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    useClubLang('en');
    expect(currentLang()).toBe('en');
    expect(useEnvLang({ LANG: 'zh_CN.UTF-8', CLUB_LANG: 'en' })).toBe('en');
    useClubLang('zh');
    expect(currentLang()).toBe('en');
    expect(useEnvLang({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(t('lang.name')).toBe('English');
    expect(t('lang.name', {}, 'zh')).toBe('中文');
  });
});
