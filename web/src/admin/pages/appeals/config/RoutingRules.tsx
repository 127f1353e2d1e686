import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../../shared/api';
import { useDeleteRule, useRoutingRules, type RoutingRule } from '../../../../shared/appeals-config';
import { formatDateTime } from '../../../../shared/format';
import { levelLabel } from '../../../../shared/roles';
import { PageHeader } from '../../../components/PageHeader';
import { ErrorState } from '../../../components/States';
import { ModeTag } from '../common';
import { NewRuleModal } from './NewRuleModal';

/** 派单规则: the city's routing rules with their category and area names; add and delete. */
export default function RoutingRules() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRoutingRules();
  const remove = useDeleteRule();
  const [adding, setAdding] = useState(false);

  const columns: TableColumnsType<RoutingRule> = useMemo(
    () => [
      {
        title: t('appealsConfig.rules.category'),
        key: 'category',
        render: (_: unknown, r) => (
          <div>
            <div>{r.categoryName ?? '—'}</div>
            {r.categoryPath.length > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.categoryPath.slice(0, -1).join(' / ')}
              </Typography.Text>
            ) : null}
          </div>
        ),
      },
      {
        title: t('appealsConfig.rules.region'),
        key: 'region',
        render: (_: unknown, r) => (
          <div>
            <div>
              {r.regionName ?? '—'} {r.regionLevel ? <Tag bordered={false}>{levelLabel(t, r.regionLevel)}</Tag> : null}
            </div>
            {r.regionNames.length > 1 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.regionNames.slice(0, -1).join(' / ')}
              </Typography.Text>
            ) : null}
          </div>
        ),
      },
      { title: t('appealsConfig.rules.mode'), dataIndex: 'mode', width: 110, render: (m: RoutingRule['mode']) => <ModeTag mode={m} /> },
      { title: t('appealsConfig.rules.lead'), dataIndex: 'leadDepartmentName', render: (n: string | null) => n ?? <span className="tx-muted">—</span> },
      {
        title: t('appealsConfig.rules.assists'),
        key: 'assists',
        render: (_: unknown, r) => (r.assistDepartments.length ? r.assistDepartments.map((d) => <Tag key={d.id}>{d.name ?? d.id}</Tag>) : <span className="tx-muted">—</span>),
      },
      { title: t('appealsConfig.rules.priority'), dataIndex: 'priority', width: 80, align: 'right' },
      { title: t('appealsConfig.rules.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => formatDateTime(v) },
      {
        title: t('appealsConfig.rules.actions'),
        key: 'actions',
        width: 90,
        render: (_: unknown, r) => (
          <Popconfirm
            title={t('appealsConfig.rules.deleteConfirm')}
            onConfirm={async () => {
              try {
                await remove.mutateAsync(r.id);
                message.success(t('appealsConfig.rules.deleted'));
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
          >
            <Button type="link" danger size="small" icon={<DeleteOutlined />} data-testid="rule-delete">
              {t('appealsConfig.rules.delete')}
            </Button>
          </Popconfirm>
        ),
      },
    ],
    [t, remove, message],
  );

  return (
    <div data-testid="appeals-rules">
      <PageHeader
        title={t('appealsConfig.rules.title')}
        subtitle={t('appealsConfig.rules.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="rule-add">
            {t('appealsConfig.rules.add')}
          </Button>
        }
      />
      {rules.isError ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : (
        <Card size="small">
          <Table
            rowKey="id"
            size="middle"
            loading={rules.isPending}
            columns={columns}
            dataSource={rules.data ?? []}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('appealsConfig.rules.empty') }}
            data-testid="rules-table"
          />
        </Card>
      )}
      <NewRuleModal open={adding} onClose={() => setAdding(false)} />
    </div>
  );
}
