import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGE_KEYS, LANGUAGES, isLanguage, useLanguage } from '../../shared/i18n';
import { TID } from '../../shared/testids';

/** Language switcher: a globe button with a menu of languages, each in its own script. */
export function LangSwitch({ light = false }: { light?: boolean }) {
  const { t } = useTranslation();
  const [lang, setLang] = useLanguage();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [lang],
        items: LANGUAGES.map((l) => ({
          key: l,
          label: <span data-testid={`${TID.langSwitch}-${l}`}>{t(LANGUAGE_KEYS[l])}</span>,
        })),
        onClick: ({ key }) => {
          if (isLanguage(key)) {
            setLang(key);
          }
        },
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        data-testid={TID.langSwitch}
        aria-label={t('lang.switch')}
        style={light ? { color: '#fff' } : undefined}
      >
        {t(LANGUAGE_KEYS[lang])}
      </Button>
    </Dropdown>
  );
}
