import { AlertOutlined, ArrowLeftOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Row, Tag, Timeline, Typography, type DescriptionsProps } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import {
  actorLabel,
  commandLabel,
  DEADLINE_COLORS,
  statusLabel,
  useAppeal,
  type AppealDetail,
  type AppealTransition,
  type CommandType,
  type Satisfaction,
} from '../../../shared/appeals';
import { useMe } from '../../../shared/auth';
import { formatDateTime, formatLngLat } from '../../../shared/format';
import { useRegionMap } from '../../../shared/regions';
import { hasAnyRole } from '../../../shared/roles';
import type { LngLat } from '../../../shared/types';
import { ErrorState, Loading } from '../../components/States';
import { CommandModal, DANGER_COMMANDS, PRIMARY_COMMANDS, SuperviseModal } from './actions';
import { CategoryPath, DeadlineBadge, ModeTag, NameText, PendingTag, StatusTag, SupervisionTag, Thumbs, UrgencyTag } from './common';
import { useDispatchAsSuggested } from './suggestion';

const CaseMap = lazy(() => import('../../../map/CaseMap'));

const TIMELINE_COLORS: Record<string, string> = {
  receive: 'gray',
  reply: 'green',
  assistReply: 'green',
  approveReply: 'green',
  close: 'green',
  // The theme's primary colour is red: the visit and the residents' ratings in an explicit blue.
  visit: '#1F5FAD',
  rate: '#1F5FAD',
  sendBack: 'red',
  requestReturn: 'red',
  rejectReturn: 'red',
  approveReturn: 'red',
  notAccept: 'red',
  suspend: 'gray',
};

const RESULT_COLORS: Record<Satisfaction, string> = { satisfied: 'green', basic: 'gold', unsatisfied: 'red' };

/** What a step carries beside its note: a rating's or a visit's result, a supervision level, and the system's visit. */
function StepData({ tr }: { tr: AppealTransition }) {
  const { t } = useTranslation();
  const result = tr.data?.result;
  const level = tr.data?.level;
  return (
    <>
      {(tr.command === 'rate' || tr.command === 'visit') && result ? (
        <Tag color={RESULT_COLORS[result]} data-testid="timeline-result">
          {t(`appeals.satisfaction.${result}`)}
        </Tag>
      ) : null}
      {tr.command === 'supervise' && level ? <SupervisionTag level={level} /> : null}
      {tr.command === 'visit' && tr.actorRole === 'system' ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="timeline-system-visit">
          {t('appeals.detail.systemVisit')}
        </Typography.Text>
      ) : null}
    </>
  );
}

function TimelineCard({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const items = appeal.transitions.map((tr: AppealTransition) => ({
    key: tr.seq,
    color: TIMELINE_COLORS[tr.command] ?? 'red',
    content: (
      <div className="tx-timeline-item" data-testid={`timeline-${tr.command}`}>
        <div className="tx-timeline-time">{formatDateTime(tr.at, true)}</div>
        <Flex gap={6} align="center" wrap>
          <Typography.Text strong>{commandLabel(t, tr.command)}</Typography.Text>
          <Tag>{actorLabel(t, tr.actorRole)}</Tag>
          {tr.actorName ? <Typography.Text type="secondary">{tr.actorName}</Typography.Text> : null}
          <StepData tr={tr} />
          {tr.from !== tr.to ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('appeals.detail.from', { from: statusLabel(t, tr.from), to: statusLabel(t, tr.to) })}
            </Typography.Text>
          ) : null}
        </Flex>
        {tr.note ? <div className="tx-timeline-note">{tr.note}</div> : null}
        {tr.attachments.length ? (
          <div style={{ marginTop: 6 }}>
            <Thumbs ids={tr.attachments} />
          </div>
        ) : null}
      </div>
    ),
  }));
  return (
    <Card variant="borderless" title={t('appeals.detail.timeline')} data-testid="case-timeline">
      <Timeline items={items} />
    </Card>
  );
}

