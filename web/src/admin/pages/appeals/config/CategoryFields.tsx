import { Col, Form, Input, InputNumber, Row, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { HANDLING_MODES } from '../../../../shared/appeals';
import { useDepartmentOptions } from './departmentOptions';

/** The form fields a category has; `creating` adds the code, `inherit` explains that empty means the parent's. */
export function CategoryFields({ creating = false, inherit = false }: { creating?: boolean; inherit?: boolean }) {
  const { t } = useTranslation();
  const depts = useDepartmentOptions();
  const extra = inherit ? t('appealsConfig.field.inherit') : undefined;
  return (
    <>
      <Row gutter={16}>
        {creating ? (
          <Col span={10}>
            <Form.Item name="code" label={t('appealsConfig.field.code')} extra={t('appealsConfig.field.codeHelp')} rules={[{ required: true, pattern: /^[0-9A-Za-z_-]{1,20}$/, message: t('appealsConfig.field.codeHelp') }]}>
              <Input maxLength={20} data-testid="category-form-code" />
            </Form.Item>
          </Col>
        ) : null}
        <Col span={creating ? 14 : 16}>
          <Form.Item name="name" label={t('appealsConfig.field.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
            <Input maxLength={60} data-testid="category-form-name" />
          </Form.Item>
        </Col>
        {!creating ? (
          <Col span={8}>
            <Form.Item name="active" label={t('appealsConfig.field.active')} valuePropName="checked">
              <Switch data-testid="category-form-active" />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item name="handling" label={t('appealsConfig.field.handling')} extra={extra}>
            <Select allowClear={inherit} data-testid="category-form-handling" options={HANDLING_MODES.map((m) => ({ value: m, label: t(`appeals.mode.${m}`) }))} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="departmentCode" label={t('appealsConfig.field.departmentCode')} extra={extra}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={depts.loading} options={depts.byCode} data-testid="category-form-department" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="assistDepartmentCodes" label={t('appealsConfig.field.assistDepartmentCodes')}>
        <Select mode="multiple" allowClear showSearch={{ optionFilterProp: 'label' }} loading={depts.loading} options={depts.byCode} maxCount={10} data-testid="category-form-assists" />
      </Form.Item>
      <Row gutter={16}>
        <Col span={6}>
          <Form.Item name="acceptHours" label={t('appealsConfig.field.acceptHours')} rules={[{ type: 'integer', min: 1, max: 720 }]}>
            <InputNumber min={1} max={720} precision={0} style={{ width: '100%' }} data-testid="category-form-acceptHours" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="onSiteMinutes" label={t('appealsConfig.field.onSiteMinutes')} tooltip={t('appealsConfig.field.onSiteHelp')} rules={[{ type: 'integer', min: 5, max: 1440 }]}>
            <InputNumber min={5} max={1440} precision={0} style={{ width: '100%' }} data-testid="category-form-onSiteMinutes" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="workingDays" label={t('appealsConfig.field.workingDays')} rules={[{ type: 'integer', min: 1, max: 90 }]}>
            <InputNumber min={1} max={90} precision={0} style={{ width: '100%' }} data-testid="category-form-workingDays" />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="duplicateRadiusM" label={t('appealsConfig.field.duplicateRadiusM')} rules={[{ type: 'integer', min: 10, max: 10000 }]}>
            <InputNumber min={10} max={10000} precision={0} style={{ width: '100%' }} data-testid="category-form-radius" />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

/** The names of the fields above, for placing server errors on them. */
export const CATEGORY_FIELDS = ['code', 'name', 'active', 'handling', 'departmentCode', 'assistDepartmentCodes', 'acceptHours', 'onSiteMinutes', 'workingDays', 'duplicateRadiusM', 'parentId'] as const;
