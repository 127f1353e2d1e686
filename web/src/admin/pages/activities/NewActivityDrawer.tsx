import { Alert, App, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../../shared/api';
import { useCreateActivity, type Audience, type CreateActivityBody, type OrganiserKind } from '../../../shared/activities/api';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { RegionTreeSelect } from '../../components/RegionTreeSelect';

interface Values {
  regionId?: string;
  organiserKind: OrganiserKind;
  organiserId?: string;
  title: string;
  description?: string;
  venue: string;
  lng?: number | null;
  lat?: number | null;
  geofenceM?: number | null;
  time: [Dayjs, Dayjs];
  capacity: number;
  serviceItemCode?: string;
  audience: Audience;
}

const FIELDS = ['regionId', 'organiserKind', 'organiserId', 'title', 'description', 'venue', 'venuePoint', 'geofenceM', 'startsAt', 'endsAt', 'capacity', 'serviceItemCode', 'audience'] as const;
const KINDS: OrganiserKind[] = ['community', 'branch', 'team', 'unit'];
const AUDIENCES: Audience[] = ['everyone', 'members', 'residents'];

function toBody(v: Values): CreateActivityBody {
  const body: CreateActivityBody = {
    regionId: v.regionId ?? '',
    organiserKind: v.organiserKind,
    title: v.title.trim(),
    venue: v.venue.trim(),
    startsAt: v.time[0].format(),
    endsAt: v.time[1].format(),
    capacity: v.capacity,
    audience: v.audience,
  };
  if (v.organiserKind !== 'community' && v.organiserId?.trim()) body.organiserId = v.organiserId.trim();
  if (v.description?.trim()) body.description = v.description.trim();
  if (v.lng != null && v.lat != null) body.venuePoint = { lng: v.lng, lat: v.lat };
  if (v.geofenceM != null) body.geofenceM = v.geofenceM;
  if (v.serviceItemCode?.trim()) body.serviceItemCode = v.serviceItemCode.trim();
  return body;
}

/** A new activity (a draft) with the fields of POST /api/activities. */
export function NewActivityDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const kind = Form.useWatch('organiserKind', form);
  const create = useCreateActivity();
  const [error, setError] = useState<string | null>(null);

  const onFinish = (v: Values) => {
    setError(null);
    create.mutate(toBody(v), {
      onSuccess: () => {
        void message.success(t('activities.admin.created'));
        form.resetFields();
        onClose();
      },
      onError: (e) => {
        // `startsAt` / `endsAt` / `venuePoint` are shown on the fields that hold them.
        const mapped = isApiError(e) ? (e.field ?? '') : '';
        if (mapped === 'startsAt' || mapped === 'endsAt') form.setFields([{ name: 'time', errors: [errorMessage(e)] }]);
        else if (mapped === 'venuePoint') form.setFields([{ name: 'lng', errors: [errorMessage(e)] }]);
        else if (!showErrorOnField(form, e, FIELDS)) setError(errorMessage(e));
      },
    });
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('activities.admin.createTitle')}
      size={560}
      destroyOnHidden
      footer={
        <FormFooter form={form} onCancel={onClose} loading={create.isPending} testId={TID.activitiesAdmin.formSubmit}>
          {t('activities.admin.form.submit')}
        </FormFooter>
      }
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ organiserKind: 'community', audience: 'everyone', capacity: 20 }} requiredMark>
        <Form.Item name="regionId" label={t('activities.admin.form.region')} rules={[{ required: true, message: t('validation.required', { field: t('activities.admin.form.region') }) }]}>
          <RegionTreeSelect />
        </Form.Item>
        <Form.Item name="organiserKind" label={t('activities.admin.form.organiserKind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`activities.organiserKind.${k}`) }))} />
        </Form.Item>
        {kind && kind !== 'community' ? (
          <Form.Item name="organiserId" label={t('activities.admin.form.organiserId')} extra={t('activities.admin.form.organiserIdHint')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('activities.admin.form.organiserId') }) }]}>
            <Input />
          </Form.Item>
        ) : null}
        <Form.Item name="title" label={t('activities.admin.form.title')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('activities.admin.form.title') }) }, { max: 100 }]}>
          <Input maxLength={100} data-testid={TID.activitiesAdmin.formTitle} />
        </Form.Item>
        <Form.Item name="description" label={t('activities.admin.form.description')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Form.Item name="venue" label={t('activities.admin.form.venue')} rules={[{ required: true, whitespace: true, message: t('validation.required', { field: t('activities.admin.form.venue') }) }]}>
          <Input maxLength={200} data-testid={TID.activitiesAdmin.formVenue} />
        </Form.Item>
        <Space size={12} wrap>
          <Form.Item name="lng" label={t('activities.admin.form.lng')}>
            <InputNumber min={-180} max={180} step={0.0001} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="lat" label={t('activities.admin.form.lat')}>
            <InputNumber min={-90} max={90} step={0.0001} style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="geofenceM" label={t('activities.admin.form.geofenceM')}>
            <InputNumber min={10} max={10000} style={{ width: 150 }} />
          </Form.Item>
        </Space>
        <Form.Item name="time" label={t('activities.admin.form.time')} rules={[{ required: true, message: t('validation.required', { field: t('activities.admin.form.time') }) }]}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Space size={12} wrap>
          <Form.Item name="capacity" label={t('activities.admin.form.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} style={{ width: 150 }} data-testid={TID.activitiesAdmin.formCapacity} />
          </Form.Item>
          <Form.Item name="audience" label={t('activities.admin.form.audience')}>
            <Select style={{ width: 150 }} options={AUDIENCES.map((a) => ({ value: a, label: t(`activities.audience.${a}`) }))} />
          </Form.Item>
          <Form.Item name="serviceItemCode" label={t('activities.admin.form.serviceItemCode')}>
            <Input style={{ width: 180 }} maxLength={64} />
          </Form.Item>
        </Space>
      </Form>
    </Drawer>
  );
}