function ActionBar({ appeal, onCommand, onSupervise, canSupervise }: { appeal: AppealDetail; onCommand: (c: CommandType) => void; onSupervise: () => void; canSupervise: boolean }) {
  const { t } = useTranslation();
  const commands = appeal.allowedCommands;
  const suggested = commands.includes('dispatch') ? appeal.suggestedRoute : null;
  const dispatch = useDispatchAsSuggested(appeal);
  return (
    <Card variant="borderless" title={t('appeals.detail.actions')} size="small" data-testid="case-actions">
      <Flex gap={8} wrap align="center">
        {commands.length === 0 ? <Typography.Text type="secondary">{t('appeals.detail.noActions')}</Typography.Text> : null}
        {commands.map((c) => (
          <Button
            key={c}
            type={PRIMARY_COMMANDS.includes(c) ? 'primary' : 'default'}
            danger={DANGER_COMMANDS.includes(c)}
            onClick={() => onCommand(c)}
            data-testid={`cmd-${c}`}
          >
            {t(`appeals.command.${c}`)}
          </Button>
        ))}
        {suggested ? (
          <Button icon={<ThunderboltOutlined />} loading={dispatch.isPending} onClick={() => dispatch.mutate(suggested)} data-testid="cmd-dispatch-suggested">
            {t('appeals.suggestion.dispatch')}
          </Button>
        ) : null}
        {canSupervise ? (
          <Button icon={<AlertOutlined />} onClick={onSupervise} style={{ marginInlineStart: 'auto' }} data-testid="case-supervise" disabled={appeal.supervision === 'listed'}>
            {t('appeals.detail.supervise')}
          </Button>
        ) : null}
      </Flex>
    </Card>
  );
}

