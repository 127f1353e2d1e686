import {
  DeleteOutlined,
  DownOutlined,
  EditOutlined,
  EyeOutlined,
  KeyOutlined,
  MinusCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  SearchOutlined,
  SafetyCertificateFilled,
  SafetyCertificateOutlined,
  SafetyOutlined,
  StopOutlined,
  CheckCircleOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Dropdown,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  type MenuProps,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { grantableRoles, levelLabel, ROLE_CODES, roleLabel } from '../../shared/roles';
import { TID } from '../../shared/testids';
import type { Grant, Page, User, UserStatus } from '../../shared/types';
import { showErrorOnField } from '../components/formErrors';
import { PageHeader } from '../components/PageHeader';
import { RegionTreeSelect } from '../components/RegionTreeSelect';
import { GrantTags, RoleTag } from '../components/RoleTags';
import { EmptyState, ErrorState } from '../components/States';

const USERS_KEY = ['users'] as const;

const STATUS_COLORS: Record<UserStatus, string> = {
  active: 'success',
  locked: 'warning',
  disabled: 'default',
};

function StatusTags({ user }: { user: User }) {
  const { t } = useTranslation();
  const tag = <Tag color={STATUS_COLORS[user.status] ?? 'default'}>{t(`users.status.${user.status}`)}</Tag>;
  return (
    <Flex gap={4} wrap>
      {user.status === 'locked' && user.lockedUntil ? (
        <Tooltip title={t('users.lockedUntil', { at: formatDateTime(user.lockedUntil) })}>{tag}</Tooltip>
      ) : (
        tag
      )}
      {user.mustChangePassword ? (
        <Tooltip title={t('users.mustChangeHint')}>
          <Tag color="gold">{t('users.mustChange')}</Tag>
        </Tooltip>
      ) : null}
    </Flex>
  );
}

function useRoleOptions() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  return useMemo(() => grantableRoles(me).map((r) => ({ value: r, label: roleLabel(t, r) })), [me, t]);
}

function FormError({ error, onClose }: { error: string | null; onClose: () => void }) {
  if (!error) {
    return null;
  }
  return <Alert type="error" showIcon title={error} closable={{ onClose }} style={{ marginBottom: 16 }} data-testid="form-error" />;
}

/* ------------------------------------------------------------ create user */

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
  idNumber?: string;
  grants: Array<{ role?: string; regionId?: string }>;
}

const CREATE_FIELDS = ['username', 'displayName', 'password', 'phone', 'idNumber', 'grants'] as const;

