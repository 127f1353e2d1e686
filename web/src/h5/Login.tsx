import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../shared/api';
import { login, ME_KEY, peekLoginNotice, safeNext, setLoginNotice, useMe, type LoginInput } from '../shared/auth';
import { TID } from '../shared/testids';
import type { Me } from '../shared/types';
import { Brand } from './Brand';
import { LanguageEntry } from './LanguageEntry';
import { TestIdInput } from './TestIdInput';

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
  const qc = useQueryClient();
  const me = useMe();
  const [needTotp, setNeedTotp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'), '/');
  const [notice] = useState(peekLoginNotice);

  useEffect(() => {
    setLoginNotice(null);
  }, []);

  const m = useMutation<Me, unknown, LoginInput>({
    mutationFn: login,
    onSuccess: (user) => {
      qc.setQueryData(ME_KEY, user);
      navigate(user.mustChangePassword ? '/password' : next, { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'totp_required') {
        setNeedTotp(true);
        setError(null);
        Toast.show({ content: t('auth.totpNeeded') });
        return;
      }
      let msg = errorMessage(e);
      if (e instanceof ApiError && e.status === 423 && e.retryAfterSeconds) {
        msg = `${msg} ${t('auth.lockedRetry', { minutes: Math.max(1, Math.ceil(e.retryAfterSeconds / 60)) })}`;
      }
      if (e instanceof ApiError && e.field && ['username', 'password', 'totp'].includes(e.field)) {
        form.setFields([{ name: e.field, errors: [e.message] }]);
        setError(null);
        return;
      }
      setError(msg);
    },
  });

  if (me.data && !m.isPending && !m.isSuccess) {
    return <Navigate to={next} replace />;
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
        {error ? (
          <div className="h5-error" role="alert" data-testid="login-error">
            {error}
          </div>
        ) : null}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: Values) => {
            setError(null);
            const input: LoginInput = { username: v.username.trim(), password: v.password };
            if (needTotp && v.totp) {
              input.totp = v.totp.trim();
            }
            m.mutate(input);
          }}
          footer={
            <Button block type="submit" color="primary" size="large" loading={m.isPending} data-testid={TID.loginSubmit}>
              {t('auth.submit')}
            </Button>
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