function PendingRequests({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const r = appeal.state.returnRequest;
  const x = appeal.state.extensionRequest;
  return (
    <>
      {r ? (
        <Alert
          type="warning"
          showIcon
          data-testid="case-return-request"
          title={t('appeals.detail.returnRequest', { reason: r.reason })}
          description={t('appeals.detail.returnRequestAt', { at: formatDateTime(r.at), previous: statusLabel(t, r.previous) })}
        />
      ) : null}
      {x ? (
        <Alert
          type="info"
          showIcon
          data-testid="case-extension-request"
          title={t('appeals.detail.extensionRequest', { days: x.days, reason: x.reason })}
          description={formatDateTime(x.at)}
        />
      ) : null}
    </>
  );
}

function Basics({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const area = [appeal.streetName, appeal.communityName, appeal.gridName].filter((x): x is string => !!x);
  const assists = (appeal.assistDepartments ?? []).map((d) => d.name ?? d.id);
  const items: NonNullable<DescriptionsProps['items']> = [
    { key: 'category', label: t('appeals.field.category'), children: <CategoryPath path={appeal.categoryPath} />, span: 'filled' },
    { key: 'description', label: t('appeals.field.description'), children: <div className="tx-prewrap">{appeal.description}</div>, span: 'filled' },
    { key: 'address', label: t('appeals.field.address'), children: appeal.address ?? '—' },
    { key: 'area', label: t('appeals.field.area'), children: <span data-testid="case-area">{area.length ? area.join(' / ') : '—'}</span> },
    { key: 'channel', label: t('appeals.field.channel'), children: t(`appeals.channel.${appeal.channel}`) },
    { key: 'urgency', label: t('appeals.field.urgency'), children: t(`appeals.urgency.${appeal.urgency}`) },
    {
      key: 'mode',
      label: t('appeals.field.mode'),
      children: appeal.mode ? <ModeTag mode={appeal.mode} /> : '—',
    },
    appeal.mode === 'grid'
      ? { key: 'assignee', label: t('appeals.field.assignee'), children: <NameText name={appeal.assigneeName} /> }
      : { key: 'lead', label: t('appeals.field.leadDepartment'), children: <NameText name={appeal.leadDepartmentName} /> },
    ...(assists.length ? [{ key: 'assists', label: t('appeals.field.assistDepartments'), children: assists.join(t('appeals.detail.listSep')) }] : []),
    { key: 'received', label: t('appeals.field.receivedAt'), children: formatDateTime(appeal.receivedAt) },
    { key: 'acceptBy', label: t('appeals.field.acceptBy'), children: formatDateTime(appeal.acceptBy) },
    ...(appeal.onSiteBy ? [{ key: 'onSiteBy', label: t('appeals.field.onSiteBy'), children: formatDateTime(appeal.onSiteBy) }] : []),
    { key: 'warnAt', label: t('appeals.field.warnAt'), children: formatDateTime(appeal.warnAt) },
    { key: 'dueBy', label: t('appeals.field.dueBy'), children: <DeadlineBadge appeal={appeal} inline /> },
    ...(appeal.closedAt ? [{ key: 'closed', label: t('appeals.field.closedAt'), children: formatDateTime(appeal.closedAt) }] : []),
    { key: 'bounce', label: t('appeals.field.bounceCount'), children: appeal.bounceCount },
    { key: 'reopen', label: t('appeals.field.reopenCount'), children: appeal.reopenCount },
    ...(appeal.satisfaction ? [{ key: 'sat', label: t('appeals.field.satisfaction'), children: t(`appeals.satisfaction.${appeal.satisfaction}`) }] : []),
    { key: 'anon', label: t('appeals.field.anonymous'), children: appeal.anonymous ? t('appeals.detail.anonymousOn') : t('common.none') },
  ];
  // The last item takes the rest of its line (the two-column grid has an odd count now and then).
  const last = items[items.length - 1];
  if (last) items[items.length - 1] = { ...last, span: 'filled' };
  return (
    <Card variant="borderless" title={t('appeals.detail.basics')} data-testid="case-basics">
      <Descriptions column={{ xs: 1, lg: 2 }} size="small" items={items} bordered styles={{ label: { whiteSpace: 'nowrap', width: 110 } }} />
    </Card>
  );
}

function MapCard({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const grid = useRegionMap(appeal.gridId);
  const onSite = appeal.state.onSite;
  const points = useMemo(
    () => (onSite ? [{ id: 'onsite', point: [onSite.lng, onSite.lat] as LngLat, color: '#1F5FAD', title: t('appeals.map.onSitePoint') }] : []),
    [onSite, t],
  );
  return (
    <Card variant="borderless" title={t('appeals.field.point')} size="small">
      {appeal.point ? (
        <>
          <Suspense fallback={<div style={{ height: 280 }} />}>
            <CaseMap focus={grid.data} marker={appeal.point} points={points} fit={grid.data ? 'focus' : 'marker'} fitKey={appeal.id} height={280} testId="case-map" />
          </Suspense>
          <Flex gap={12} wrap style={{ marginTop: 8, fontSize: 12 }}>
            <span>
              <span className="tx-dot" style={{ background: '#C8161D' }} /> {t('appeals.map.casePoint')} <span className="tx-mono">{formatLngLat(appeal.point)}</span>
            </span>
            {onSite ? (
              <span>
                <span className="tx-dot" style={{ background: '#1F5FAD' }} /> {t('appeals.map.onSitePoint')}
              </span>
            ) : null}
          </Flex>
        </>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appeals.detail.noPoint')} />
      )}
      {onSite ? (
        <div style={{ marginTop: 12 }} data-testid="case-onsite">
          <Typography.Text strong>{t('appeals.detail.onSite')}</Typography.Text>{' '}
          <Typography.Text type="secondary">{t('appeals.detail.onSiteAt', { point: formatLngLat([onSite.lng, onSite.lat]) })}</Typography.Text>
          <div style={{ marginTop: 6 }}>
            <Thumbs ids={[onSite.photo]} size={96} />
          </div>
        </div>
      ) : null}
    </Card>
  );
}

function Callers({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  return (
    <Card variant="borderless" title={t('appeals.detail.callers')} size="small" data-testid="case-callers">
      {appeal.callers.length === 0 ? (
        <Typography.Text type="secondary">{t('appeals.detail.noCallers')}</Typography.Text>
      ) : (
        <div className="tx-rows">
          {appeal.callers.map((c) => (
            <Flex key={c.id} className="tx-row" justify="space-between" align="flex-start" gap={8}>
              <div>
                <Flex gap={8} wrap>
                  <Typography.Text strong>{c.name ?? t('appeals.detail.anonymousCaller')}</Typography.Text>
                  {c.phone ? <span className="tx-mono">{c.phone}</span> : null}
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`appeals.channel.${c.channel}`)} · {formatDateTime(c.receivedAt)}
                  {c.merged ? ` · ${t('appeals.detail.mergedCaller')}` : ''}
                </Typography.Text>
              </div>
              {c.visitResult ? <Tag color={c.visitResult === 'unsatisfied' ? 'red' : 'green'}>{t(`appeals.satisfaction.${c.visitResult}`)}</Tag> : null}
            </Flex>
          ))}
        </div>
      )}
    </Card>
  );
}

function Departments({ appeal }: { appeal: AppealDetail }) {
  const { t } = useTranslation();
  const rounds = useMemo(() => {
    const m = new Map<number, AppealDetail['assignments']>();
    for (const a of appeal.assignments) m.set(a.round, [...(m.get(a.round) ?? []), a]);
    return [...m.entries()].sort((a, b) => b[0] - a[0]);
  }, [appeal.assignments]);
  return (
    <Card variant="borderless" title={t('appeals.detail.departments')} size="small" data-testid="case-departments">
      {rounds.length === 0 && appeal.mode === 'grid' ? (
        <Flex gap={6} align="center">
          <ModeTag mode="grid" />
          <Typography.Text strong>
            <NameText name={appeal.assigneeName} />
          </Typography.Text>
        </Flex>
      ) : rounds.length === 0 ? (
        <Typography.Text type="secondary">{t('appeals.detail.noDepartments')}</Typography.Text>
      ) : (
        rounds.map(([round, list], i) => (
          <div key={round} style={{ opacity: i === 0 ? 1 : 0.6, marginBottom: 8 }}>
            {rounds.length > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('appeals.detail.round', { n: rounds.length - i })}
              </Typography.Text>
            ) : null}
            <div className="tx-rows">
              {list.map((a) => (
                <div key={`${a.round}-${a.departmentId}`} className="tx-row">
                  <Flex vertical gap={2} style={{ width: '100%' }}>
                    <Flex gap={6} align="center" wrap>
                      <Tag color={a.role === 'lead' ? 'red' : 'blue'}>{t(a.role === 'lead' ? 'appeals.detail.lead' : 'appeals.detail.assist')}</Tag>
                      <Typography.Text strong>{a.departmentName ?? a.departmentId}</Typography.Text>
                      {a.repliedAt ? (
                        <Tag color="success">{t('appeals.detail.replied')}</Tag>
                      ) : (
                        <Tag>{t('appeals.detail.waiting')}</Tag>
                      )}
                    </Flex>
                    {a.reply ? (
                      <Typography.Paragraph style={{ margin: 0 }} className="tx-prewrap">
                        {a.reply}{' '}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(a.repliedAt)}
                        </Typography.Text>
                      </Typography.Paragraph>
                    ) : null}
                  </Flex>
                </div>
              ))}
            </div>
          </div>
        ))
      )}
    </Card>
  );
}

