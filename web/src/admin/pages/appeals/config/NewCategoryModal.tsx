import { App, Form, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../shared/api';
import { useCreateCategory, type ConfigCategory, type NewCategory } from '../../../../shared/appeals-config';
import { showErrorOnField } from '../../../components/formErrors';
import { CATEGORY_FIELDS, CategoryFields } from './CategoryFields';

/** Adds a category under `parent` (or a top one): unset handling and limits are the parent's. */
export function NewCategoryModal({ open, parent, onClose, onCreated }: { open: boolean; parent: ConfigCategory | null; onClose: () => void; onCreated: (c: ConfigCategory) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewCategory>();
  const create = useCreateCategory();

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: NewCategory = { parentId: parent?.id ?? null, code: v.code.trim(), name: v.name.trim() };
    for (const key of ['handling', 'departmentCode', 'acceptHours', 'onSiteMinutes', 'workingDays', 'duplicateRadiusM'] as const) {
      if (v[key] !== undefined && v[key] !== null) Object.assign(body, { [key]: v[key] });
    }
    if (v.assistDepartmentCodes?.length) body.assistDepartmentCodes = v.assistDepartmentCodes;
    try {
      const { category } = await create.mutateAsync(body);
      message.success(t('appealsConfig.categories.created', { name: category.name }));
      onCreated(category);
    } catch (e) {
      if (!showErrorOnField(form, e, CATEGORY_FIELDS)) message.error(errorMessage(e));
    }
  };

  return (
    <Modal
      open={open}
      title={parent ? t('appealsConfig.categories.addChild') : t('appealsConfig.categories.addTop')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'category-create-submit' } as Record<string, string>}
      width={720}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{parent ? t('appealsConfig.categories.childOf', { name: parent.name }) : t('appealsConfig.categories.topLevel')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false} data-testid="category-create-form">
        <CategoryFields creating inherit={!!parent} />
      </Form>
    </Modal>
  );
}
