import { KeyOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Flex, InputNumber, Row, Statistic, Table, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { pbAdminApi, pbMay, usePbVoters, useCycleCommand, type Voter } from '../../../shared/pb/admin-api';
import type { CycleDetail } from '../../../shared/pb/types';
import { TID } from '../../../shared/testids';
import { ErrorState } from '../../components/States';
import { CodesModal } from './CodesModal';
import { PbErrorAlert, SmallNote } from './common';

const PAGE_SIZE = 20;

/** A card's title after its icon. */
function IconTitle({ icon, children }: { icon: ReactNode; children: ReactNode }) {
  return (
    <Flex gap={8} align="center">
      {icon}
      {children}
    </Flex>
  );
}

function Roll({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const { cycle, parts } = detail;
  const [page, setPage] = useState(1);
  const voters = usePbVoters(cycle.id, page, PAGE_SIZE);
  const canManage = pbMay(parts, 'manage_voters', cycle.phase);
  const addAll = useCycleCommand(cycle.id, () => pbAdminApi.addAllResidents(cycle.id));

  const confirmAddAll = () =>
    modal.confirm({
      title: t('pbAdmin.voters.addAllTitle'),
      content: t('pbAdmin.voters.addAllBody'),
      okText: t('pbAdmin.voters.addAll'),
      cancelText: t('common.cancel'),
      onOk: () => addAll.mutate(undefined, { onSuccess: (r) => void message.success(t('pbAdmin.voters.added', { count: r.added })) }),
    });

  return (
    <Card
      variant="borderless"
      title={<IconTitle icon={<TeamOutlined />}>{t('pbAdmin.voters.roll')}</IconTitle>}
      extra={
        canManage && cycle.voterBasis !== 'code' ? (
          <Button type="primary" onClick={confirmAddAll} loading={addAll.isPending} data-testid={TID.pbAdmin.votersAddAll}>
            {t('pbAdmin.voters.addAll')}
          </Button>
        ) : null
      }
    >
      {cycle.voterBasis === 'code' ? <Alert type="info" showIcon title={t('pbAdmin.voters.codeOnly')} style={{ marginBottom: 16 }} /> : null}
      {addAll.isError ? <PbErrorAlert error={addAll.error} onClose={() => addAll.reset()} /> : null}
      <div data-testid={TID.pbAdmin.votersTotal}>
        <Statistic title={t('pbAdmin.voters.total')} value={voters.data?.total ?? 0} loading={voters.isPending} suffix={t('pbAdmin.voters.people')} />
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {t('pbAdmin.voters.rollHint')}
      </Typography.Paragraph>
      {voters.isError ? (
        <ErrorState error={voters.error} onRetry={() => void voters.refetch()} compact />
      ) : (
        <Table<Voter>
          rowKey="userId"
          size="small"
          loading={voters.isFetching}
          dataSource={voters.data?.voters ?? []}
          columns={[
            { key: 'name', title: t('pbAdmin.voters.name'), render: (_, v) => v.displayName },
            { key: 'addedAt', title: t('pbAdmin.voters.addedAt'), width: 180, render: (_, v) => formatDateTime(v.addedAt) },
          ]}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: voters.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
          locale={{ emptyText: t('pbAdmin.voters.empty') }}
          data-testid={TID.pbAdmin.votersTable}
        />
      )}
    </Card>
  );
}

function Codes({ detail }: { detail: CycleDetail }) {
  const { t } = useTranslation();
  const { cycle, parts } = detail;
  const [count, setCount] = useState<number | null>(100);
  const [codes, setCodes] = useState<string[] | null>(null);
  const canManage = pbMay(parts, 'manage_voters', cycle.phase);
  const issue = useCycleCommand(cycle.id, (n: number) => pbAdminApi.issueCodes(cycle.id, n));
  return (
    <Card
      variant="borderless"
      title={<IconTitle icon={<KeyOutlined />}>{t('pbAdmin.codes.title')}</IconTitle>}
    >
      <Typography.Paragraph type="secondary">{t('pbAdmin.codes.hint')}</Typography.Paragraph>
      {cycle.voterBasis === 'register' ? (
        <Alert type="info" showIcon title={t('pbAdmin.codes.registerOnly')} />
      ) : (
        <>
          {issue.isError ? <PbErrorAlert error={issue.error} onClose={() => issue.reset()} /> : null}
          <Flex gap={8} align="center">
            <InputNumber<number>
              min={1}
              max={5000}
              precision={0}
              value={count}
              onChange={setCount}
              disabled={!canManage}
              suffix={t('pbAdmin.codes.unit')}
              style={{ width: 160 }}
              data-testid={TID.pbAdmin.codesCount}
            />
            <Button
              type="primary"
              disabled={!canManage || !count}
              loading={issue.isPending}
              onClick={() => count && issue.mutate(count, { onSuccess: setCodes })}
              data-testid={TID.pbAdmin.codesIssue}
            >
              {t('pbAdmin.codes.issue')}
            </Button>
          </Flex>
          {!canManage ? (
            <SmallNote>{t('pbAdmin.codes.closed')}</SmallNote>
          ) : null}
        </>
      )}
      <CodesModal cycleTitle={cycle.title} codes={codes} onClose={() => setCodes(null)} />
    </Card>
  );
}

/** Who may vote: the voter roll (register) and one-time paper voting codes. */
export default function VotersTab({ detail }: { detail: CycleDetail }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Roll detail={detail} />
      </Col>
      <Col xs={24} xl={10}>
        <Codes detail={detail} />
      </Col>
    </Row>
  );
}
