// Translations: every UI string lives in en.json and ne.json (same keys, checked by i18n.test.ts).
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { localDigits, type Lang } from '../lib/bs';
import en from './en.json';
import ne from './ne.json';

export type { Lang };
export type MessageKey = keyof typeof en;
export type Params = Record<string, string | number>;

const DICTS: Record<Lang, Record<string, string>> = { en, ne };
const STORAGE_KEY = 'samman.lang';

/** Looks a key up and fills {placeholders}; numbers are written with the language's digits. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = DICTS[lang][key] ?? DICTS.en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) return m;
    return typeof v === 'number' ? localDigits(v, lang) : v;
  });
}

/** Translates a key built at run time (e.g. "role." + code), falling back when it is unknown. */
export function translateDynamic(lang: Lang, key: string, fallback: string): string {
  return DICTS[lang][key] ?? fallback;
}

export function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'ne') return saved;
  } catch {
    /* storage may be blocked */
  }
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('ne') ? 'ne' : 'en';
}

export function applyLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage may be blocked */
  }
  document.documentElement.lang = lang;
  document.title = translate(lang, 'app.name');
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** Digits in the current language. */
  n: (value: string | number) => string;
}

export function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return {
    lang,
    setLang,
    t: (key, params) => translate(lang, key, params),
    n: (value) => localDigits(value, lang),
  };
}

export const I18nContext = createContext<I18n>(makeI18n('en', () => {}));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
