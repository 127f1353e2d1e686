import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Collapse, DatePicker, Flex, Form, Input, InputNumber, Modal, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbAdminApi, pbMay, useCycleCommand, type MeetingBody } from '../../../shared/pb/admin-api';
import { usePbMeetings } from '../../../shared/pb/api';
import type { CycleDetail, Meeting } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { showErrorOnField } from '../../components/formErrors';
import { FormFooter } from '../../components/FormFooter';
import { ErrorState } from '../../components/States';
import { numberLabel, PbErrorAlert, SmallNote } from './common';

interface Values {
  title: string;
  heldAt: Dayjs;
  place?: string;
  attendees?: number;
  minutes: string;
  projectIds?: string[];
}

const FIELDS = ['title', 'heldAt', 'place', 'attendees', 'minutes', 'projectIds'] as const;

function MeetingModal({ detail, open, onClose }: { detail: CycleDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const create = useCycleCommand(detail.cycle.id, (body: MeetingBody) => pbAdminApi.createMeeting(detail.cycle.id, body));
  const options = detail.projects
    .filter((p) => p.status !== 'merged' && p.status !== 'rejected')
    .map((p) => ({ value: p.id, label: `${numberLabel(p.number)} ${p.title}` }));

  const onFinish = (v: Values) => {
    setError(null);
    const body: MeetingBody = {
      title: v.title.trim(),
      heldAt: v.heldAt.toISOString(),
      minutes: v.minutes.trim(),
      ...(v.place?.trim() ? { place: v.place.trim() } : {}),
      ...(v.attendees !== undefined && v.attendees !== null ? { attendees: v.attendees } : {}),
      ...(v.projectIds?.length ? { projectIds: v.projectIds } : {}),
    };
    create.mutate(body, {
      onSuccess: () => {
        void message.success(t('pbAdmin.meetings.created'));
        form.resetFields();
        onClose();
      },
      onError: (e) => setError(showErrorOnField(form, e, FIELDS) ? null : e),
    });
  };

  const required = (label: string) => ({ required: true, whitespace: true, message: t('pbAdmin.field.required', { field: label }) });

  return (
    <Modal
      open={open}
      title={t('pbAdmin.meetings.new')}
      onCancel={onClose}
      width={640}
      destroyOnHidden
      footer={
        <FormFooter form={form} onCancel={onClose} loading={create.isPending} testId={TID.pbAdmin.meetingSubmit}>
          {t('common.save')}
        </FormFooter>
      }
    >
      <PbErrorAlert error={error} onClose={() => setError(null)} />
      <Form<Values> form={form} name="pbMeeting" layout="vertical" onFinish={onFinish}>
        <Form.Item name="title" label={t('pbAdmin.meetings.title')} rules={[required(t('pbAdmin.meetings.title')), { max: 100 }]}>
          <Input maxLength={100} placeholder={t('pbAdmin.meetings.titlePlaceholder')} data-testid={TID.pbAdmin.meetingTitle} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item
            name="heldAt"
            label={t('pbAdmin.meetings.heldAt')}
            rules={[{ required: true, message: t('pbAdmin.field.required', { field: t('pbAdmin.meetings.heldAt') }) }]}
            style={{ flex: '0 0 220px' }}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid={TID.pbAdmin.meetingHeldAt} />
          </Form.Item>
          <Form.Item name="place" label={t('pbAdmin.meetings.place')} rules={[{ max: 200 }]} style={{ flex: 1 }}>
            <Input maxLength={200} />
          </Form.Item>
        </Flex>
        <Form.Item name="attendees" label={t('pbAdmin.meetings.attendees')}>
          <InputNumber<number> min={0} max={100_000} precision={0} style={{ width: 160 }} suffix={t('pbAdmin.voters.people')} />
        </Form.Item>
        <Form.Item name="minutes" label={t('pbAdmin.meetings.minutes')} rules={[required(t('pbAdmin.meetings.minutes')), { max: 20000 }]}>
          <Input.TextArea rows={6} maxLength={20000} showCount data-testid={TID.pbAdmin.meetingMinutes} />
        </Form.Item>
        <Form.Item name="projectIds" label={t('pbAdmin.meetings.projects')}>
          <Select mode="multiple" options={options} showSearch={{ optionFilterProp: 'label' }} data-testid={TID.pbAdmin.meetingProjects} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function MeetingBodyView({ m }: { m: Meeting }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      {m.attendees !== null && m.attendees !== undefined && String(m.attendees) !== '' ? (
        <SmallNote>{t('pbAdmin.meetings.attendeesLine', { attendees: m.attendees })}</SmallNote>
      ) : null}
      <div className="tx-prewrap">{m.minutes}</div>
      {m.projects.length ? (
        <Flex gap={4} wrap>
          {m.projects.map((p) => (
            <Tag key={p.id}>
              {numberLabel(p.number)} {p.title}
            </Tag>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Deliberation meetings (议事会) with their minutes and the proposals they discussed. */
export function MeetingsCard({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const meetings = usePbMeetings(detail.cycle.id);
  const canMeet = pbMay(detail.parts, 'review', detail.cycle.phase);
  return (
    <Card
      variant="borderless"
      title={t('pbAdmin.meetings.heading')}
      extra={
        canMeet ? (
          <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid={TID.pbAdmin.meetingNew}>
            {t('pbAdmin.meetings.new')}
          </Button>
        ) : null
      }
      data-testid={TID.pbAdmin.meetings}
    >
      {meetings.isError ? (
        <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} compact />
      ) : !meetings.data?.length ? (
        <Typography.Text type="secondary">{meetings.isPending ? t('common.loading') : t('pbAdmin.meetings.empty')}</Typography.Text>
      ) : (
        <Collapse
          size="small"
          items={meetings.data.map((m) => ({
            key: m.id,
            label: (
              <Flex gap={12} wrap>
                <Typography.Text strong>{m.title}</Typography.Text>
                <Typography.Text type="secondary">
                  {formatDateTime(m.heldAt)}
                  {m.place ? ` · ${m.place}` : ''}
                </Typography.Text>
                {m.projects.length ? <Tag>{t('pbAdmin.meetings.projectCount', { count: m.projects.length })}</Tag> : null}
              </Flex>
            ),
            children: <MeetingBodyView m={m} />,
          }))}
        />
      )}
      <MeetingModal detail={detail} open={open} onClose={() => setOpen(false)} />
    </Card>
  );
}
