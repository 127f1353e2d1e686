import { CheckCircleFilled, EnvironmentOutlined, MergeCellsOutlined, PhoneOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Row,
  Switch,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../../shared/api';
import {
  appealKeys,
  createAppeal,
  errorField,
  giveCommand,
  newIdempotencyKey,
  URGENCIES,
  useDepartments,
  type DuplicateSuggestion,
  type IntakeBody,
  type IntakeResult,
  type Urgency,
} from '../../../shared/appeals';
import { formatDateTime, formatLngLat } from '../../../shared/format';
import { locate, useRegion, useRegionMap, useRegionRoots } from '../../../shared/regions';
import type { LngLat } from '../../../shared/types';
import { PageHeader } from '../../components/PageHeader';
import { CategoryCascader, DeadlineBadge, ModeTag, PhotoUpload, StatusTag } from './common';

const CaseMap = lazy(() => import('../../../map/CaseMap'));

interface Values {
  categoryId?: string;
  title?: string;
  description?: string;
  address?: string;
  urgency: Urgency;
  channel: 'hotline' | 'web';
  contactName?: string;
  contactPhone?: string;
  anonymous: boolean;
  attachments?: string[];
}

const FIELDS: Array<keyof Values> = ['categoryId', 'title', 'description', 'address', 'urgency', 'channel', 'contactName', 'contactPhone', 'anonymous', 'attachments'];
const SERVER_FIELD: Record<string, string> = { contact: 'contactPhone', point: 'address' };

function useLocated(point: LngLat | null) {
  return useQuery({
    queryKey: ['geo', 'locate', point?.[0], point?.[1]],
    queryFn: () => locate(point?.[0] ?? 0, point?.[1] ?? 0, 'wgs84'),
    enabled: !!point,
    staleTime: Infinity,
  });
}

/** Where the point lies: grid, community, street, district — or in no grid. */
function LocateLine({ point }: { point: LngLat | null }) {
  const { t } = useTranslation();
  const located = useLocated(point);
  if (!point) {
    return (
      <Typography.Text type="secondary">
        <EnvironmentOutlined /> {t('appeals.map.pickHint')}
      </Typography.Text>
    );
  }
  return (
    <Flex vertical gap={2} data-testid="intake-locate-result">
      <Typography.Text>
        <EnvironmentOutlined /> {t('appeals.map.picked')}
        <span className="tx-mono" style={{ marginInlineStart: 4 }}>
          {formatLngLat(point)}
        </span>
      </Typography.Text>
      {located.isPending ? (
        <Typography.Text type="secondary">{t('appeals.map.locating')}</Typography.Text>
      ) : located.isError ? (
        <Typography.Text type="danger">{errorMessage(located.error)}</Typography.Text>
      ) : located.data.status === 'inside' ? (
        <Typography.Text strong style={{ color: '#237804' }}>
          {t('appeals.map.inside', {
            district: located.data.district.name,
            street: located.data.street.name,
            community: located.data.community.name,
            grid: located.data.grid.name,
          })}
        </Typography.Text>
      ) : (
        <Typography.Text type="warning">{t('appeals.map.outside')}</Typography.Text>
      )}
    </Flex>
  );
}

function PointPicker({ point, onPick }: { point: LngLat | null; onPick: (p: LngLat | null) => void }) {
  const { t } = useTranslation();
  const roots = useRegionRoots();
  const rootId = roots.data?.[0]?.id;
  const context = useRegionMap(rootId);
  const located = useLocated(point);
  const inside = located.data?.status === 'inside' ? located.data : null;
  const focus = useRegionMap(inside?.community.id);
  return (
    <Card
      variant="borderless"
      title={t('appeals.intake.mapTitle')}
      extra={
        point ? (
          <Button size="small" onClick={() => onPick(null)}>
            {t('appeals.map.clear')}
          </Button>
        ) : null
      }
      className="tx-intake-map"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('appeals.intake.mapHint')}
      </Typography.Paragraph>
      <Suspense fallback={<div style={{ height: 420 }} />}>
        <CaseMap
          context={context.data}
          focus={focus.data}
          highlightId={inside?.grid.id ?? null}
          marker={point}
          onPick={onPick}
          fit={focus.data ? 'focus' : 'context'}
          fitKey={inside?.community.id ?? rootId ?? ''}
          height={420}
          loading={context.isLoading}
          testId="intake-map"
        />
      </Suspense>
      <div style={{ marginTop: 12 }}>
        <LocateLine point={point} />
      </div>
    </Card>
  );
}

