import i18n, { type ParseKeys } from 'i18next';
import { useCallback } from 'react';
import { initReactI18next, useTranslation } from 'react-i18next';
import { zhCN } from '../i18n/zh-CN';
import { en } from '../i18n/en';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';
const STORAGE_KEY = 'tx_lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof zhCN };
  }
}

/** A translation key, checked against the zh-CN dictionary at compile time. */
export type TKey = ParseKeys;

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

function storedLanguage(): Language {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(v)) {
      return v;
    }
  } catch {
    // storage may be unavailable (private mode); fall through to the default
  }
  return DEFAULT_LANGUAGE;
}

function applyDocumentLanguage(lng: string): void {
  document.documentElement.lang = lng;
  document.title = i18n.t('app.name');
}

void i18n.use(initReactI18next).init({
  resources: {
    'zh-CN': { translation: zhCN },
    en: { translation: en },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

applyDocumentLanguage(i18n.language);
i18n.on('languageChanged', applyDocumentLanguage);

export function currentLanguage(): Language {
  const l = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(l) ? l : DEFAULT_LANGUAGE;
}

export function setLanguage(lng: Language): Promise<unknown> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore: the choice then lasts for this page only
  }
  return i18n.changeLanguage(lng);
}

/** Current language and a setter that persists the choice. */
export function useLanguage(): [Language, (lng: Language) => void] {
  const { i18n: inst } = useTranslation();
  const l = inst.resolvedLanguage ?? inst.language;
  const lang: Language = isLanguage(l) ? l : DEFAULT_LANGUAGE;
  const set = useCallback((lng: Language) => {
    void setLanguage(lng);
  }, []);
  return [lang, set];
}

/** i18n keys of each language's own name (shown in its own script). */
export const LANGUAGE_KEYS = {
  'zh-CN': 'lang.zhCN',
  en: 'lang.en',
} as const satisfies Record<Language, TKey>;

export { i18n };
