import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import { useLogin, type LoginValues } from '../shared/useLogin';
import { TID } from '../shared/testids';
import { LangSwitch } from './components/LangSwitch';
import { Logo } from './components/Logo';
import { showErrorOnField } from './components/formErrors';

export function Login() {
  const { t } = useTranslation();
  const [form] = Form.useForm<LoginValues>();
  const [error, setError] = useState<{ title: string; detail?: string; type: 'error' | 'warning' | 'info' } | null>(null);
  const totpRef = useRef<{ focus: () => void } | null>(null);
  const { submit, pending, needTotp, notice, redirectTo } = useLogin({
    passwordPath: '/profile',
    onFailure: (f) => {
      if (f.kind === 'totpRequired') {
        setError({ title: t('auth.totpNeeded'), type: 'info' });
        return;
      }
      if (f.kind === 'locked') {
        setError({ title: f.message, type: 'warning', ...(f.retry ? { detail: f.retry } : {}) });
        return;
      }
      if (showErrorOnField(form, f.error, ['username', 'password', 'totp'])) {
        setError(null);
        return;
      }
      setError({ title: f.message, type: 'error' });
    },
  });

  useEffect(() => {
    if (needTotp) {
      totpRef.current?.focus();
    }
  }, [needTotp]);

  if (redirectTo !== null) {
    return <Navigate to={redirectTo} replace />;
  }

  const onFinish = (v: LoginValues) => {
    setError(null);
    submit(v);
  };

  return (
    <div className="tx-login">
      <div className="tx-login-brand">
        <div className="tx-login-rings" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
        <div className="tx-login-brand-inner">
          <Logo size={56} color="#ffffff" ring="#F5C65B" />
          <h1>{t('app.name')}</h1>
          <p className="tx-login-slogan">{t('app.slogan')}</p>
          <p className="tx-login-desc">{t('app.fullName')}</p>
        </div>
      </div>
      <div className="tx-login-panel">
        <div className="tx-login-lang">
          <LangSwitch />
        </div>
        <Card className="tx-login-card" variant="borderless">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('auth.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
          {notice === 'passwordChanged' && !error ? (
            <Alert type="success" showIcon title={t('auth.reloginAfterPassword')} style={{ marginBottom: 16 }} />
          ) : null}
          {error ? (
            <Alert
              type={error.type}
              showIcon
              title={error.title}
              description={error.detail}
              style={{ marginBottom: 16 }}
              data-testid="login-error"
            />
          ) : null}
          <Form<LoginValues> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} name="login">
            <Form.Item
              name="username"
              label={t('auth.username')}
              rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                autoComplete="username"
                autoFocus
                placeholder={t('auth.usernamePlaceholder')}
                data-testid={TID.loginUsername}
              />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
              <Input.Password
                prefix={<LockOutlined />}
                autoComplete="current-password"
                placeholder={t('auth.passwordPlaceholder')}
                data-testid={TID.loginPassword}
              />
            </Form.Item>
            {needTotp ? (
              <Form.Item
                name="totp"
                label={t('auth.totp')}
                extra={t('auth.totpHint')}
                rules={[
                  { required: true, message: t('auth.totpRequired') },
                  { pattern: /^\d{6}$/, message: t('auth.totpFormat') },
                ]}
              >
                <Input
                  ref={(el) => {
                    totpRef.current = el;
                  }}
                  prefix={<SafetyCertificateOutlined />}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  placeholder="000000"
                  data-testid={TID.loginTotp}
                />
              </Form.Item>
            ) : null}
            <Form.Item style={{ marginBottom: 8 }}>
              <Button type="primary" htmlType="submit" block loading={pending} data-testid={TID.loginSubmit}>
                {t('auth.submit')}
              </Button>
            </Form.Item>
          </Form>
          <Typography.Paragraph type="secondary" className="tx-login-foot">
            {t('auth.mobileHint')} <a href="/h5/">{t('auth.mobileLink')}</a>
          </Typography.Paragraph>
        </Card>
      </div>
    </div>
  );
}
