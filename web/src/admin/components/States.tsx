import { Button, Empty, Flex, Result, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../shared/api';

/** Full-area spinner used while a page's main data loads. */
export function Loading({ tip, minHeight = 240 }: { tip?: string; minHeight?: number }) {
  const { t } = useTranslation();
  return (
    <div className="tx-center" style={{ minHeight }} role="status" aria-live="polite">
      <Flex vertical align="center" gap={12}>
        <Spin size="large" />
        <Typography.Text type="secondary">{tip ?? t('common.loading')}</Typography.Text>
      </Flex>
    </div>
  );
}

/** A load failure, with the server's message and a retry button. */
export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const title = status === 403 ? t('errors.forbiddenTitle') : status === 404 ? t('errors.notFoundTitle') : t('errors.loadFailed');
  return (
    <Result
      status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
      title={title}
      subTitle={errorMessage(error)}
      className={compact ? 'tx-result-compact' : undefined}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null
      }
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={description ?? t('common.empty')}>
      {children}
    </Empty>
  );
}
