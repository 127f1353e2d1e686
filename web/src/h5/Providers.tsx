import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { ConfigProvider } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import type { ReactNode } from 'react';
import { useLanguage } from '../shared/i18n';

export function H5Providers({ client, children }: { client: QueryClient; children: ReactNode }) {
  const [lang] = useLanguage();
  return (
    <QueryClientProvider client={client}>
      <ConfigProvider locale={lang === 'en' ? enUS : zhCN}>{children}</ConfigProvider>
    </QueryClientProvider>
  );
}
