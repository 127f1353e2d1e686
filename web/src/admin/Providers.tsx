import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useEffect, type ReactNode } from 'react';
import { useLanguage } from '../shared/i18n';

export const PARTY_RED = '#C8161D';

const theme = {
  algorithm: antTheme.defaultAlgorithm,
  token: {
    colorPrimary: PARTY_RED,
    colorLink: PARTY_RED,
    colorInfo: '#1F5FAD',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#ffffff', bodyBg: '#f5f6f8', headerPadding: '0 24px', headerHeight: 56 },
    Menu: { itemSelectedBg: '#fdecec', itemSelectedColor: PARTY_RED, itemBorderRadius: 6 },
  },
};

export function AdminProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  const [lang] = useLanguage();
  useEffect(() => {
    dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  }, [lang]);
  return (
    <QueryClientProvider client={client}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={theme}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
