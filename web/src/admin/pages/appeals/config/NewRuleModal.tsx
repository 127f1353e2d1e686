import { App, Form, InputNumber, Modal, Select, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../shared/api';
import { HANDLING_MODES, type HandlingMode } from '../../../../shared/appeals';
import { useConfigCategories, useCreateRule, type NewRoutingRule } from '../../../../shared/appeals-config';
import { showErrorOnField } from '../../../components/formErrors';
import { RegionTreeSelect } from '../../../components/RegionTreeSelect';
import { useDepartmentOptions } from './departmentOptions';

const RULE_FIELDS = ['categoryId', 'regionId', 'mode', 'leadDepartmentId', 'assistDepartmentIds', 'priority'] as const;

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

/** Adds a routing rule: a category (any level) in an area goes to a handling mode and departments. */
export function NewRuleModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewRoutingRule>();
  const create = useCreateRule();
  const categories = useConfigCategories();
  const depts = useDepartmentOptions();
  const mode = Form.useWatch('mode', form) as HandlingMode | undefined;

  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  useEffect(() => {
    if (mode !== 'joint') form.setFieldValue('assistDepartmentIds', []);
  }, [mode, form]);

  const tree = useMemo(() => {
    const nodes = new Map<string, TreeOption>();
    const active = (categories.data ?? []).filter((c) => c.active);
    for (const c of active) nodes.set(c.id, { value: c.id, title: `${c.name}（${c.code}）`, children: [] });
    const roots: TreeOption[] = [];
    for (const c of active) {
      const n = nodes.get(c.id)!;
      const parent = c.parentId ? nodes.get(c.parentId) : undefined;
      (parent ? parent.children : roots).push(n);
    }
    return roots;
  }, [categories.data]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: NewRoutingRule = {
      categoryId: v.categoryId,
      regionId: v.regionId,
      mode: v.mode,
      priority: v.priority ?? 0,
      ...(v.mode !== 'grid' && v.leadDepartmentId ? { leadDepartmentId: v.leadDepartmentId } : {}),
      ...(v.mode === 'joint' ? { assistDepartmentIds: v.assistDepartmentIds ?? [] } : {}),
    };
    try {
      await create.mutateAsync(body);
      message.success(t('appealsConfig.rules.created'));
      onClose();
    } catch (e) {
      if (!showErrorOnField(form, e, RULE_FIELDS)) message.error(errorMessage(e));
    }
  };

  return (
    <Modal
      open={open}
      title={t('appealsConfig.rules.add')}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={create.isPending}
      okButtonProps={{ 'data-testid': 'rule-submit' } as Record<string, string>}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ mode: 'department', priority: 0, assistDepartmentIds: [] }} data-testid="rule-form">
        <Form.Item name="categoryId" label={t('appealsConfig.rules.category')} rules={[{ required: true, message: t('appealsConfig.rules.pickCategory') }]}>
          <TreeSelect
            treeData={tree}
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('appealsConfig.rules.pickCategory')}
            loading={categories.isPending}
            listHeight={320}
            data-testid="rule-category"
          />
        </Form.Item>
        <Form.Item name="regionId" label={t('appealsConfig.rules.region')} rules={[{ required: true, message: t('appealsConfig.rules.pickRegion') }]}>
          <RegionTreeSelect placeholder={t('appealsConfig.rules.pickRegion')} data-testid="rule-region" />
        </Form.Item>
        <Form.Item name="mode" label={t('appealsConfig.rules.mode')} rules={[{ required: true }]}>
          <Select options={HANDLING_MODES.map((m) => ({ value: m, label: t(`appeals.mode.${m}`) }))} data-testid="rule-mode" />
        </Form.Item>
        <Form.Item
          name="leadDepartmentId"
          label={t('appealsConfig.rules.lead')}
          extra={mode === 'grid' ? t('appealsConfig.rules.leadForGrid') : undefined}
          rules={[{ required: mode !== 'grid', message: t('appealsConfig.rules.pickDepartment') }]}
        >
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} disabled={mode === 'grid'} options={depts.byId} placeholder={t('appealsConfig.rules.pickDepartment')} data-testid="rule-lead" />
        </Form.Item>
        <Form.Item
          name="assistDepartmentIds"
          label={t('appealsConfig.rules.assists')}
          extra={mode !== 'joint' ? t('appealsConfig.rules.assistsOnlyJoint') : undefined}
          rules={[{ required: mode === 'joint', type: 'array', min: mode === 'joint' ? 1 : 0, message: t('appealsConfig.rules.pickDepartment') }]}
        >
          <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} disabled={mode !== 'joint'} options={depts.byId} maxCount={10} data-testid="rule-assists" />
        </Form.Item>
        <Form.Item name="priority" label={t('appealsConfig.rules.priority')} extra={t('appealsConfig.rules.priorityHelp')}>
          <InputNumber min={-100} max={100} precision={0} data-testid="rule-priority" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
