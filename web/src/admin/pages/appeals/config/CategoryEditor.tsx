import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Flex, Form, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../shared/api';
import { useUpdateCategory, type CategoryChange, type ConfigCategory } from '../../../../shared/appeals-config';
import { showErrorOnField } from '../../../components/formErrors';
import { CATEGORY_FIELDS, CategoryFields } from './CategoryFields';

type Values = Required<Pick<ConfigCategory, 'name' | 'active' | 'handling' | 'assistDepartmentCodes' | 'acceptHours' | 'workingDays' | 'duplicateRadiusM'>> & {
  departmentCode: string | null | undefined;
  onSiteMinutes: number | null | undefined;
};

const valuesOf = (c: ConfigCategory): Values => ({
  name: c.name,
  active: c.active,
  handling: c.handling,
  departmentCode: c.departmentCode ?? undefined,
  assistDepartmentCodes: c.assistDepartmentCodes,
  acceptHours: c.acceptHours,
  onSiteMinutes: c.onSiteMinutes ?? undefined,
  workingDays: c.workingDays,
  duplicateRadiusM: c.duplicateRadiusM,
});

/** One category: where it sits, its fields to edit, and adding a child under it. */
export function CategoryEditor({ category, path, onAddChild }: { category: ConfigCategory; path: string[]; onAddChild: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateCategory();

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(valuesOf(category));
  }, [category, form]);

  const save = async (v: Values) => {
    // Only what changed is sent; cleared optional fields are sent as null (no department, no on-site limit).
    const before = valuesOf(category);
    const change: CategoryChange = {};
    for (const key of Object.keys(v) as Array<keyof Values>) {
      const now = v[key] === undefined ? null : v[key];
      const was = before[key] === undefined ? null : before[key];
      if (JSON.stringify(now) !== JSON.stringify(was)) Object.assign(change, { [key]: now });
    }
    if (Object.keys(change).length === 0) return;
    try {
      await update.mutateAsync({ id: category.id, change });
      message.success(t('appealsConfig.categories.saved'));
    } catch (e) {
      if (!showErrorOnField(form, e, CATEGORY_FIELDS)) message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="category-editor" data-code={category.code}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 12 }}>
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {category.name}
          </Typography.Title>
          <Typography.Text type="secondary">{path.join(' / ')}</Typography.Text>
        </div>
        <Button icon={<PlusOutlined />} onClick={onAddChild} data-testid="category-add-child">
          {t('appealsConfig.categories.addChild')}
        </Button>
      </Flex>
      <Flex gap={8} style={{ marginBottom: 16 }} wrap>
        <Tag>
          {t('appealsConfig.field.code')}: <span className="tx-mono">{category.code}</span>
        </Tag>
        <Tag color="blue">{t('appealsConfig.categories.level', { level: category.level })}</Tag>
        {!category.active ? <Tag>{t('appealsConfig.categories.inactive')}</Tag> : null}
      </Flex>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false}>
        <CategoryFields />
        <Flex gap={8}>
          <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="category-save">
            {t('appealsConfig.categories.save')}
          </Button>
          <Button onClick={() => form.setFieldsValue(valuesOf(category))}>{t('appealsConfig.categories.reset')}</Button>
        </Flex>
      </Form>
    </div>
  );
}
