import { describe, expect, it } from 'vitest';
import en from './en.json';
import ne from './ne.json';
import { translate } from './index';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  it('have the same keys in English and Nepali', () => {
    expect(Object.keys(ne).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings and the same placeholders', () => {
    for (const [key, text] of Object.entries(en)) {
      const other = (ne as Record<string, string>)[key]!;
      expect(text.trim(), key).not.toBe('');
      expect(other.trim(), key).not.toBe('');
      expect(placeholders(other), key).toEqual(placeholders(text));
    }
  });

  it('write numbers in Nepali with Devanagari digits', () => {
    for (const [key, text] of Object.entries(ne)) expect(/[0-9]/.test(text), key).toBe(false);
    expect(translate('ne', 'user.count', { n: 12 })).toBe('१२ प्रयोगकर्ता');
    expect(translate('en', 'user.count', { n: 12 })).toBe('12 users');
  });
});
