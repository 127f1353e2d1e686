import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, NavBar, NoticeBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, ApiError, errorMessage } from '../shared/api';
import { fetchMe, ME_KEY, resetSession, setLoginNotice, useMe } from '../shared/auth';
import type { Me } from '../shared/types';
import { FormError, SubmitButton } from './form-parts';
import { TestIdInput } from './TestIdInput';

interface Values {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

export function Password() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMe();
  const [error, setError] = useState<string | null>(null);
  const forced = !!me?.mustChangePassword;

  const m = useMutation({
    mutationFn: (v: Values) => api.post<void>('/api/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword }),
    onSuccess: async () => {
      // The server may end the current session along with the others: then sign in again.
      const still = await fetchMe().catch(() => null);
      if (!still) {
        Toast.show({ icon: 'success', content: t('auth.reloginAfterPassword') });
        setLoginNotice('passwordChanged');
        navigate('/login', { replace: true });
        resetSession(qc);
        return;
      }
      Toast.show({ icon: 'success', content: t('profile.passwordChanged') });
      qc.setQueryData<Me | null>(ME_KEY, still);
      navigate(forced ? '/' : '/me', { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.field && ['oldPassword', 'newPassword'].includes(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
        setError(null);
      } else {
        setError(errorMessage(e));
      }
    },
  });

  return (
    <div className="h5-app">
      <NavBar className="h5-navbar" back={forced ? null : ''} onBack={() => navigate('/me')}>
        {t('profile.changePassword')}
      </NavBar>
      <main className="h5-body">
        {forced ? <NoticeBar content={t('profile.mustChange')} color="alert" wrap /> : null}
        <FormError error={error} padded />
        <Form
          form={form}
          layout="vertical"
          mode="card"
          onFinish={(v: Values) => {
            setError(null);
            m.mutate(v);
          }}
          footer={
            <SubmitButton loading={m.isPending} testId="h5-password-submit">
              {t('profile.changePasswordSubmit')}
            </SubmitButton>
          }
        >
          <Form.Item name="oldPassword" label={t('profile.oldPassword')} rules={[{ required: true, message: t('validation.required', { field: t('profile.oldPassword') }) }]}>
            <TestIdInput testId="h5-old-password" type="password" autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="newPassword" label={t('profile.newPassword')} rules={[{ required: true, message: t('validation.required', { field: t('profile.newPassword') }) }]}>
            <TestIdInput testId="h5-new-password" type="password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('profile.confirmPassword')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('validation.required', { field: t('profile.confirmPassword') }) },
              ({ getFieldValue }) => ({
                validator: (_: unknown, v: string | undefined) =>
                  !v || getFieldValue('newPassword') === v ? Promise.resolve() : Promise.reject(new Error(t('profile.mismatch'))),
              }),
            ]}
          >
            <TestIdInput testId="h5-confirm-password" type="password" autoComplete="new-password" />
          </Form.Item>
        </Form>
        <p className="h5-note h5-padded">{t('profile.passwordHint')}</p>
      </main>
    </div>
  );
}
