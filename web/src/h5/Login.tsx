import { Form, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { ApiError } from '../shared/api';
import { TID } from '../shared/testids';
import { useLogin, type LoginValues } from '../shared/useLogin';
import { Brand } from './Brand';
import { FormError, SubmitButton } from './form-parts';
import { LanguageEntry } from './LanguageEntry';
import { TestIdInput } from './TestIdInput';

export function Login() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<string | null>(null);
  const { submit, pending, needTotp, notice, redirectTo } = useLogin({
    passwordPath: '/password',
    onFailure: (f) => {
      if (f.kind === 'totpRequired') {
        setError(null);
        Toast.show({ content: t('auth.totpNeeded') });
        return;
      }
      if (f.kind === 'locked') {
        setError(f.retry ? `${f.message} ${f.retry}` : f.message);
        return;
      }
      const e = f.error;
      if (e instanceof ApiError && e.field && ['username', 'password', 'totp'].includes(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
        setError(null);
        return;
      }
      setError(f.message);
    },
  });

  if (redirectTo !== null) {
    return <Navigate to={redirectTo} replace />;
  }

  return (
    <div className="h5-login">
      <div className="h5-login-top">
        <div className="h5-login-lang">
          <LanguageEntry compact />
        </div>
        <Brand />
      </div>
      <div className="h5-login-card">
        <h2 className="h5-login-title">{t('auth.title')}</h2>
        {notice === 'passwordChanged' && !error ? <div className="h5-notice">{t('auth.reloginAfterPassword')}</div> : null}
        <FormError error={error} testId="login-error" />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: LoginValues) => {
            setError(null);
            submit(v);
          }}
          footer={
            <SubmitButton loading={pending} testId={TID.loginSubmit}>
              {t('auth.submit')}
            </SubmitButton>
          }
        >
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <TestIdInput testId={TID.loginUsername} placeholder={t('auth.usernamePlaceholder')} autoComplete="username" clearable />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <TestIdInput testId={TID.loginPassword} type="password" placeholder={t('auth.passwordPlaceholder')} autoComplete="current-password" />
          </Form.Item>
          {needTotp ? (
            <Form.Item
              name="totp"
              label={t('auth.totp')}
              help={t('auth.totpHint')}
              rules={[
                { required: true, message: t('auth.totpRequired') },
                { pattern: /^\d{6}$/, message: t('auth.totpFormat') },
              ]}
            >
              <TestIdInput testId={TID.loginTotp} inputMode="numeric" maxLength={6} autoComplete="one-time-code" placeholder="000000" autoFocus />
            </Form.Item>
          ) : null}
        </Form>
      </div>
      <p className="h5-login-foot">{t('app.footer')}</p>
    </div>
  );
}