export default function CaseDetail() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const q = useAppeal(id);
  const [command, setCommand] = useState<CommandType | null>(null);
  const [supervising, setSupervising] = useState(false);

  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const a = q.data;
  const canSupervise = hasAnyRole(me, ['admin', 'org_dept', 'dispatcher']) && !['closed', 'merged', 'answered', 'not_accepted'].includes(a.status);

  return (
    <div className="tx-page" data-testid="case-detail" data-status={a.status}>
      <Flex className="tx-page-header" justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ paddingInline: 0 }}>
            {t('appeals.detail.back')}
          </Button>
          <Typography.Title level={3} style={{ margin: '4px 0' }}>
            <span className="tx-mono" data-testid="case-number">
              {a.number}
            </span>{' '}
            {a.title}
          </Typography.Title>
          <Flex gap={6} wrap align="center" data-testid="case-tags">
            <StatusTag status={a.status} />
            <ModeTag mode={a.mode} />
            <UrgencyTag urgency={a.urgency} />
            <SupervisionTag level={a.supervision} />
            <PendingTag pending={a.pendingRequest} />
            {a.deadlineStatus ? (
              <Tag color={DEADLINE_COLORS[a.deadlineStatus]} variant="outlined" style={{ color: DEADLINE_COLORS[a.deadlineStatus] }}>
                {t(`appeals.deadline.${a.deadlineStatus}`)}
              </Tag>
            ) : null}
          </Flex>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void q.refetch()} loading={q.isFetching}>
          {t('appeals.detail.refresh')}
        </Button>
      </Flex>
      <Flex vertical gap={16}>
        <ActionBar appeal={a} onCommand={setCommand} onSupervise={() => setSupervising(true)} canSupervise={canSupervise} />
        <PendingRequests appeal={a} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <Flex vertical gap={16}>
              <Basics appeal={a} />
              <TimelineCard appeal={a} />
            </Flex>
          </Col>
          <Col xs={24} xl={9}>
            <Flex vertical gap={16}>
              <MapCard appeal={a} />
              <Departments appeal={a} />
              <Callers appeal={a} />
            </Flex>
          </Col>
        </Row>
      </Flex>
      <CommandModal appeal={a} command={command} onClose={() => setCommand(null)} />
      {canSupervise ? <SuperviseModal appeal={a} open={supervising} onClose={() => setSupervising(false)} /> : null}
    </div>
  );
}
