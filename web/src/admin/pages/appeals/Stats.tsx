import { ApiOutlined } from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, DatePicker, Empty, Flex, Result, Row, Segmented, Select, Skeleton, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { api } from '../../../shared/api';
import {
  DEADLINE_COLORS,
  isMissingRoute,
  LOWER_IS_BETTER,
  NO_DEADLINE_COLOR,
  RATE_KEYS,
  useAppeals,
  type BounceStats,
  type RankingEntry,
  type RankingsAnswer,
  type RateKey,
  type StatGrouping,
  type StatRow,
  type StatsAnswer,
} from '../../../shared/appeals';
import { formatNumber } from '../../../shared/format';
import { useRegionMap, useRegionRoots } from '../../../shared/regions';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';
import type { ChartOption } from './EChart';

const EChart = lazy(() => import('./EChart'));
const CaseMap = lazy(() => import('../../../map/CaseMap'));

const GROUPINGS: StatGrouping[] = ['district', 'street', 'community', 'grid', 'department'];
const TREND_RATES: RateKey[] = ['responseRate', 'onTimeCompletionRate', 'completionRate', 'satisfactionRate'];
const DAY_FMT = 'YYYY-MM-DD';

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

function pctNumber(v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : Math.round(v * 1000) / 10;
}

function Unavailable() {
  const { t } = useTranslation();
  return (
    <Result
      icon={<ApiOutlined style={{ color: '#bfbfbf' }} />}
      title={t('appeals.stats.unavailable')}
      subTitle={t('appeals.stats.unavailableHint')}
      className="tx-result-compact"
      data-testid="stats-unavailable"
    />
  );
}

function Section({ error, onRetry, children }: { error: unknown; onRetry: () => void; children: React.ReactNode }) {
  if (error) return isMissingRoute(error) ? <Unavailable /> : <ErrorState compact error={error} onRetry={onRetry} />;
  return <>{children}</>;
}

function Kpis({ data }: { data: StatsAnswer }) {
  const { t } = useTranslation();
  const total = data.total;
  if (!total) return null;
  const items: Array<{ key: string; title: string; value: string }> = [
    { key: 'received', title: t('appeals.stats.received'), value: formatNumber(total.counts.received) },
    { key: 'closed', title: t('appeals.stats.closed'), value: formatNumber(total.counts.closed) },
    { key: 'open', title: t('appeals.stats.open'), value: formatNumber(total.counts.open) },
    { key: 'response', title: t('appeals.stats.rates.responseRate'), value: pct(total.rates.responseRate.value) },
    { key: 'completion', title: t('appeals.stats.rates.completionRate'), value: pct(total.rates.completionRate.value) },
    { key: 'satisfaction', title: t('appeals.stats.rates.satisfactionRate'), value: pct(total.rates.satisfactionRate.value) },
    {
      key: 'avg',
      title: t('appeals.stats.avgHandling'),
      value: total.avgHandlingHours === null ? '—' : t('appeals.stats.hours', { n: total.avgHandlingHours.toFixed(1) }),
    },
  ];
  return (
    <Flex gap={12} wrap data-testid="stats-kpis">
      {items.map((i) => (
        <Card key={i.key} variant="borderless" className="tx-stat-card" style={{ flex: '1 1 150px' }}>
          <Statistic title={i.title} value={i.value} />
        </Card>
      ))}
    </Flex>
  );
}

function RateBars({ rows, rate }: { rows: StatRow[]; rate: RateKey }) {
  const { t } = useTranslation();
  const sorted = useMemo(
    () =>
      rows
        .filter((r) => r.rates[rate].value !== null)
        .sort((a, b) => (b.rates[rate].value ?? 0) - (a.rates[rate].value ?? 0))
        .slice(0, 30),
    [rows, rate],
  );
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 24, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: sorted.map((r) => r.name ?? '—'), axisLabel: { interval: 0, rotate: sorted.length > 8 ? 35 : 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t(`appeals.stats.rates.${rate}`),
          type: 'bar',
          barMaxWidth: 36,
          data: sorted.map((r) => pctNumber(r.rates[rate].value)),
          itemStyle: { color: LOWER_IS_BETTER.includes(rate) ? '#E8731A' : '#C8161D', borderRadius: [3, 3, 0, 0] },
          label: { show: sorted.length <= 12, position: 'top', formatter: '{c}%' },
        },
      ],
    }),
    [sorted, rate, t],
  );
  if (sorted.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appeals.stats.noData')} />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <EChart option={option} height={320} testId="stats-bars" />
    </Suspense>
  );
}

