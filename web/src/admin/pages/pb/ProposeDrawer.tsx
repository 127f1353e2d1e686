import { App, Drawer, Form, Input, InputNumber, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePropose } from '../../../shared/pb/api';
import type { ProposeBody } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { PhotoUpload } from '../appeals/common';
import { PbErrorAlert } from './common';

type Kind = 'community' | 'unit' | 'social_org';

interface Values {
  kind: Kind;
  name?: string;
  title: string;
  description: string;
  estimatedCostYuan: number;
  address?: string;
  photos?: string[];
}

const FIELDS = ['title', 'description', 'estimatedCostYuan', 'address', 'photos', 'onBehalfOf'] as const;

/**
 * A proposal entered by the community: its own, or on behalf of a unit or social organisation (公益创投) that handed it
 * in on paper. Residents propose on the H5.
 */
export function ProposeDrawer({ cycleId, open, onClose }: { cycleId: string; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form);
  const propose = usePropose(cycleId);
  const [error, setError] = useState<unknown>(null);

  const onFinish = (v: Values) => {
    setError(null);
    const body: ProposeBody = {
      title: v.title.trim(),
      description: v.description.trim(),
      estimatedCostYuan: v.estimatedCostYuan,
      ...(v.address?.trim() ? { address: v.address.trim() } : {}),
      ...(v.photos?.length ? { photos: v.photos } : {}),
      ...(v.kind !== 'community' && v.name ? { onBehalfOf: { kind: v.kind, name: v.name.trim() } } : {}),
    };
    propose.mutate(body, {
      onSuccess: (r) => {
        void message.success(t('pbAdmin.propose.done', { number: r.project.number }));
        form.resetFields();
        onClose();
      },
      onError: (e) => {
        if (showErrorOnField(form, e, FIELDS)) setError(null);
        else setError(e);
      },
    });
  };

  return (
    <Drawer
      title={t('pbAdmin.propose.title')}
      open={open}
      onClose={onClose}
      size={560}
      destroyOnHidden
      footer={
        <FormFooter form={form} onCancel={onClose} loading={propose.isPending} testId={TID.pbAdmin.proposeSubmit}>
          {t('pbAdmin.propose.submit')}
        </FormFooter>
      }
    >
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values> form={form} name="pbPropose" layout="vertical" initialValues={{ kind: 'unit' }} onFinish={onFinish} scrollToFirstError>
        <Form.Item name="kind" label={t('pbAdmin.propose.kind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            data-testid={TID.pbAdmin.proposeKind}
            options={(['unit', 'social_org', 'community'] as const).map((k) => ({ value: k, label: t(`pbAdmin.proposerKind.${k}`) }))}
          />
        </Form.Item>
        {kind !== 'community' ? (
          <Form.Item
            name="name"
            label={t('pbAdmin.propose.name')}
            extra={t('pbAdmin.propose.nameHint')}
            rules={[
              { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.propose.name') }) },
              { max: 100, message: t('validation.max', { max: 100 }) },
            ]}
          >
            <Input maxLength={100} data-testid={TID.pbAdmin.proposeName} />
          </Form.Item>
        ) : null}
        <Form.Item
          name="title"
          label={t('pbAdmin.propose.projectTitle')}
          rules={[
            { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.propose.projectTitle') }) },
            { max: 100, message: t('validation.max', { max: 100 }) },
          ]}
        >
          <Input maxLength={100} data-testid={TID.pbAdmin.proposeTitle} />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('pbAdmin.proposals.description')}
          rules={[
            { required: true, whitespace: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.proposals.description') }) },
            { max: 5000, message: t('validation.max', { max: 5000 }) },
          ]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid={TID.pbAdmin.proposeDescription} />
        </Form.Item>
        <Form.Item
          name="estimatedCostYuan"
          label={t('pbAdmin.proposals.col.estimate')}
          rules={[{ required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.proposals.col.estimate') }) }]}
        >
          <InputNumber<number> min={1} max={1_000_000_000} precision={0} style={{ width: 220 }} suffix={t('pbAdmin.yuanUnit')} data-testid={TID.pbAdmin.proposeCost} />
        </Form.Item>
        <Form.Item name="address" label={t('pbAdmin.proposals.address')} rules={[{ max: 200, message: t('validation.max', { max: 200 }) }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="photos" label={t('pbAdmin.proposals.photos')}>
          <PhotoUpload max={9} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
