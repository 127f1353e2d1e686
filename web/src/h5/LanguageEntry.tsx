import { GlobalOutlined } from '@ant-design/icons';
import { ActionSheet, List } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_KEYS, LANGUAGES, useLanguage } from '../shared/i18n';
import { TID } from '../shared/testids';

/** Language switcher for the H5: a list row (or a small pill) that opens an action sheet. */
export function LanguageEntry({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const [lang, setLang] = useLanguage();
  const [open, setOpen] = useState(false);
  const sheet = (
    <ActionSheet
      visible={open}
      onClose={() => setOpen(false)}
      cancelText={t('common.cancel')}
      extra={t('lang.choose')}
      actions={LANGUAGES.map((l) => ({
        key: l,
        text: t(LANGUAGE_KEYS[l]),
        bold: l === lang,
        onClick: () => {
          setLang(l);
          setOpen(false);
        },
      }))}
    />
  );
  if (compact) {
    return (
      <>
        <button type="button" className="h5-lang-pill" onClick={() => setOpen(true)} data-testid={TID.langSwitch}>
          <GlobalOutlined /> {t(LANGUAGE_KEYS[lang])}
        </button>
        {sheet}
      </>
    );
  }
  return (
    <>
      <List.Item
        prefix={<GlobalOutlined />}
        extra={t(LANGUAGE_KEYS[lang])}
        onClick={() => setOpen(true)}
        data-testid={TID.langSwitch}
      >
        {t('lang.label')}
      </List.Item>
      {sheet}
    </>
  );
}
