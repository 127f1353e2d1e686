import { Card, Col, Descriptions, Flex, Progress, Row, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { explanationNumber } from '../../../shared/pb/api';
import type { CycleDetail, CycleResultView, Explanation, ProjectSummary } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { numberLabel, SmallNote, yuan } from './common';

interface ResultRow extends Explanation {
  number: number;
  project: number;
  info: ProjectSummary | undefined;
}

const KNOWN_REASONS = ['selected', 'does_not_fit', 'not_considered', 'not_supported', 'supporters_cannot_afford', 'below_threshold'] as const;
type KnownReason = (typeof KNOWN_REASONS)[number];

/** Why a project was or was not chosen, in a sentence a resident can follow. */
export function explain(t: TFunction, e: Explanation, mes: boolean): string {
  const reason = (KNOWN_REASONS as readonly string[]).includes(e.reason) ? (e.reason as KnownReason) : null;
  if (!reason) return t('pbAdmin.explain.other', { reason: e.reason });
  if (reason === 'selected') {
    return mes && e.rho !== undefined
      ? t('pbAdmin.explain.selectedMes', { round: e.round ?? '?', rho: e.rho, total: yuan(t, e.paid?.total), max: yuan(t, e.paid?.max) })
      : t('pbAdmin.explain.selectedGreedy', { round: e.round ?? '?', remaining: yuan(t, e.remaining) });
  }
  return t(`pbAdmin.explain.${reason}`, { remaining: yuan(t, e.remaining) });
}

function DetailsLine({ details, t }: { details: Record<string, unknown> | undefined; t: TFunction }) {
  if (!details) return null;
  const s = (k: string) => (typeof details[k] === 'string' || typeof details[k] === 'number' ? String(details[k]) : null);
  const parts: string[] = [];
  if (s('perVoterBudget')) parts.push(t('pbAdmin.count.perVoter', { amount: yuan(t, s('perVoterBudget')) }));
  if (s('steps') && s('increment')) parts.push(t('pbAdmin.count.add1Steps', { steps: s('steps'), increment: yuan(t, s('increment')) }));
  const stop = s('stoppedBecause');
  if (stop === 'exhaustive' || stop === 'over_budget' || stop === 'no_voters') parts.push(t(`pbAdmin.count.stopped.${stop}`));
  if (s('remaining')) parts.push(t('pbAdmin.count.left', { amount: yuan(t, s('remaining')) }));
  if (!parts.length) return null;
  return (
    <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 12 }} data-testid="pb-result-details">
      {parts.join(' · ')}
    </Typography.Paragraph>
  );
}

/** The stored count: totals, then every project with its support and the rule's reason (MES: round, ρ, what supporters paid). */
export function ResultCard({ detail, view }: { detail: CycleDetail; view: CycleResultView }) {
  const { t } = useTranslation();
  const { cycle } = detail;
  const r = view.result;
  const mes = r.rule.startsWith('mes');
  const rows = useMemo<ResultRow[]>(() => {
    const byNumber = new Map(detail.projects.map((p) => [p.number, p]));
    const list = r.explanations.map((e) => {
      const n = explanationNumber(e);
      return { ...e, number: n, project: n, info: byNumber.get(n) };
    });
    // Selected ones in the order the rule chose them, then the others by support.
    return list.sort((a, b) => (a.selected !== b.selected ? (a.selected ? -1 : 1) : a.selected ? (a.round ?? 0) - (b.round ?? 0) : b.support - a.support));
  }, [r.explanations, detail.projects]);
  const used = cycle.budgetYuan > 0 ? Math.min(100, Math.round((r.cost / cycle.budgetYuan) * 1000) / 10) : 0;
  const supportLabel = cycle.voteType === 'cumulative' ? t('pbAdmin.count.points') : t('pbAdmin.count.supporters');

  const columns: TableColumnsType<ResultRow> = [
    { key: 'n', title: '#', width: 56, render: (_, x) => <span className="tx-mono">{numberLabel(x.number)}</span> },
    { key: 'title', title: t('pbAdmin.proposals.col.title'), width: 220, render: (_, x) => x.info?.title ?? '—' },
    { key: 'cost', title: t('pbAdmin.proposals.col.cost'), align: 'right', width: 120, render: (_, x) => yuan(t, x.info?.costYuan) },
    { key: 'support', title: supportLabel, align: 'right', width: 90, render: (_, x) => x.support },
    {
      key: 'result',
      title: t('pbAdmin.count.outcome'),
      width: 120,
      render: (_, x) =>
        x.selected ? <Tag color="green">{t('pbAdmin.count.selectedRound', { round: x.round ?? '?' })}</Tag> : <Tag>{t('pbAdmin.count.notSelected')}</Tag>,
    },
    ...(mes
      ? ([
          {
            key: 'rho',
            title: <Tooltip title={t('pbAdmin.count.rhoHint')}>ρ</Tooltip>,
            align: 'right',
            width: 100,
            render: (_, x) => (x.rho !== undefined ? <span className="tx-mono">{Number(x.rho).toPrecision(4)}</span> : '—'),
          },
          { key: 'max', title: t('pbAdmin.count.maxPaid'), align: 'right', width: 120, render: (_, x) => yuan(t, x.paid?.max) },
        ] as TableColumnsType<ResultRow>)
      : []),
    {
      key: 'why',
      title: t('pbAdmin.count.why'),
      render: (_, x) => (
        <Typography.Text type={x.selected ? undefined : 'secondary'} style={{ fontSize: 13 }}>
          {explain(t, x, mes)}
        </Typography.Text>
      ),
    },
  ];

  return (
    <Card
      variant="borderless"
      title={t('pbAdmin.count.resultTitle')}
      extra={
        <SmallNote>
          {view.countedAt ? t('pbAdmin.count.countedAt', { at: formatDateTime(view.countedAt) }) : null}
          {view.publishedAt ? ` · ${t('pbAdmin.count.publishedAt', { at: formatDateTime(view.publishedAt) })}` : ` · ${t('pbAdmin.count.notPublished')}`}
        </SmallNote>
      }
    >
      <Row gutter={[24, 16]} style={{ marginBottom: 16 }} data-testid={TID.pbAdmin.resultSummary} data-ballots={r.ballots} data-selected={r.selected.join(",")}>
        <Col xs={12} md={6}>
          <Statistic title={t('pbAdmin.count.ballots')} value={r.ballots} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('pbAdmin.count.selectedCount')} value={r.selected.length} suffix={`/ ${r.explanations.length}`} />
        </Col>
        <Col xs={24} md={12}>
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('pbAdmin.count.budgetUsed')}</Typography.Text>
            <Typography.Text strong style={{ fontSize: 18 }}>
              {yuan(t, r.cost)} <Typography.Text type="secondary">/ {yuan(t, cycle.budgetYuan)}</Typography.Text>
            </Typography.Text>
            <Progress percent={used} size="small" strokeColor="#c8161d" />
          </Flex>
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 8 }}
        items={[{ key: 'rule', label: t('pbAdmin.field.rule'), children: `${t(`pbAdmin.rule.${cycle.rule}`)} — ${t(`pbAdmin.ruleHint.${cycle.rule}`)}` }]}
      />
      <DetailsLine details={r.details} t={t} />
      <Table<ResultRow>
        rowKey="number"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={false}
        onRow={(x) => (x.selected ? { style: { background: '#f6ffed' } } : {})}
        data-testid={TID.pbAdmin.resultTable}
      />
    </Card>
  );
}