/** Buckets of the trend: the last 8 weeks or 6 months, as Shanghai dates (to inclusive). */
function buckets(period: 'week' | 'month'): Array<{ label: string; from: string; to: string }> {
  const today = dayjs();
  if (period === 'week') {
    return Array.from({ length: 8 }, (_, i) => {
      const end = today.subtract((7 - i) * 7, 'day');
      const start = end.subtract(6, 'day');
      return { label: start.format('MM-DD'), from: start.format(DAY_FMT), to: end.format(DAY_FMT) };
    });
  }
  return Array.from({ length: 6 }, (_, i) => {
    const m = today.subtract(5 - i, 'month');
    const start = m.startOf('month');
    const end = i === 5 ? today : m.endOf('month');
    return { label: m.format('YYYY-MM'), from: start.format(DAY_FMT), to: end.format(DAY_FMT) };
  });
}

function Trend({ period }: { period: 'week' | 'month' }) {
  const { t } = useTranslation();
  const bs = useMemo(() => buckets(period), [period]);
  const results = useQueries({
    queries: bs.map((b) => ({
      queryKey: ['appeals', 'stats', 'trend', b.from, b.to],
      queryFn: () => api.get<StatsAnswer>('/api/appeals/stats', { groupBy: 'district', from: b.from, to: b.to }),
      staleTime: 5 * 60_000,
    })),
  });
  const failed = results.find((r) => r.isError);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: bs.map((b) => b.label) },
      yAxis: [
        { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', name: t('appeals.stats.received'), splitLine: { show: false } },
      ],
      series: [
        {
          name: t('appeals.stats.received'),
          type: 'bar',
          yAxisIndex: 1,
          barMaxWidth: 28,
          itemStyle: { color: '#E9E2D8' },
          data: results.map((r) => r.data?.total?.counts.received ?? null),
        },
        ...TREND_RATES.map((k) => ({
          name: t(`appeals.stats.rates.${k}`),
          type: 'line' as const,
          smooth: true,
          connectNulls: true,
          data: results.map((r) => pctNumber(r.data?.total?.rates[k].value)),
        })),
      ],
    }),
    [bs, results, t],
  );
  if (failed) return <Section error={failed.error} onRetry={() => void failed.refetch()}>{null}</Section>;
  if (results.some((r) => r.isPending)) return <Skeleton active />;
  return (
    <Suspense fallback={<Skeleton active />}>
      <EChart option={option} height={320} testId="stats-trend" />
    </Suspense>
  );
}

