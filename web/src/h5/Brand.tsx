import { useTranslation } from 'react-i18next';

export function Brand() {
  const { t } = useTranslation();
  return (
    <div className="h5-brand">
      <svg width="56" height="56" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <circle cx="16" cy="16" r="14.5" fill="none" stroke="#fff" strokeWidth="2.2" />
        <circle cx="16" cy="16" r="10" fill="none" stroke="#F5C65B" strokeWidth="2" />
        <circle cx="16" cy="16" r="5.5" fill="#fff" />
      </svg>
      <div className="h5-brand-name">{t('app.name')}</div>
      <div className="h5-brand-slogan">{t('app.slogan')}</div>
    </div>
  );
}
