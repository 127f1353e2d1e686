import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Flex, Form, Popconfirm, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../shared/api';
import { levelLabel, roleLabel } from '../../../shared/roles';
import type { Grant, User } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { RoleTag } from '../../components/RoleTags';
import { EmptyState } from '../../components/States';
import { FormError } from './FormError';
import { USERS_KEY } from './queryKeys';
import { useRoleOptions } from './useRoleOptions';

interface GrantValues {
  role: string;
  regionId: string;
}

export function GrantsDrawer({ user, onClose }: { user: User | null; onClose: () => void }) {
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
