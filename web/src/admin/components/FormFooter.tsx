import { Button, Flex, type FormInstance } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** The footer of a drawer or dialog that holds a form: Cancel, and the primary button (`children`) that submits the form. */
export function FormFooter({ form, onCancel, loading, testId, children }: { form: FormInstance; onCancel: () => void; loading: boolean; testId: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Flex justify="flex-end" gap={8}>
      <Button onClick={onCancel}>{t('common.cancel')}</Button>
      <Button type="primary" loading={loading} onClick={() => form.submit()} data-testid={testId}>
        {children}
      </Button>
    </Flex>
  );
}
