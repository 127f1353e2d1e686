import { MinusCircleOutlined, PlusOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, errorMessage } from '../../../shared/api';
import { TID } from '../../../shared/testids';
import type { User } from '../../../shared/types';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';
import { FormError } from './FormError';
import { USERS_KEY } from './queryKeys';
import { useRoleOptions } from './useRoleOptions';

interface CreateValues {
  username: string;
  displayName: string;
  password: string;
  phone?: string;
  idNumber?: string;
  grants: Array<{ role?: string; regionId?: string }>;
}

const CREATE_FIELDS = ['username', 'displayName', 'password', 'phone', 'idNumber', 'grants'] as const;

export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
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
        <FormFooter form={form} onCancel={onClose} loading={m.isPending} testId={TID.userFormSubmit}>
          {t('users.createSubmit')}
        </FormFooter>
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
