import { AimOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../shared/api';
import {
  appealKeys,
  currentPosition,
  errorField,
  fetchAppeals,
  giveCommand,
  HANDLING_MODES,
  SATISFACTIONS,
  statusLabel,
  superviseAppeal,
  SUPERVISION_LEVELS,
  useCategories,
  useDepartments,
  type AppealDetail,
  type CommandType,
  type HandlingMode,
  type SupervisionLevel,
} from '../../../shared/appeals';
import { useRegion } from '../../../shared/regions';
import { bodyOf, suggestedValues, type Values } from './command-body';
import { PhotoUpload } from './common';
import { SuggestionNote } from './suggestion';

type FieldName =
  | 'reply'
  | 'reason'
  | 'channel'
  | 'into'
  | 'mode'
  | 'leadDepartmentId'
  | 'assistDepartmentIds'
  | 'assigneeUserId'
  | 'lng'
  | 'lat'
  | 'photo'
  | 'attachments'
  | 'result'
  | 'handlerAtFault'
  | 'days';

/** The fields each command needs (the server's command body, by name). */
export const COMMAND_FIELDS: Record<CommandType, readonly FieldName[]> = {
  answer: ['reply'],
  notAccept: ['channel', 'reason'],
  merge: ['into'],
  queue: [],
  dispatch: ['mode', 'leadDepartmentId', 'assistDepartmentIds', 'assigneeUserId'],
  accept: [],
  checkIn: ['lng', 'lat', 'photo'],
  start: [],
  suspend: ['reason'],
  resume: [],
  assistReply: ['reply'],
  reply: ['reply', 'attachments'],
  approveReply: [],
  sendBack: ['reason'],
  visit: ['result', 'handlerAtFault'],
  close: [],
  requestReturn: ['reason'],
  approveReturn: [],
  rejectReturn: ['reason'],
  requestExtension: ['days', 'reason'],
  approveExtension: [],
  refuseExtension: ['reason'],
};

/** Forward steps are primary buttons; refusals are red. */
export const PRIMARY_COMMANDS: readonly CommandType[] = [
  'dispatch',
  'accept',
  'checkIn',
  'start',
  'reply',
  'assistReply',
  'approveReply',
  'visit',
  'close',
  'approveReturn',
  'approveExtension',
  'resume',
];
export const DANGER_COMMANDS: readonly CommandType[] = ['notAccept', 'rejectReturn', 'refuseExtension', 'sendBack', 'requestReturn'];

function MergeTarget({ value, onChange, exclude, id }: { value?: string; onChange?: (v: string) => void; exclude: string; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(q.trim()), 300);
    return () => window.clearTimeout(h);
  }, [q]);
  const found = useQuery({
    queryKey: ['appeals', 'merge-targets', debounced],
    queryFn: () => fetchAppeals({ q: debounced, pageSize: 20 }),
    enabled: debounced.length > 0,
  });
  const options = (found.data?.items ?? [])
    .filter((a) => a.id !== exclude && !['merged', 'not_accepted', 'answered'].includes(a.status))
    .map((a) => ({ value: a.id, label: `${a.number} · ${a.title} · ${statusLabel(t, a.status)}` }));
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={onChange}
      options={options}
      loading={found.isFetching}
      placeholder={t('appeals.form.targetPlaceholder')}
      notFoundContent={debounced ? t('common.empty') : null}
      data-testid="cmd-into"
    />
  );
}