function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CreateValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const roleOptions = useRoleOptions();
  const [formError, setFormError] = useState<string | null>(null);

  const m = useMutation({
    mutationFn: (v: CreateValues) => {
      const body = {
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
        ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
        grants: v.grants
          .filter((g): g is { role: string; regionId: string } => !!g.role && !!g.regionId)
          .map((g) => ({ role: g.role, regionId: g.regionId })),
      };
      return api.post<{ user: User }>('/api/users', body);
    },
    onSuccess: (res) => {
      void message.success(t('users.created', { name: res.user.displayName }));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      if (showErrorOnField(form, e, CREATE_FIELDS)) {
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });

  return (
    <Drawer
      title={t('users.newTitle')}
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={m.isPending} onClick={() => form.submit()} data-testid={TID.userFormSubmit}>
            {t('users.createSubmit')}
          </Button>
        </Flex>
      }
    >
      <FormError error={formError} onClose={() => setFormError(null)} />
      <Form<CreateValues>
        form={form}
        name="userForm"
        layout="vertical"
        initialValues={{ grants: [{}] }}
        onFinish={(v) => {
          setFormError(null);
          m.mutate(v);
        }}
        scrollToFirstError
      >
        <Form.Item
          name="username"
          label={t('users.field.username')}
          extra={t('users.hint.username')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { field: t('users.field.username') }) },
            { max: 64, message: t('validation.max', { max: 64 }) },
          ]}
        >
          <Input autoComplete="off" data-testid={TID.userFormUsername} />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.field.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('validation.required', { field: t('users.field.displayName') }) },
            { max: 64, message: t('validation.max', { max: 64 }) },
          ]}
        >
          <Input autoComplete="off" data-testid={TID.userFormDisplayName} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.field.initialPassword')}
          extra={t('users.hint.initialPassword')}
          rules={[{ required: true, message: t('validation.required', { field: t('users.field.initialPassword') }) }]}
        >
          <Input.Password autoComplete="new-password" data-testid={TID.userFormPassword} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item
            name="phone"
            label={t('users.field.phone')}
            style={{ flex: 1 }}
            rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('validation.phone') }]}
          >
            <Input inputMode="tel" autoComplete="off" data-testid={TID.userFormPhone} />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('users.field.idNumber')}
            style={{ flex: 1 }}
            rules={[{ pattern: /^[0-9]{17}[0-9Xx]$/, message: t('validation.idNumber') }]}
          >
            <Input autoComplete="off" data-testid={TID.userFormIdNumber} />
          </Form.Item>
        </Flex>
        <Typography.Text type="secondary" className="tx-form-note">
          <SafetyOutlined /> {t('users.hint.pii')}
        </Typography.Text>

        <Typography.Title level={5} style={{ marginTop: 20 }}>
          {t('users.field.grants')}
        </Typography.Title>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((f, i) => (
                <Flex key={f.key} gap={8} align="flex-start">
                  <Form.Item
                    name={[f.name, 'role']}
                    style={{ width: 180, marginBottom: 12 }}
                    rules={[{ required: true, message: t('users.validation.role') }]}
                  >
                    <Select
                      placeholder={t('users.field.role')}
                      options={roleOptions}
                      showSearch={{ optionFilterProp: 'label' }}
                      data-testid={i === 0 ? TID.userFormRole : `${TID.userFormRole}-${i}`}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[f.name, 'regionId']}
                    style={{ flex: 1, marginBottom: 12 }}
                    rules={[{ required: true, message: t('users.validation.region') }]}
                  >
                    <RegionTreeSelect
                      placeholder={t('users.field.region')}
                      style={{ width: '100%' }}
                      data-testid={i === 0 ? TID.userFormRegion : `${TID.userFormRegion}-${i}`}
                    />
                  </Form.Item>
                  {fields.length > 1 ? (
                    <Button
                      type="text"
                      icon={<MinusCircleOutlined />}
                      onClick={() => remove(f.name)}
                      aria-label={t('users.removeGrantRow')}
                    />
                  ) : null}
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                {t('users.addGrantRow')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

/* -------------------------------------------------------------- edit user */

interface EditValues {
  displayName: string;
  phone?: string;
}

function EditUserModal({ user, onClose }: { user: User | null; onClose: () => void }) {
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

/* --------------------------------------------------------- reset password */

interface ResetValues {
  newPassword: string;
  confirm: string;
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
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

/* ----------------------------------------------------------------- grants */

interface GrantValues {
  role: string;
  regionId: string;
}

function GrantsDrawer({ user, onClose }: { user: User | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const roleOptions = useRoleOptions();
  const [formError, setFormError] = useState<string | null>(null);

  const add = useMutation({
    mutationFn: (v: GrantValues) =>
      api.post<{ grant: Grant }>(`/api/users/${encodeURIComponent(user?.id ?? '')}/grants`, { role: v.role, regionId: v.regionId }),
    onSuccess: () => {
      void message.success(t('users.grantAdded'));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
      form.resetFields();
    },
    onError: (e) => {
      if (showErrorOnField(form, e, ['role', 'regionId'])) {
        setFormError(null);
      } else {
        setFormError(errorMessage(e));
      }
    },
  });
  const remove = useMutation({
    mutationFn: (g: Grant) =>
      api.del(`/api/users/${encodeURIComponent(user?.id ?? '')}/grants/${encodeURIComponent(g.id)}`),
    onSuccess: () => {
      void message.success(t('users.grantRemoved'));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
    },
  });

  return (
    <Drawer
      title={t('users.grantsTitle', { name: user?.displayName ?? '' })}
      open={!!user}
      onClose={onClose}
      size={620}
      destroyOnHidden
    >
      {user ? (
        <Flex vertical gap={24}>
          <Table<Grant>
            size="small"
            rowKey="id"
            dataSource={user.grants}
            pagination={false}
            data-testid="grants-table"
            locale={{ emptyText: <EmptyState description={t('users.noGrants')} /> }}
            columns={[
              { title: t('users.field.role'), dataIndex: 'role', render: (r: string) => <RoleTag role={r} /> },
              { title: t('users.field.region'), dataIndex: 'regionName' },
              { title: t('regions.field.level'), dataIndex: 'regionLevel', width: 90, render: (l: string) => levelLabel(t, l) },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 90,
                render: (_, g) => (
                  <Popconfirm
                    title={t('users.removeGrantConfirm', { role: roleLabel(t, g.role), region: g.regionName })}
                    okText={t('common.remove')}
                    cancelText={t('common.cancel')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove.mutateAsync(g).catch(() => undefined)}
                  >
                    <Button type="link" danger size="small" icon={<DeleteOutlined />}>
                      {t('common.remove')}
                    </Button>
                  </Popconfirm>
                ),
              },
            ]}
          />
          <Card size="small" title={t('users.addGrant')} variant="outlined">
            <Typography.Paragraph type="secondary" className="tx-form-note">
              {t('users.grantScopeHint')}
            </Typography.Paragraph>
            <FormError error={formError} onClose={() => setFormError(null)} />
            <Form<GrantValues>
              form={form}
              name="grantAdd"
              layout="vertical"
              onFinish={(v) => {
                setFormError(null);
                add.mutate(v);
              }}
            >
              <Flex gap={8} align="flex-start" wrap>
                <Form.Item
                  name="role"
                  label={t('users.field.role')}
                  style={{ width: 180 }}
                  rules={[{ required: true, message: t('users.validation.role') }]}
                >
                  <Select
                    options={roleOptions}
                    placeholder={t('users.field.role')}
                    showSearch={{ optionFilterProp: 'label' }}
                    data-testid="grant-role"
                  />
                </Form.Item>
                <Form.Item
                  name="regionId"
                  label={t('users.field.region')}
                  style={{ flex: 1, minWidth: 220 }}
                  rules={[{ required: true, message: t('users.validation.region') }]}
                >
                  <RegionTreeSelect style={{ width: '100%' }} placeholder={t('users.field.region')} data-testid="grant-region" />
                </Form.Item>
              </Flex>
              <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending} data-testid="grant-submit">
                {t('users.addGrantSubmit')}
              </Button>
            </Form>
          </Card>
        </Flex>
      ) : null}
    </Drawer>
  );
}

/* ------------------------------------------------------------------- page */

interface Filters {
  q: string;
  regionId?: string;
  role?: string;
}

export default function Users() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const { data: me } = useMe();
  const [qInput, setQInput] = useState('');
  const [filters, setFilters] = useState<Filters>({ q: '' });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [grantsUserId, setGrantsUserId] = useState<string | null>(null);

  const list = useQuery({
    queryKey: [...USERS_KEY, filters, page, pageSize],
    queryFn: () =>
      api.get<Page<User>>('/api/users', {
        q: filters.q.trim(),
        regionId: filters.regionId,
        role: filters.role,
        page,
        pageSize,
      }),
    placeholderData: keepPreviousData,
  });

  const grantsUser = grantsUserId ? (list.data?.items.find((u) => u.id === grantsUserId) ?? null) : null;

  const simple = useMutation({
    mutationFn: async (a: { kind: 'unlock' | 'disable' | 'enable' | 'totpReset'; user: User }) => {
      const id = encodeURIComponent(a.user.id);
      if (a.kind === 'unlock') {
        await api.post<void>(`/api/users/${id}/unlock`);
      } else if (a.kind === 'totpReset') {
        await api.post<void>(`/api/users/${id}/totp-reset`);
      } else {
        await api.patch<{ user: User }>(`/api/users/${id}`, { status: a.kind === 'disable' ? 'disabled' : 'active' });
      }
      return a;
    },
    onSuccess: (a) => {
      const key =
        a.kind === 'unlock'
          ? 'users.unlocked'
          : a.kind === 'totpReset'
            ? 'users.totpResetDone'
            : a.kind === 'disable'
              ? 'users.disabled'
              : 'users.enabled';
      void message.success(t(key, { name: a.user.displayName }));
      void qc.invalidateQueries({ queryKey: USERS_KEY });
    },
    onError: (e) => {
      void message.error(errorMessage(e));
    },
  });

  const viewPii = (u: User) => {
    modal.confirm({
      title: t('users.pii.confirmTitle'),
      icon: <EyeOutlined />,
      content: t('users.pii.confirmBody', { name: u.displayName }),
      okText: t('users.pii.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const pii = await api.get<{ phone: string | null; idNumber: string | null }>(
            `/api/users/${encodeURIComponent(u.id)}/pii`,
          );
          modal.info({
            title: t('users.pii.title', { name: u.displayName }),
            okText: t('common.close'),
            width: 480,
            content: (
              <Descriptions
                column={1}
                size="small"
                style={{ marginTop: 12 }}
                items={[
                  { key: 'phone', label: t('users.field.phone'), children: pii.phone ?? t('common.dash') },
                  { key: 'id', label: t('users.field.idNumber'), children: pii.idNumber ?? t('common.dash') },
                ]}
              />
            ),
          });
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  };

  const confirmStatus = (u: User, kind: 'disable' | 'enable') => {
    modal.confirm({
      title: t(kind === 'disable' ? 'users.disableConfirm' : 'users.enableConfirm', { name: u.displayName }),
      content: kind === 'disable' ? t('users.disableHint') : undefined,
      okText: t(kind === 'disable' ? 'users.action.disable' : 'users.action.enable'),
      okButtonProps: kind === 'disable' ? { danger: true } : {},
      cancelText: t('common.cancel'),
      onOk: () => simple.mutateAsync({ kind, user: u }).catch(() => undefined),
    });
  };

  const confirmTotpReset = (u: User) => {
    modal.confirm({
      title: t('users.totpResetConfirm', { name: u.displayName }),
      content: t('users.totpResetHint'),
      okText: t('users.action.totpReset'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => simple.mutateAsync({ kind: 'totpReset', user: u }).catch(() => undefined),
    });
  };

  const moreItems = (u: User): MenuProps['items'] => [
    { key: 'reset', icon: <KeyOutlined />, label: t('users.action.resetPassword') },
    { key: 'unlock', icon: <UnlockOutlined />, label: t('users.action.unlock'), disabled: u.status !== 'locked' },
    { key: 'totpReset', icon: <SafetyCertificateOutlined />, label: t('users.action.totpReset'), disabled: u.totpEnabled === false },
    u.status === 'disabled'
      ? { key: 'enable', icon: <CheckCircleOutlined />, label: t('users.action.enable') }
      : { key: 'disable', icon: <StopOutlined />, label: t('users.action.disable'), danger: true, disabled: u.id === me?.id },
    { type: 'divider' },
    { key: 'pii', icon: <EyeOutlined />, label: t('users.action.viewPii') },
  ];

  const onMore = (u: User, key: string) => {
    switch (key) {
      case 'reset':
        setResetting(u);
        break;
      case 'unlock':
        simple.mutate({ kind: 'unlock', user: u });
        break;
      case 'totpReset':
        confirmTotpReset(u);
        break;
      case 'disable':
      case 'enable':
        confirmStatus(u, key);
        break;
      case 'pii':
        viewPii(u);
        break;
      default:
        break;
    }
  };

  const columns: TableColumnsType<User> = [
    {
      title: t('users.field.username'),
      dataIndex: 'username',
      width: 150,
      render: (v: string, u) => (
        <Flex gap={6} align="center">
          <Tooltip title={t('users.createdAt', { at: formatDateTime(u.createdAt) })}>
            <Typography.Text strong className="tx-mono">
              {v}
            </Typography.Text>
          </Tooltip>
          {u.totpEnabled ? (
            <Tooltip title={t('users.totpOn')}>
              <SafetyCertificateFilled style={{ color: '#389e0d' }} aria-label={t('users.totpOn')} />
            </Tooltip>
          ) : null}
        </Flex>
      ),
    },
    { title: t('users.field.displayName'), dataIndex: 'displayName', width: 160 },
    {
      title: t('users.field.phone'),
      dataIndex: 'phoneMasked',
      width: 140,
      render: (v: string | null) => (v ? <span className="tx-mono">{v}</span> : <span className="tx-muted">{t('common.dash')}</span>),
    },
    {
      title: t('users.field.grants'),
      dataIndex: 'grants',
      render: (g: Grant[]) => <GrantTags grants={g} empty={t('users.noGrants')} />,
    },
    {
      title: t('users.field.status'),
      dataIndex: 'status',
      width: 130,
      render: (_: UserStatus, u) => <StatusTags user={u} />,
    },
    {
      title: t('users.field.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      width: 150,
      render: (v: string | null) => (v ? formatDateTime(v) : <span className="tx-muted">{t('users.neverLoggedIn')}</span>),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 210,
      render: (_, u) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing(u)}>
            {t('common.edit')}
          </Button>
          <Button type="link" size="small" icon={<SafetyOutlined />} onClick={() => setGrantsUserId(u.id)}>
            {t('users.action.grants')}
          </Button>
          <Dropdown trigger={['click']} menu={{ items: moreItems(u), onClick: ({ key }) => onMore(u, key) }}>
            <Button type="link" size="small" aria-label={t('common.more')}>
              {t('common.more')} <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  const filtered = !!(filters.q || filters.regionId || filters.role);

  return (
    <div className="tx-page">
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={TID.userNew}>
            {t('users.new')}
          </Button>
        }
      />
      <Card variant="borderless">
        <Flex gap={12} wrap className="tx-filters">
          <Space.Compact style={{ width: 300 }}>
            <Input
              value={qInput}
              onChange={(e) => setQInput(e.target.value)}
              onPressEnter={() => {
                setFilters((f) => ({ ...f, q: qInput }));
                setPage(1);
              }}
              placeholder={t('users.searchPlaceholder')}
              allowClear
              prefix={<SearchOutlined className="tx-muted" />}
              data-testid={TID.usersSearch}
            />
            <Button
              type="primary"
              onClick={() => {
                setFilters((f) => ({ ...f, q: qInput }));
                setPage(1);
              }}
            >
              {t('common.search')}
            </Button>
          </Space.Compact>
          <RegionTreeSelect
            value={filters.regionId ?? null}
            onChange={(v) => {
              setFilters((f) => ({ ...f, regionId: v }));
              setPage(1);
            }}
            placeholder={t('users.filterRegion')}
            style={{ width: 240 }}
            data-testid="users-filter-region"
          />
          <Select
            value={filters.role}
            onChange={(v: string | undefined) => {
              setFilters((f) => ({ ...f, role: v }));
              setPage(1);
            }}
            allowClear
            placeholder={t('users.filterRole')}
            style={{ width: 180 }}
            options={ROLE_CODES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
            data-testid="users-filter-role"
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => {
              setQInput('');
              setFilters({ q: '' });
              setPage(1);
              void list.refetch();
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
        {list.isError && !list.data ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <div data-testid={TID.usersTable}>
            {list.isError ? (
              <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />
            ) : null}
            <Table<User>
              rowKey="id"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isFetching}
              scroll={{ x: 1100 }}
              locale={{
                emptyText: (
                  <EmptyState description={filtered ? t('users.emptyFiltered') : t('users.empty')}>
                    {!filtered ? (
                      <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                        {t('users.new')}
                      </Button>
                    ) : null}
                  </EmptyState>
                ),
              }}
              pagination={{
                current: page,
                pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
                onChange: (p, s) => {
                  setPage(s !== pageSize ? 1 : p);
                  setPageSize(s);
                },
              }}
            />
          </div>
        )}
      </Card>

      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <GrantsDrawer user={grantsUser} onClose={() => setGrantsUserId(null)} />
    </div>
  );
}
