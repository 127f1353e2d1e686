import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../shared/api';
import type { User } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { FormError } from './FormError';
import { USERS_KEY } from './queryKeys';

interface EditValues {
  displayName: string;
  phone?: string;
}

export function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (v: EditValues) =>
      api.patch<{ user: User }>(`/api/users/${encodeURIComponent(user?.id ?? '')}`, {
        displayName: v.displayName.trim(),
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
      }),
    onSuccess: () => {
      void message.success(t('common.saved'));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      onClose();
    },
    onError: (e) => {
      if (showErrorOnField(form, e, ['displayName', 'phone'])) {
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });
  return (
    <Modal
      open={!!user}
      title={t('users.editTitle', { name: user?.displayName ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={m.isPending}
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) setFormError(null);
      }}
    >
      <FormError error={formError} onClose={() => setFormError(null)} />
      {user ? (
        <Form<EditValues>
          form={form}
          name="userEdit"
          layout="vertical"
          initialValues={{ displayName: user.displayName }}
          onFinish={(v) => m.mutate(v)}
        >
          <Form.Item label={t('users.field.username')}>
            <Input value={user.username} disabled />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.field.displayName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('users.field.displayName') }) }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('users.field.phone')}
            extra={user.phoneMasked ? t('users.hint.phoneKeep', { masked: user.phoneMasked }) : undefined}
            rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('validation.phone') }]}
          >
            <Input inputMode="tel" placeholder={user.phoneMasked ?? ''} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
