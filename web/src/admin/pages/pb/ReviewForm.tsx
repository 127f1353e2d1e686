import { App, Button, Flex, Form, Input, InputNumber, Radio, Select } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDepartments } from '../../../shared/appeals';
import { pbAdminApi, useCycleCommand, type ReviewBody } from '../../../shared/pb/admin-api';
import type { ProjectDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { PbErrorAlert } from './common';

interface Values {
  decision: 'on_ballot' | 'rejected';
  officialCostYuan?: number;
  departmentId?: string;
  reason?: string;
}

const FIELDS = ['decision', 'officialCostYuan', 'departmentId', 'reason'] as const;

/** Put a proposal on the ballot with its official cost (whole yuan) and responsible department, or reject it with a reason. */
export function ReviewForm({ cycleId, project }: { cycleId: string; project: ProjectDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const decision = Form.useWatch('decision', form);
  const departments = useDepartments();
  const [error, setError] = useState<unknown>(null);
  const options = useMemo(() => (departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name })), [departments.data]);
  const review = useCycleCommand(cycleId, (v: Values) => {
    const body: ReviewBody =
      v.decision === 'on_ballot'
        ? { decision: 'on_ballot', officialCostYuan: v.officialCostYuan, ...(v.departmentId ? { departmentId: v.departmentId } : {}) }
        : { decision: 'rejected', reason: (v.reason ?? '').trim(), ...(v.departmentId ? { departmentId: v.departmentId } : {}) };
    return pbAdminApi.review(project.id, body);
  });

  const initial: Values = {
    decision: project.status === 'rejected' ? 'rejected' : 'on_ballot',
    officialCostYuan: project.costYuan ?? Math.ceil(project.estimatedCostYuan),
    ...(project.departmentId ? { departmentId: project.departmentId } : {}),
    ...(project.rejectionReason ? { reason: project.rejectionReason } : {}),
  };

  return (
    <>
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values>
        form={form}
        name="pbReview"
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setError(null);
          review.mutate(v, {
            onSuccess: (r) => void message.success(t(`pbAdmin.review.done.${r.project.status === 'rejected' ? 'rejected' : 'on_ballot'}`, { number: r.project.number })),
            onError: (e) => setError(showErrorOnField(form, e, FIELDS) ? null : e),
          });
        }}
      >
        <Form.Item name="decision" label={t('pbAdmin.review.decision')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            data-testid={TID.pbAdmin.reviewDecision}
            options={[
              { value: 'on_ballot', label: t('pbAdmin.review.onBallot') },
              { value: 'rejected', label: t('pbAdmin.review.reject') },
            ]}
          />
        </Form.Item>
        {decision !== 'rejected' ? (
          <Flex gap={16} wrap>
            <Form.Item
              name="officialCostYuan"
              label={t('pbAdmin.review.officialCost')}
              extra={t('pbAdmin.review.officialCostHint')}
              rules={[{ required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.review.officialCost') }) }]}
              style={{ flex: '0 0 220px' }}
            >
              <InputNumber<number> min={1} max={1_000_000_000} precision={0} style={{ width: '100%' }} suffix={t('pbAdmin.yuanUnit')} data-testid={TID.pbAdmin.reviewCost} />
            </Form.Item>
            <Form.Item name="departmentId" label={t('pbAdmin.review.department')} extra={t('pbAdmin.review.departmentHint')} style={{ flex: 1, minWidth: 220 }}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                options={options}
                loading={departments.isLoading}
                placeholder={t('pbAdmin.review.departmentPlaceholder')}
                data-testid={TID.pbAdmin.reviewDepartment}
              />
            </Form.Item>
          </Flex>
        ) : (
          <Form.Item
            name="reason"
            label={t('pbAdmin.review.reason')}
            extra={t('pbAdmin.review.reasonHint')}
            rules={[
              { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.review.reason') }) },
              { max: 1000, message: t('validation.max', { max: 1000 }) },
            ]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount data-testid={TID.pbAdmin.reviewReason} />
          </Form.Item>
        )}
        <Flex justify="flex-end">
          <Button type="primary" danger={decision === 'rejected'} htmlType="submit" loading={review.isPending} data-testid={TID.pbAdmin.reviewSubmit}>
            {decision === 'rejected' ? t('pbAdmin.review.submitReject') : t('pbAdmin.review.submitBallot')}
          </Button>
        </Flex>
      </Form>
    </>
  );
}
