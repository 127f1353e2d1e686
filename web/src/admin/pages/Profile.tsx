import { CheckCircleFilled, LockOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Flex, Form, Input, QRCode, Row, Steps, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api, errorMessage } from '../../shared/api';
import { fetchMe, ME_KEY, resetSession, setLoginNotice, useMe } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { showErrorOnField } from '../components/formErrors';
import { PageHeader } from '../components/PageHeader';
import { GrantTags } from '../components/RoleTags';

interface PasswordValues {
  oldPassword: string;
  newPassword: string;
  confirm: string;
}

function ChangePassword({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<PasswordValues>();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [formError, setFormError] = useState<string | null>(null);
  const m = useMutation({
    mutationFn: (v: PasswordValues) => api.post<void>('/api/auth/password', { oldPassword: v.oldPassword, newPassword: v.newPassword }),
    onSuccess: async () => {
      form.resetFields();
      // The server may end the current session along with the others: then sign in again.
      const still = await fetchMe().catch(() => null);
      if (!still) {
        setLoginNotice('passwordChanged');
        navigate('/login', { replace: true });
        resetSession(qc);
        return;
      }
      void message.success(t('profile.passwordChanged'));
      qc.setQueryData<Me | null>(ME_KEY, still);
    },
    onError: (e) => {
      if (showErrorOnField(form, e, ['oldPassword', 'newPassword'])) {
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });
  return (
    <Card variant="borderless" title={<span><LockOutlined /> {t('profile.changePassword')}</span>} style={{ height: '100%' }}>
      {me.mustChangePassword ? (
        <Alert type="warning" showIcon title={t('profile.mustChange')} style={{ marginBottom: 16 }} data-testid="must-change-password" />
      ) : null}
      {formError ? (
        <Alert type="error" showIcon title={formError} closable={{ onClose: () => setFormError(null) }} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<PasswordValues>
        form={form}
        name="changePassword"
        layout="vertical"
        onFinish={(v) => {
          setFormError(null);
          m.mutate(v);
        }}
        style={{ maxWidth: 420 }}
      >
        <Form.Item
          name="oldPassword"
          label={t('profile.oldPassword')}
          rules={[{ required: true, message: t('validation.required', { field: t('profile.oldPassword') }) }]}
        >
          <Input.Password autoComplete="current-password" data-testid="profile-old-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('profile.newPassword')}
          extra={t('profile.passwordHint')}
          rules={[{ required: true, message: t('validation.required', { field: t('profile.newPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid="profile-new-password" />
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
          <Input.Password autoComplete="new-password" data-testid="profile-confirm-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending} data-testid="profile-password-submit">
          {t('profile.changePasswordSubmit')}
        </Button>
      </Form>
    </Card>
  );
}

function TotpSetup({ me }: { me: Me }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string }>();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: () => api.post<{ secret: string; otpauthUrl: string }>('/api/auth/totp/setup'),
    onSuccess: (s) => {
      setError(null);
      setSetup(s);
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const enable = useMutation({
    mutationFn: (code: string) => api.post<void>('/api/auth/totp/enable', { code }),
    onSuccess: () => {
      void message.success(t('profile.totp.enabledNow'));
      setSetup(null);
      qc.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, totpEnabled: true } : old));
      void qc.invalidateQueries({ queryKey: ME_KEY });
    },
    onError: (e) => {
      if (!showErrorOnField(form, e, ['code'])) {
        setError(errorMessage(e));
      }
    },
  });

  return (
    <Card variant="borderless" title={<span><SafetyCertificateOutlined /> {t('profile.totp.title')}</span>} style={{ height: '100%' }}>
      {me.totpEnabled ? (
        <Flex align="center" gap={12} data-testid="totp-enabled">
          <CheckCircleFilled style={{ color: '#389e0d', fontSize: 28 }} />
          <div>
            <Typography.Text strong>{t('profile.totp.enabled')}</Typography.Text>
            <br />
            <Typography.Text type="secondary">{t('profile.totp.enabledHint')}</Typography.Text>
          </div>
        </Flex>
      ) : (
        <Flex vertical gap={16}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('profile.totp.intro')}
          </Typography.Paragraph>
          {error ? <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} /> : null}
          {!setup ? (
            <div>
              <Button type="primary" onClick={() => start.mutate()} loading={start.isPending} data-testid="totp-setup">
                {t('profile.totp.start')}
              </Button>
            </div>
          ) : (
            <>
              <Steps
                orientation="vertical"
                size="small"
                current={1}
                items={[
                  { title: t('profile.totp.step1'), content: t('profile.totp.step1Hint') },
                  { title: t('profile.totp.step2'), content: t('profile.totp.step2Hint') },
                ]}
              />
              <Flex gap={20} wrap align="flex-start">
                <QRCode value={setup.otpauthUrl} size={160} bordered />
                <Descriptions
                  column={1}
                  size="small"
                  style={{ flex: 1, minWidth: 220 }}
                  items={[
                    {
                      key: 'secret',
                      label: t('profile.totp.secret'),
                      children: (
                        <Typography.Text copyable code data-testid="totp-secret">
                          {setup.secret}
                        </Typography.Text>
                      ),
                    },
                    {
                      key: 'url',
                      label: t('profile.totp.url'),
                      children: (
                        <Typography.Text copyable={{ text: setup.otpauthUrl }} className="tx-break" data-testid="totp-url">
                          {setup.otpauthUrl}
                        </Typography.Text>
                      ),
                    },
                  ]}
                />
              </Flex>
              <Form<{ code: string }>
                form={form}
                name="totpEnable"
                layout="inline"
                onFinish={(v) => {
                  setError(null);
                  enable.mutate(v.code.trim());
                }}
              >
                <Form.Item
                  name="code"
                  rules={[
                    { required: true, message: t('auth.totpRequired') },
                    { pattern: /^\s*\d{6}\s*$/, message: t('auth.totpFormat') },
                  ]}
                >
                  <Input
                    placeholder={t('profile.totp.codePlaceholder')}
                    inputMode="numeric"
                    autoComplete="one-time-code"
                    maxLength={6}
                    style={{ width: 180 }}
                    data-testid="totp-code"
                  />
                </Form.Item>
                <Form.Item>
                  <Flex gap={8}>
                    <Button type="primary" htmlType="submit" loading={enable.isPending} data-testid="totp-enable">
                      {t('profile.totp.enable')}
                    </Button>
                    <Button onClick={() => setSetup(null)}>{t('common.cancel')}</Button>
                  </Flex>
                </Form.Item>
              </Form>
            </>
          )}
        </Flex>
      )}
    </Card>
  );
}

export default function Profile() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) {
    return null;
  }
  return (
    <div className="tx-page">
      <PageHeader title={t('profile.title')} subtitle={t('profile.subtitle')} />
      <Flex vertical gap={16}>
        <Card variant="borderless" title={t('profile.account')}>
          <Descriptions
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'username', label: t('users.field.username'), children: <span className="tx-mono">{me.username}</span> },
              { key: 'name', label: t('users.field.displayName'), children: me.displayName },
              { key: 'grants', label: t('users.field.grants'), span: 2, children: <GrantTags grants={me.grants} empty={t('home.noGrants')} /> },
            ]}
          />
        </Card>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={12}>
            <ChangePassword me={me} />
          </Col>
          <Col xs={24} xl={12}>
            <TotpSetup me={me} />
          </Col>
        </Row>
      </Flex>
    </div>
  );
}
