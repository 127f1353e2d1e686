import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Row, Segmented, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pbMay, usePbPaperSheets, type PaperSheet, type SheetStatus } from '../../../shared/pb/admin-api';
import type { CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { ErrorState } from '../../components/States';
import { phaseName } from './common';
import { PaperEntryForm, type PaperEntryHandle } from './PaperEntryForm';

const SHEET_COLORS: Record<SheetStatus, string> = { first_entered: 'gold', mismatch: 'red', accepted: 'green' };
type Filter = 'all' | SheetStatus;

/** Paper ballots (投票箱): each sheet entered by two officials; a mismatch waits for a third entry that decides. */
export default function PaperTab({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { cycle, parts } = detail;
  const canEnter = pbMay(parts, 'enter_paper', cycle.phase);
  const sheets = usePbPaperSheets(cycle.id);
  const [filter, setFilter] = useState<Filter>('all');
  const [last, setLast] = useState<{ sheet: string; status: SheetStatus | 'decided' } | null>(null);
  const form = useRef<PaperEntryHandle>(null);
  const all = sheets.data ?? [];
  const count = (s: SheetStatus) => all.filter((x) => x.status === s).length;
  const shown = filter === 'all' ? all : all.filter((x) => x.status === filter);

  return (
    <Flex vertical gap={16}>
      <Alert
        type="info"
        showIcon
        title={
          <span>
            <strong>{t('pbAdmin.paper.rule')}</strong>
            <span style={{ marginInlineStart: 8, fontSize: 13 }}>{t('pbAdmin.paper.ruleDetail')}</span>
          </span>
        }
      />
      {!canEnter ? <Alert type="warning" showIcon title={t('pbAdmin.paper.closed', { phase: phaseName(t, cycle.phase) })} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={15} xl={14}>
          <Card variant="borderless" title={t('pbAdmin.paper.entry')}>
            {last ? (
              <Alert
                type={last.status === 'accepted' || last.status === 'decided' ? 'success' : last.status === 'mismatch' ? 'error' : 'info'}
                showIcon
                title={t(`pbAdmin.paper.result.${last.status}`, { sheet: last.sheet })}
                closable={{ onClose: () => setLast(null) }}
                style={{ marginBottom: 12 }}
                data-testid={TID.pbAdmin.paperLast}
              />
            ) : null}
            <PaperEntryForm ref={form} detail={detail} disabled={!canEnter} onEntered={(sheet, status) => {
                // A sheet accepted after a mismatch was decided by this (third) entry.
                const before = all.find((x) => x.sheet === sheet)?.status;
                setLast({ sheet, status: status === 'accepted' && before === 'mismatch' ? 'decided' : status });
              }}
            />
          </Card>
        </Col>
        <Col xs={24} xxl={9} xl={10}>
          <Card
            variant="borderless"
            title={t('pbAdmin.paper.sheets')}
            extra={<Button size="small" icon={<ReloadOutlined />} onClick={() => void sheets.refetch()} loading={sheets.isFetching} aria-label={t('pbAdmin.refresh')} />}
          >
            <Segmented<Filter>
              value={filter}
              onChange={setFilter}
              size="small"
              style={{ marginBottom: 12 }}
              options={[
                { value: 'all', label: `${t('pbAdmin.paper.filterAll')} ${all.length}` },
                { value: 'mismatch', label: `${t('pbAdmin.paper.status.mismatch')} ${count('mismatch')}` },
                { value: 'first_entered', label: `${t('pbAdmin.paper.status.first_entered')} ${count('first_entered')}` },
                { value: 'accepted', label: `${t('pbAdmin.paper.status.accepted')} ${count('accepted')}` },
              ]}
            />
            {sheets.isError ? (
              <ErrorState error={sheets.error} onRetry={() => void sheets.refetch()} compact />
            ) : (
              <Table<PaperSheet>
                rowKey="sheet"
                size="small"
                dataSource={shown}
                loading={sheets.isPending}
                pagination={{ pageSize: 15, hideOnSinglePage: true, size: 'small' }}
                onRow={(s) => {
                  const attrs: React.HTMLAttributes<HTMLElement> & { 'data-status': SheetStatus } = { 'data-status': s.status };
                  if (s.status === 'mismatch') attrs.style = { background: '#fff1f0' };
                  return attrs;
                }}
                columns={[
                  { key: 'sheet', title: t('pbAdmin.paper.sheet'), render: (_, s) => <span className="tx-mono">{s.sheet}</span> },
                  { key: 'entries', title: t('pbAdmin.paper.entries'), width: 96, align: 'right', render: (_, s) => s.entries },
                  {
                    key: 'status',
                    title: t('pbAdmin.paper.state'),
                    width: 120,
                    render: (_, s) => <Tag color={SHEET_COLORS[s.status]}>{t(`pbAdmin.paper.status.${s.status}`)}</Tag>,
                  },
                  {
                    key: 'act',
                    width: 96,
                    render: (_, s) =>
                      canEnter && s.status !== 'accepted' ? (
                        <Button size="small" type={s.status === 'mismatch' ? 'primary' : 'link'} danger={s.status === 'mismatch'} onClick={() => form.current?.enterSheet(s.sheet)}>
                          {s.status === 'mismatch' ? t('pbAdmin.paper.third') : t('pbAdmin.paper.second')}
                        </Button>
                      ) : null,
                  },
                ]}
                locale={{ emptyText: t('pbAdmin.paper.empty') }}
                data-testid={TID.pbAdmin.paperSheets}
              />
            )}
            {count('mismatch') > 0 ? (
              <Typography.Text type="danger" style={{ fontSize: 12 }}>
                {t('pbAdmin.paper.mismatchHint', { count: count('mismatch') })}
              </Typography.Text>
            ) : null}
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
