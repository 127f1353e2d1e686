import { useMutation } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../shared/api';
import type { User } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { FormError } from './FormError';

interface ResetValues {
  newPassword: string;
  confirm: string;
}

export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ResetValues>();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (v: ResetValues) =>
      api.post<void>(`/api/users/${encodeURIComponent(user?.id ?? '')}/password`, { newPassword: v.newPassword }),
    onSuccess: () => {
      void message.success(t('users.passwordReset', { name: user?.displayName ?? '' }));
      onClose();
    },
    onError: (e) => {
      if (showErrorOnField(form, e, ['newPassword'])) {
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });
  return (
    <Modal
      open={!!user}
      title={t('users.resetTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.resetSubmit')}
      cancelText={t('common.cancel')}
      confirmLoading={m.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('users.resetHint')} style={{ marginBottom: 16 }} />
      <FormError error={formError} onClose={() => setFormError(null)} />
      <Form<ResetValues> form={form} name="userReset" layout="vertical" onFinish={(v) => m.mutate(v)}>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          rules={[{ required: true, message: t('validation.required', { field: t('profile.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('profile.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required', { field: t('profile.confirmPassword') }) },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                !v || getFieldValue('newPassword') === v ? Promise.resolve() : Promise.reject(new Error(t('profile.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