function Outcome({ result, onAnother }: { result: IntakeResult; onAnother: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const a = result.appeal;
  const departments = useDepartments();
  const grid = useRegion(a.assigneeUserId ? a.gridId : null);
  const [mergedInto, setMergedInto] = useState<DuplicateSuggestion | null>(null);
  const lead = departments.data?.find((d) => d.id === a.leadDepartmentId)?.name;
  const worker = grid.data?.workers.find((w) => w.userId === a.assigneeUserId)?.displayName;
  const merge = useMutation({
    mutationFn: (d: DuplicateSuggestion) => giveCommand(a.id, { type: 'merge', into: d.id }),
    onSuccess: (_res, d) => {
      setMergedInto(d);
      void message.success(t('appeals.intake.mergedInto', { number: d.number }));
      void qc.invalidateQueries({ queryKey: appealKeys.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  const wentTo = mergedInto
    ? t('appeals.intake.mergedInto', { number: mergedInto.number })
    : a.status === 'dispatched' && a.mode === 'grid'
      ? t('appeals.intake.wentToGrid')
      : a.status === 'pending_dispatch'
        ? t('appeals.intake.wentToQueue')
        : t('appeals.intake.wentToOther', { status: t(`appeals.status.${a.status}`) });

  const columns: TableColumnsType<DuplicateSuggestion> = [
    {
      title: t('appeals.field.number'),
      dataIndex: 'number',
      render: (n: string, d) => (
        <Link to={`/appeals/${d.id}`} className="tx-mono">
          {n}
        </Link>
      ),
    },
    { title: t('appeals.field.title'), dataIndex: 'title' },
    { title: t('appeals.field.status'), dataIndex: 'status', render: (s: DuplicateSuggestion['status']) => <StatusTag status={s} /> },
    { title: t('appeals.intake.similarity'), dataIndex: 'score', render: (s: number) => `${Math.round(s * 100)}%` },
    {
      title: t('appeals.intake.distance'),
      dataIndex: 'distanceMeters',
      render: (m: number | null) => (m === null ? '—' : t('appeals.intake.meters', { n: Math.round(m) })),
    },
    {
      title: t('common.actions'),
      key: 'merge',
      render: (_: unknown, d) =>
        mergedInto?.id === d.id ? (
          <Tag color="success">{t('appeals.intake.mergedInto', { number: d.number })}</Tag>
        ) : (
          <Popconfirm
            title={t('appeals.intake.mergeConfirm', { from: a.number, into: d.number })}
            okText={t('appeals.intake.mergeInto')}
            cancelText={t('common.cancel')}
            onConfirm={() => merge.mutate(d)}
            disabled={!!mergedInto}
          >
            <Button size="small" icon={<MergeCellsOutlined />} disabled={!!mergedInto} loading={merge.isPending && merge.variables?.id === d.id}>
              {t('appeals.intake.mergeInto')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Flex vertical gap={16} data-testid="intake-result">
      <Card variant="borderless">
        <Flex gap={16} align="flex-start">
          <CheckCircleFilled style={{ fontSize: 40, color: '#2F9E5B', marginTop: 4 }} />
          <div style={{ flex: 1 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="intake-result-number" data-number={a.number}>
              {result.replayed ? t('appeals.intake.replayedTitle', { number: a.number }) : t('appeals.intake.createdTitle', { number: a.number })}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'went', label: t('appeals.intake.wentTo'), children: <span data-testid="intake-went-to">{wentTo}</span> },
                {
                  key: 'status',
                  label: t('appeals.field.status'),
                  children: (
                    <Flex gap={4}>
                      <StatusTag status={mergedInto ? 'merged' : a.status} />
                      <ModeTag mode={a.mode} />
                    </Flex>
                  ),
                },
                ...(a.mode === 'grid' && a.assigneeUserId ? [{ key: 'assignee', label: t('appeals.field.assignee'), children: worker ?? '…' }] : []),
                ...(lead && a.mode !== 'grid' ? [{ key: 'lead', label: t('appeals.field.leadDepartment'), children: lead }] : []),
                { key: 'received', label: t('appeals.field.receivedAt'), children: formatDateTime(a.receivedAt) },
                ...(mergedInto ? [] : [{ key: 'due', label: t('appeals.field.deadline'), children: <DeadlineBadge appeal={a} inline /> }]),
              ]}
            />
            <Flex gap={8} style={{ marginTop: 12 }}>
              <Link to={`/appeals/${a.id}`}>
                <Button type="primary" data-testid="intake-view-case">
                  {t('appeals.intake.viewCase')}
                </Button>
              </Link>
              <Button icon={<PhoneOutlined />} onClick={onAnother} data-testid="intake-another">
                {t('appeals.intake.another')}
              </Button>
            </Flex>
          </div>
        </Flex>
      </Card>
      <Card variant="borderless" title={t('appeals.intake.duplicatesTitle')} data-testid="intake-duplicates">
        <Typography.Paragraph type="secondary">{t('appeals.intake.duplicatesHint')}</Typography.Paragraph>
        <Table<DuplicateSuggestion>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={result.duplicates}
          pagination={false}
          locale={{ emptyText: t('appeals.intake.noDuplicates') }}
        />
      </Card>
    </Flex>
  );
}

export default function Intake() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { modal } = App.useApp();
  const [point, setPoint] = useState<LngLat | null>(null);
  const [result, setResult] = useState<IntakeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  // One key per submission: a double click or a retry returns the first case instead of making another.
  const keyRef = useRef(newIdempotencyKey());
  const qc = useQueryClient();

  const m = useMutation({
    mutationFn: (v: Values) => {
      const body: IntakeBody = {
        categoryId: v.categoryId ?? '',
        title: v.title?.trim() ?? '',
        description: v.description?.trim() ?? '',
        address: v.address?.trim() || null,
        point: point ? { lng: point[0], lat: point[1], crs: 'wgs84' } : null,
        urgency: v.urgency,
        anonymous: v.anonymous,
        channel: v.channel,
        contact: v.contactName?.trim() || v.contactPhone?.trim() ? { name: v.contactName?.trim() || null, phone: v.contactPhone?.trim() || null } : null,
        ...(v.attachments?.length ? { attachments: v.attachments } : {}),
      };
      return createAppeal(body, keyRef.current);
    },
    onSuccess: (res) => {
      setResult(res);
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      window.scrollTo({ top: 0 });
    },
    onError: (e) => {
      const raw = errorField(e);
      const f = raw ? (SERVER_FIELD[raw] ?? raw) : undefined;
      const known = FIELDS.find((x) => x === f);
      if (known) {
        form.setFields([{ name: known, errors: [errorMessage(e)] }]);
        form.scrollToField(known, { block: 'center' });
        setError(null);
      } else {
        setError(errorMessage(e));
      }
    },
  });

  const another = () => {
    keyRef.current = newIdempotencyKey();
    form.resetFields();
    setPoint(null);
    setResult(null);
    setError(null);
  };

  const submit = (v: Values) => {
    setError(null);
    if (!point && !v.address?.trim()) {
      modal.confirm({
        title: t('appeals.intake.noPointConfirm'),
        okText: t('appeals.intake.submit'),
        cancelText: t('common.cancel'),
        onOk: () => m.mutate(v),
      });
      return;
    }
    m.mutate(v);
  };

  const urgencyOptions = useMemo(() => URGENCIES.map((u) => ({ value: u, label: t(`appeals.urgency.${u}`) })), [t]);

  return (
    <div className="tx-page">
      <PageHeader title={t('appeals.intake.title')} subtitle={t('appeals.intake.subtitle')} />
      {result ? (
        <Outcome result={result} onAnother={another} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={13}>
            <Card variant="borderless" title={t('appeals.intake.formTitle')}>
              {error ? <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 16 }} data-testid="form-error" /> : null}
              <Form<Values>
                form={form}
                name="intake"
                layout="vertical"
                initialValues={{ urgency: 'normal', channel: 'hotline', anonymous: false }}
                onFinish={submit}
                scrollToFirstError
              >
                <Flex gap={12} wrap>
                  <Form.Item name="channel" label={t('appeals.field.channel')} style={{ marginBottom: 16 }}>
                    <Radio.Group
                      optionType="button"
                      options={(['hotline', 'web'] as const).map((c) => ({ value: c, label: t(`appeals.channel.${c}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name="urgency" label={t('appeals.field.urgency')} style={{ marginBottom: 16 }}>
                    <Radio.Group optionType="button" options={urgencyOptions} data-testid="intake-urgency" />
                  </Form.Item>
                </Flex>
                <Form.Item
                  name="categoryId"
                  label={t('appeals.field.category')}
                  rules={[{ required: true, message: t('appeals.form.required', { field: t('appeals.field.category') }) }]}
                >
                  <CategoryCascader testId="intake-category" />
                </Form.Item>
                <Form.Item
                  name="title"
                  label={t('appeals.field.title')}
                  rules={[
                    { required: true, whitespace: true, message: t('appeals.form.required', { field: t('appeals.field.title') }) },
                    { max: 100, message: t('validation.max', { max: 100 }) },
                  ]}
                >
                  <Input placeholder={t('appeals.intake.titlePlaceholder')} maxLength={100} data-testid="intake-title" />
                </Form.Item>
                <Form.Item
                  name="description"
                  label={t('appeals.field.description')}
                  rules={[
                    { required: true, whitespace: true, message: t('appeals.form.required', { field: t('appeals.field.description') }) },
                    { max: 4000, message: t('validation.max', { max: 4000 }) },
                  ]}
                >
                  <Input.TextArea rows={4} showCount maxLength={4000} placeholder={t('appeals.intake.descriptionPlaceholder')} data-testid="intake-description" />
                </Form.Item>
                <Form.Item name="address" label={t('appeals.field.address')} rules={[{ max: 200, message: t('validation.max', { max: 200 }) }]}>
                  <Input placeholder={t('appeals.intake.addressPlaceholder')} maxLength={200} data-testid="intake-address" />
                </Form.Item>
                <Typography.Title level={5}>{t('appeals.intake.contact')}</Typography.Title>
                <Flex gap={12} wrap>
                  <Form.Item name="contactName" label={t('appeals.field.contactName')} style={{ flex: '1 1 180px' }} rules={[{ max: 40 }]}>
                    <Input maxLength={40} autoComplete="off" data-testid="intake-contact-name" />
                  </Form.Item>
                  <Form.Item
                    name="contactPhone"
                    label={t('appeals.field.contactPhone')}
                    style={{ flex: '1 1 180px' }}
                    rules={[{ pattern: /^[0-9+\-\s]{5,20}$/, message: t('appeals.intake.phoneInvalid') }]}
                  >
                    <Input inputMode="tel" autoComplete="off" data-testid="intake-contact-phone" />
                  </Form.Item>
                  <Form.Item name="anonymous" label={t('appeals.field.anonymous')} valuePropName="checked" tooltip={t('appeals.intake.anonymousHint')}>
                    <Switch data-testid="intake-anonymous" />
                  </Form.Item>
                </Flex>
                <Form.Item name="attachments" label={t('appeals.field.photos')}>
                  <PhotoUpload testId="intake-photos" />
                </Form.Item>
                <Flex gap={8} justify="flex-end">
                  <Button onClick={another}>{t('appeals.intake.reset')}</Button>
                  <Button type="primary" htmlType="submit" loading={m.isPending} data-testid="intake-submit">
                    {t('appeals.intake.submit')}
                  </Button>
                </Flex>
              </Form>
            </Card>
          </Col>
          <Col xs={24} xl={11}>
            <PointPicker point={point} onPick={setPoint} />
          </Col>
        </Row>
      )}
    </div>
  );
}