function RateTable({ rows }: { rows: StatRow[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<StatRow> = [
    { title: t('appeals.stats.unit'), dataIndex: 'name', fixed: 'left', width: 160, render: (n: string | null) => n ?? '—' },
    { title: t('appeals.stats.received'), key: 'received', width: 80, align: 'right', render: (_: unknown, r) => r.counts.received },
    { title: t('appeals.stats.open'), key: 'open', width: 80, align: 'right', render: (_: unknown, r) => r.counts.open },
    ...RATE_KEYS.map((k) => ({
      title: t(`appeals.stats.rates.${k}`),
      key: k,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: StatRow) => (
        <span title={`${r.rates[k].numerator} / ${r.rates[k].denominator}`}>{pct(r.rates[k].value)}</span>
      ),
    })),
    {
      title: t('appeals.stats.avgHandling'),
      key: 'avg',
      width: 110,
      align: 'right',
      render: (_: unknown, r) => (r.avgHandlingHours === null ? '—' : t('appeals.stats.hours', { n: r.avgHandlingHours.toFixed(1) })),
    },
    { title: t('appeals.stats.score'), dataIndex: 'score', width: 80, align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
  ];
  return (
    <Table<StatRow>
      rowKey={(r) => r.key ?? 'none'}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={rows.length > 15 ? { pageSize: 15, showSizeChanger: false } : false}
      scroll={{ x: 1500 }}
      data-testid="stats-table"
    />
  );
}

function Rankings({ groupBy, from, to }: { groupBy: StatGrouping; from: string; to: string }) {
  const { t } = useTranslation();
  const minSample = 5;
  const q = useQuery({
    queryKey: ['appeals', 'rankings', groupBy, from, to, minSample],
    queryFn: () => api.get<RankingsAnswer>('/api/appeals/rankings', { groupBy, from, to, minSample, top: 10 }),
  });
  const columns: TableColumnsType<RankingEntry> = [
    { title: t('appeals.stats.rank'), dataIndex: 'rank', width: 60 },
    { title: t('appeals.stats.unit'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
    { title: t('appeals.stats.score'), dataIndex: 'score', width: 80, align: 'right', render: (s: number) => s.toFixed(1) },
    { title: t('appeals.stats.sample'), dataIndex: 'sample', width: 80, align: 'right' },
    {
      title: t('appeals.stats.rates.satisfactionRate'),
      key: 'sat',
      width: 100,
      align: 'right',
      render: (_: unknown, r) => pct(r.rates.satisfactionRate.value),
    },
  ];
  return (
    <Card
      variant="borderless"
      title={
        <Flex gap={8} align="baseline" wrap>
          <span>
            {t('appeals.stats.red')} / {t('appeals.stats.black')}
          </span>
          {q.data ? (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {t('appeals.stats.eligible', { eligible: q.data.eligible, units: q.data.units })} · {t('appeals.stats.minSample', { n: q.data.minSample })}
            </Typography.Text>
          ) : null}
        </Flex>
      }
      data-testid="stats-rankings"
    >
      <Section error={q.error} onRetry={() => void q.refetch()}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Tag color="red" variant="solid" style={{ marginBottom: 8 }}>
              {t('appeals.stats.red')}
            </Tag>
            <Table<RankingEntry> rowKey="key" size="small" columns={columns} dataSource={q.data?.red ?? []} loading={q.isPending} pagination={false} locale={{ emptyText: t('appeals.stats.noData') }} />
          </Col>
          <Col xs={24} lg={12}>
            <Tag color="#262626" variant="solid" style={{ marginBottom: 8 }}>
              {t('appeals.stats.black')}
            </Tag>
            <Table<RankingEntry> rowKey="key" size="small" columns={columns} dataSource={q.data?.black ?? []} loading={q.isPending} pagination={false} locale={{ emptyText: t('appeals.stats.noData') }} />
          </Col>
        </Row>
      </Section>
    </Card>
  );
}

function Bounces({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation();
  const q = useQuery({
    queryKey: ['appeals', 'bounce-stats', from, to],
    queryFn: () => api.get<BounceStats>('/api/appeals/bounce-stats', { from, to }),
  });
  type Dept = BounceStats['departments'][number];
  type Pair = BounceStats['pairs'][number];
  const deptColumns: TableColumnsType<Dept> = [
    { title: t('appeals.stats.bounceDept'), dataIndex: 'name', render: (n: string | null) => n ?? '—' },
    { title: t('appeals.stats.requested'), dataIndex: 'requested', width: 90, align: 'right' },
    { title: t('appeals.stats.approved'), dataIndex: 'approved', width: 90, align: 'right' },
    { title: t('appeals.stats.rejected'), dataIndex: 'rejected', width: 90, align: 'right' },
  ];
  const pairColumns: TableColumnsType<Pair> = [
    { title: t('appeals.stats.pairFrom'), key: 'from', render: (_: unknown, p) => p.from.name ?? '—' },
    { title: t('appeals.stats.pairTo'), key: 'to', render: (_: unknown, p) => p.to.name ?? t('appeals.stats.requeue') },
    { title: t('appeals.stats.pairCount'), dataIndex: 'count', width: 80, align: 'right' },
  ];
  return (
    <Card variant="borderless" title={t('appeals.stats.bounce')} data-testid="stats-bounces">
      <Section error={q.error} onRetry={() => void q.refetch()}>
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={12}>
            <Table<Dept>
              rowKey={(d) => d.id ?? 'none'}
              size="small"
              columns={deptColumns}
              dataSource={q.data?.departments ?? []}
              loading={q.isPending}
              pagination={false}
              locale={{ emptyText: t('appeals.stats.noData') }}
            />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Text type="secondary">{t('appeals.stats.pairs')}</Typography.Text>
            <Table<Pair>
              rowKey={(p) => `${p.from.id ?? ''}>${p.to.id ?? ''}`}
              size="small"
              columns={pairColumns}
              dataSource={q.data?.pairs ?? []}
              loading={q.isPending}
              pagination={false}
              locale={{ emptyText: t('appeals.stats.noData') }}
            />
          </Col>
        </Row>
      </Section>
    </Card>
  );
}

function OpenCasesMap() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const roots = useRegionRoots();
  const context = useRegionMap(roots.data?.[0]?.id);
  const list = useAppeals({ open: 'true', pageSize: 200 });
  const points = useMemo(
    () =>
      (list.data?.items ?? [])
        .filter((a) => a.point)
        .map((a) => ({
          id: a.id,
          point: a.point!,
          color: a.deadlineStatus ? DEADLINE_COLORS[a.deadlineStatus] : NO_DEADLINE_COLOR,
          title: `${a.number} ${a.title}`,
        })),
    [list.data],
  );
  return (
    <Card
      variant="borderless"
      title={t('appeals.stats.openMap')}
      extra={list.data ? <Typography.Text type="secondary">{t('appeals.stats.openCount', { n: list.data.total })}</Typography.Text> : null}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('appeals.stats.openMapHint')}
      </Typography.Paragraph>
      <Flex gap={16} style={{ marginBottom: 8, fontSize: 12 }}>
        {(['ok', 'warning', 'overdue'] as const).map((s) => (
          <span key={s}>
            <span className="tx-dot" style={{ background: DEADLINE_COLORS[s] }} /> {t(`appeals.deadline.${s}`)}
          </span>
        ))}
      </Flex>
      {list.isError ? (
        <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Suspense fallback={<div style={{ height: 460 }} />}>
          <CaseMap
            context={context.data}
            points={points}
            onPointClick={(id) => navigate(`/appeals/${id}`)}
            fit="context"
            fitKey="city"
            height={460}
            loading={list.isPending || context.isPending}
            testId="stats-map"
          />
        </Suspense>
      )}
    </Card>
  );
}

export default function Stats() {
  const { t } = useTranslation();
  const [groupBy, setGroupBy] = useState<StatGrouping>('street');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const [rate, setRate] = useState<RateKey>('satisfactionRate');
  const [period, setPeriod] = useState<'week' | 'month'>('week');
  const from = range[0].format(DAY_FMT);
  const to = range[1].format(DAY_FMT);
  const stats = useQuery({
    queryKey: ['appeals', 'stats', groupBy, from, to],
    queryFn: () => api.get<StatsAnswer>('/api/appeals/stats', { groupBy, from, to }),
    placeholderData: (prev) => prev,
  });
  const missing = stats.isError && isMissingRoute(stats.error);

  return (
    <div className="tx-page">
      <PageHeader title={t('appeals.stats.title')} subtitle={t('appeals.stats.subtitle')} />
      <Flex vertical gap={16}>
        <Card variant="borderless" size="small">
          <Flex gap={16} wrap align="center">
            <Flex gap={8} align="center">
              <Typography.Text type="secondary">{t('appeals.stats.groupBy')}</Typography.Text>
              <Segmented<StatGrouping>
                value={groupBy}
                onChange={setGroupBy}
                options={GROUPINGS.map((g) => ({ value: g, label: t(`appeals.stats.groups.${g}`) }))}
                data-testid="stats-groupby"
              />
            </Flex>
            <Flex gap={8} align="center">
              <Typography.Text type="secondary">{t('appeals.stats.range')}</Typography.Text>
              <DatePicker.RangePicker
                value={range}
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                onChange={(v) => {
                  if (v?.[0] && v[1]) setRange([v[0], v[1]]);
                }}
              />
            </Flex>
          </Flex>
        </Card>
        {missing ? (
          <Card variant="borderless">
            <Unavailable />
          </Card>
        ) : stats.isError ? (
          <ErrorState compact error={stats.error} onRetry={() => void stats.refetch()} />
        ) : !stats.data ? (
          <Card variant="borderless">
            <Skeleton active />
          </Card>
        ) : (
          <>
            <Kpis data={stats.data} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={12}>
                <Card
                  variant="borderless"
                  title={t('appeals.stats.byGroup')}
                  extra={
                    <Select<RateKey>
                      value={rate}
                      onChange={setRate}
                      style={{ width: 170 }}
                      options={RATE_KEYS.map((k) => ({ value: k, label: t(`appeals.stats.rates.${k}`) }))}
                    />
                  }
                >
                  <RateBars rows={stats.data.rows} rate={rate} />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card
                  variant="borderless"
                  title={t('appeals.stats.trend')}
                  extra={
                    <Segmented<'week' | 'month'>
                      size="small"
                      value={period}
                      onChange={setPeriod}
                      options={(['week', 'month'] as const).map((p) => ({ value: p, label: t(`appeals.stats.periods.${p}`) }))}
                    />
                  }
                >
                  <Trend period={period} />
                </Card>
              </Col>
            </Row>
            <Card variant="borderless" title={t('appeals.stats.byGroup')}>
              {stats.data.rows.length ? <RateTable rows={stats.data.rows} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appeals.stats.noData')} />}
            </Card>
          </>
        )}
        {missing ? null : (
          <>
            <Rankings groupBy={groupBy} from={from} to={to} />
            <Bounces from={from} to={to} />
          </>
        )}
        <OpenCasesMap />
      </Flex>
    </div>
  );
}