/** The form of one command; opened from the action bar of a case. */
export function CommandModal({ appeal, command, onClose }: { appeal: AppealDetail; command: CommandType | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const fields = command ? COMMAND_FIELDS[command] : [];
  const has = (f: FieldName) => fields.includes(f);
  const mode = Form.useWatch('mode', form);
  const result = Form.useWatch('result', form);
  const lead = Form.useWatch('leadDepartmentId', form);
  const departments = useDepartments(has('leadDepartmentId'));
  const grid = useRegion(has('assigneeUserId') ? appeal.gridId : null);
  const categories = useCategories();
  const [locating, setLocating] = useState(false);

  const workers = useMemo(
    () => (grid.data?.workers ?? []).filter((w) => w.role === 'grid_worker').map((w) => ({ value: w.userId, label: w.displayName })),
    [grid.data],
  );
  const deptOptions = useMemo(() => (departments.data ?? []).filter((d) => d.active).map((d) => ({ value: d.id, label: d.name })), [departments.data]);

  const initial = useMemo<Values>(() => {
    if (command !== 'dispatch') return command === 'visit' ? { result: 'satisfied', handlerAtFault: false } : command === 'requestExtension' ? { days: 3 } : {};
    // What routing decides now, when the server suggests it (a case waiting for dispatch).
    if (appeal.suggestedRoute) return suggestedValues(appeal.suggestedRoute);
    const category = categories.data?.find((c) => c.id === appeal.categoryId);
    const suggested: HandlingMode = appeal.mode ?? category?.handling ?? 'department';
    return {
      mode: suggested === 'grid' && !appeal.gridId ? 'department' : suggested,
      leadDepartmentId: appeal.leadDepartmentId ?? undefined,
      assigneeUserId: appeal.assigneeUserId ?? undefined,
      assistDepartmentIds: [],
    };
  }, [command, appeal, categories.data]);

  // Each opening starts from the command's own defaults (the form instance outlives the dialog).
  useEffect(() => {
    if (command) form.resetFields();
  }, [command, form]);

  const m = useMutation({
    mutationFn: (v: Values) => giveCommand(appeal.id, bodyOf(command ?? 'accept', v)),
    onSuccess: () => {
      void message.success(t('appeals.form.done', { action: t(`appeals.command.${command ?? 'accept'}`) }));
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      onClose();
    },
    onError: (e) => {
      const f = errorField(e) as FieldName | undefined;
      if (f && fields.includes(f)) {
        form.setFields([{ name: f, errors: [errorMessage(e)] }]);
        setError(null);
      } else {
        setError(errorMessage(e));
      }
    },
  });

  const useMyLocation = async () => {
    setLocating(true);
    const r = await currentPosition();
    setLocating(false);
    if (r.ok) {
      form.setFieldsValue({ lng: Number(r.point[0].toFixed(7)), lat: Number(r.point[1].toFixed(7)) });
    } else {
      void message.warning(t('appeals.h5.gpsFailed'));
    }
  };

  const required = (label: string) => ({ required: true, whitespace: true, message: t('appeals.form.required', { field: label }) });
  const label = command ? t(`appeals.command.${command}`) : '';

  return (
    <Modal
      open={!!command}
      title={label}
      onCancel={onClose}
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            danger={!!command && DANGER_COMMANDS.includes(command)}
            loading={m.isPending}
            onClick={() => form.submit()}
            data-testid="cmd-submit"
          >
            {fields.length ? t('appeals.form.submit') : label}
          </Button>
        </Flex>
      }
      destroyOnHidden
      afterOpenChange={(o) => {
        if (!o) setError(null);
      }}
      width={command === 'dispatch' ? 620 : 520}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="cmd-error" /> : null}
      {command === 'dispatch' && appeal.suggestedRoute ? <SuggestionNote appeal={appeal} route={appeal.suggestedRoute} onDone={onClose} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setError(null);
          m.mutate(v);
        }}
        name={`cmd-${command ?? 'none'}`}
      >
        {fields.length === 0 ? <Typography.Paragraph>{t('appeals.form.confirm', { action: label })}</Typography.Paragraph> : null}
        {has('mode') ? (
          <Form.Item name="mode" label={t('appeals.form.mode')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="cmd-mode"
              options={HANDLING_MODES.map((x) => ({ value: x, label: t(`appeals.mode.${x}`), disabled: x === 'grid' && !appeal.gridId }))}
            />
          </Form.Item>
        ) : null}
        {has('assigneeUserId') && mode === 'grid' ? (
          <Form.Item
            name="assigneeUserId"
            label={t('appeals.form.assignee')}
            rules={[{ required: true, message: t('appeals.form.required', { field: t('appeals.form.assignee') }) }]}
            extra={!appeal.gridId ? t('appeals.form.noGrid') : grid.data && workers.length === 0 ? t('appeals.form.noGridWorkers') : undefined}
          >
            <Select options={workers} loading={grid.isLoading} data-testid="cmd-assignee" />
          </Form.Item>
        ) : null}
        {has('leadDepartmentId') && mode !== 'grid' ? (
          <Form.Item
            name="leadDepartmentId"
            label={t('appeals.form.lead')}
            rules={[{ required: true, message: t('appeals.form.required', { field: t('appeals.form.lead') }) }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={deptOptions}
              loading={departments.isLoading}
              data-testid="cmd-lead"
            />
          </Form.Item>
        ) : null}
        {has('assistDepartmentIds') && mode === 'joint' ? (
          <Form.Item
            name="assistDepartmentIds"
            label={t('appeals.form.assists')}
            extra={t('appeals.form.assistsHint')}
            rules={[{ required: true, type: 'array', min: 1, message: t('appeals.form.required', { field: t('appeals.form.assists') }) }]}
          >
            <Select
              mode="multiple"
              showSearch={{ optionFilterProp: 'label' }}
              options={deptOptions.filter((d) => d.value !== lead)}
              loading={departments.isLoading}
              data-testid="cmd-assists"
            />
          </Form.Item>
        ) : null}
        {has('into') ? (
          <Form.Item name="into" label={t('appeals.form.target')} rules={[{ required: true, message: t('appeals.form.required', { field: t('appeals.form.target') }) }]}>
            <MergeTarget exclude={appeal.id} />
          </Form.Item>
        ) : null}
        {has('lng') ? (
          <Flex gap={12} align="flex-end">
            <Form.Item name="lng" label={t('appeals.form.lng')} rules={[{ required: true, message: t('appeals.h5.locationRequired') }]} style={{ flex: 1 }}>
              <InputNumber min={-180} max={180} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name="lat" label={t('appeals.form.lat')} rules={[{ required: true, message: t('appeals.h5.locationRequired') }]} style={{ flex: 1 }}>
              <InputNumber min={-90} max={90} step={0.0001} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item>
              <Button icon={<AimOutlined />} loading={locating} onClick={() => void useMyLocation()}>
                {t('appeals.form.useMyLocation')}
              </Button>
            </Form.Item>
          </Flex>
        ) : null}
        {has('photo') ? (
          <Form.Item
            name="photo"
            label={t('appeals.form.photo')}
            rules={[{ required: true, type: 'array', min: 1, message: t('appeals.h5.photoRequired') }]}
          >
            <PhotoUpload max={1} testId="cmd-photo" />
          </Form.Item>
        ) : null}
        {has('result') ? (
          <Form.Item name="result" label={t('appeals.form.result')} rules={[{ required: true }]}>
            <Radio.Group
              data-testid="cmd-result"
              options={SATISFACTIONS.map((s) => ({ value: s, label: t(`appeals.satisfaction.${s}`) }))}
            />
          </Form.Item>
        ) : null}
        {has('handlerAtFault') && result === 'unsatisfied' ? (
          <Form.Item name="handlerAtFault" label={t('appeals.form.handlerAtFault')} valuePropName="checked" extra={t('appeals.form.handlerAtFaultHint')}>
            <Switch />
          </Form.Item>
        ) : null}
        {has('channel') ? (
          <Form.Item name="channel" label={t('appeals.form.channel')} rules={[required(t('appeals.form.channel')), { max: 60 }]}>
            <AutoComplete
              placeholder={t('appeals.form.channelPlaceholder')}
              options={(['court', 'petition', 'arbitration', 'police', 'other'] as const).map((k) => ({ value: t(`appeals.form.channelOptions.${k}`) }))}
              data-testid="cmd-channel"
            />
          </Form.Item>
        ) : null}
        {has('days') ? (
          <Form.Item name="days" label={t('appeals.form.days')} rules={[{ required: true, type: 'integer', min: 1, max: 30 }]}>
            <InputNumber min={1} max={30} precision={0} data-testid="cmd-days" />
          </Form.Item>
        ) : null}
        {has('reply') ? (
          <Form.Item name="reply" label={t('appeals.form.reply')} rules={[required(t('appeals.form.reply')), { max: 2000 }]}>
            <Input.TextArea rows={4} showCount maxLength={2000} placeholder={t('appeals.form.replyPlaceholder')} data-testid="cmd-reply" />
          </Form.Item>
        ) : null}
        {has('reason') ? (
          <Form.Item name="reason" label={t('appeals.form.reason')} rules={[required(t('appeals.form.reason')), { max: 500 }]}>
            <Input.TextArea rows={3} showCount maxLength={500} placeholder={t('appeals.form.reasonPlaceholder')} data-testid="cmd-reason" />
          </Form.Item>
        ) : null}
        {has('attachments') ? (
          <Form.Item name="attachments" label={t('appeals.form.photos')}>
            <PhotoUpload testId="cmd-attachments" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

interface SuperviseValues {
  level: SupervisionLevel;
  reason: string;
}

const RANK: Record<SupervisionLevel, number> = { urge: 1, supervise: 2, listed: 3 };

/** Raise the supervision of a case by hand (催办 → 督办 → 挂牌). Levels only go up. */
export function SuperviseModal({ appeal, open, onClose }: { appeal: AppealDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SuperviseValues>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const current = appeal.supervision ? RANK[appeal.supervision] : 0;
  const firstOpen = SUPERVISION_LEVELS.find((l) => RANK[l] > current);
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  const m = useMutation({
    mutationFn: (v: SuperviseValues) => superviseAppeal(appeal.id, v.level, v.reason.trim()),
    onSuccess: (res) => {
      void message.success(t('appeals.form.supervised', { level: res.appeal.supervision ? t(`appeals.supervision.${res.appeal.supervision}`) : '' }));
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      onClose();
    },
    onError: (e) => {
      const f = errorField(e);
      if (f === 'level' || f === 'reason') {
        form.setFields([{ name: f, errors: [errorMessage(e)] }]);
        setError(null);
      } else {
        setError(errorMessage(e));
      }
    },
  });
  return (
    <Modal
      open={open}
      title={t('appeals.form.superviseTitle', { number: appeal.number })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('appeals.detail.supervise')}
      cancelText={t('common.cancel')}
      confirmLoading={m.isPending}
      okButtonProps={{ disabled: !firstOpen }}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} /> : null}
      <Form<SuperviseValues> form={form} layout="vertical" initialValues={{ level: firstOpen }} onFinish={(v) => m.mutate(v)} name="supervise">
        <Form.Item name="level" label={t('appeals.form.level')} rules={[{ required: true }]}>
          <Radio.Group>
            <Space orientation="vertical">
              {SUPERVISION_LEVELS.map((l) => (
                <Radio key={l} value={l} disabled={RANK[l] <= current}>
                  {t(`appeals.supervision.${l}`)}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('appeals.form.reason')}
          rules={[{ required: true, whitespace: true, message: t('appeals.form.required', { field: t('appeals.form.reason') }) }, { max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
