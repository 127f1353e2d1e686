import { FormOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Select, Table, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { APPEAL_STATUSES, isAppealStatus, statusLabel, useAppeals, type Appeal, type AppealListQuery, type AppealStatus } from '../../../shared/appeals';
import { useMe } from '../../../shared/auth';
import { canSee, hasAnyRole } from '../../../shared/roles';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/States';
import { clickableRows, RefreshAndTotal, useCaseColumns } from './case-columns';
import { CategoryCascader } from './common';

export type CaseTab = 'all' | 'pending' | 'working' | 'replied' | 'reviewed' | 'closed' | 'supervised' | 'overdue' | 'department' | 'assigned';

/** Each tab as a list query (the server filters). Tabs with a status of their own take no status filter. */
export const TAB_QUERIES: Record<CaseTab, AppealListQuery> = {
  all: {},
  pending: { status: 'pending_dispatch' },
  working: { open: 'true' },
  replied: { status: 'replied' },
  reviewed: { status: 'reviewed' },
  closed: { status: 'closed' },
  supervised: { supervised: 'true' },
  overdue: { overdue: 'true' },
  department: { mine: 'department' },
  assigned: { mine: 'assigned' },
};

const PAGE_SIZE = 20;

export default function Cases() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const isDept = hasAnyRole(me, ['dept_handler']);
  const isGrid = hasAnyRole(me, ['grid_worker']);
  const tabs: CaseTab[] = [
    ...(isDept ? (['department'] as const) : []),
    ...(isGrid ? (['assigned'] as const) : []),
    'all',
    'pending',
    'working',
    'replied',
    'reviewed',
    'closed',
    'supervised',
    'overdue',
  ];
  const requested = params.get('tab') as CaseTab | null;
  const tab: CaseTab = requested && tabs.includes(requested) ? requested : (tabs[0] ?? 'all');
  const q = params.get('q') ?? '';
  const categoryId = params.get('category') ?? undefined;
  // Several statuses at once (status=a,b), on the tabs that have no status of their own.
  const statusFilter = !TAB_QUERIES[tab].status;
  const statuses: AppealStatus[] = statusFilter ? (params.get('status') ?? '').split(',').filter(isAppealStatus) : [];
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const query: AppealListQuery = {
    ...TAB_QUERIES[tab],
    ...(statuses.length ? { status: statuses.join(',') } : {}),
    ...(q ? { q } : {}),
    ...(categoryId ? { categoryId } : {}),
    page,
    pageSize: PAGE_SIZE,
  };
  const list = useAppeals(query);
  const columns = useCaseColumns();

  const update = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  };

  return (
    <div className="tx-page">
      <PageHeader
        title={t('appeals.cases.title')}
        subtitle={t('appeals.cases.subtitle')}
        extra={
          canSee(me, 'appealsIntake') ? (
            <Button type="primary" icon={<FormOutlined />} onClick={() => navigate('/appeals/new')}>
              {t('appeals.cases.newCase')}
            </Button>
          ) : null
        }
      />
      <Card variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={(k) => update({ tab: k, page: undefined })}
          items={tabs.map((k) => ({ key: k, label: <span data-testid={`cases-tab-${k}`}>{t(`appeals.cases.tabs.${k}`)}</span> }))}
        />
        <Flex gap={12} wrap className="tx-filters" align="center">
          <Input.Search
            allowClear
            defaultValue={q}
            placeholder={t('appeals.cases.searchPlaceholder')}
            onSearch={(v) => update({ q: v.trim() || undefined, page: undefined })}
            style={{ width: 280 }}
            data-testid="cases-search"
          />
          <CategoryCascader
            value={categoryId}
            onChange={(v) => update({ category: v, page: undefined })}
            placeholder={t('appeals.cases.filterCategory')}
            style={{ width: 280 }}
          />
          {statusFilter ? (
            <Select<AppealStatus[]>
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              value={statuses}
              onChange={(v) => update({ status: v.length ? v.join(',') : undefined, page: undefined })}
              placeholder={t('appeals.cases.filterStatus')}
              options={APPEAL_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: 300 }}
              data-testid="cases-status"
            />
          ) : null}
          <RefreshAndTotal list={list} />
        </Flex>
        {list.isError ? (
          <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <Table<Appeal>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            size="middle"
            scroll={{ x: 1100 }}
            data-testid="cases-table"
            locale={{ emptyText: t('appeals.cases.empty') }}
            {...clickableRows(navigate)}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              onChange: (p) => update({ page: p > 1 ? String(p) : undefined }),
            }}
          />
        )}
      </Card>
    </div>
  );
}
