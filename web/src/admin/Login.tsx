import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../shared/api';
import { login, ME_KEY, peekLoginNotice, safeNext, setLoginNotice, useMe, type LoginInput } from '../shared/auth';
import { TID } from '../shared/testids';
import type { Me } from '../shared/types';
import { LangSwitch } from './components/LangSwitch';
import { Logo } from './components/Logo';
import { showErrorOnField } from './components/formErrors';

interface Values {
  username: string;
  password: string;
  totp?: string;
}

export function Login() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [notice] = useState(peekLoginNotice);
  const qc = useQueryClient();
  const me = useMe();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<{ title: string; detail?: string; type: 'error' | 'warning' | 'info' } | null>(null);
  const totpRef = useRef<{ focus: () => void } | null>(null);
  const next = safeNext(params.get('next'), '/');

  const mutation = useMutation<Me, unknown, LoginInput>({
    mutationFn: login,
    onSuccess: (user) => {
      qc.setQueryData(ME_KEY, user);
      navigate(user.mustChangePassword ? '/profile' : next, { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setError({ title: t('auth.totpNeeded'), type: 'info' });
        return;
      }
      if (e instanceof ApiError && e.status === 423) {
        const minutes = e.retryAfterSeconds ? Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) : null;
        setError({
          title: errorMessage(e),
          type: 'warning',
          ...(minutes ? { detail: t('auth.lockedRetry', { minutes }) } : {}),
        });
        return;
      }
      if (showErrorOnField(form, e, ['username', 'password', 'totp'])) {
        setError(null);
        return;
      }
      setError({ title: errorMessage(e), type: 'error' });
    },
  });

  useEffect(() => {
    setLoginNotice(null);
  }, []);

  useEffect(() => {
    if (needTotp) {
      totpRef.current?.focus();
    }
  }, [needTotp]);

  if (me.data && !mutation.isPending && !mutation.isSuccess) {
    return <Navigate to={next} replace />;
  }

  const onFinish = (v: Values) => {
    setError(null);
    const input: LoginInput = { username: v.username.trim(), password: v.password };
    if (needTotp && v.totp) {
      input.totp = v.totp.trim();
    }
    mutation.mutate(input);
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
          <Form<Values> form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false} name="login">
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
              <Button type="primary" htmlType="submit" block loading={mutation.isPending} data-testid={TID.loginSubmit}>
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
