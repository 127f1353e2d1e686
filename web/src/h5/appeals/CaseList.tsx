import { Button, ErrorBlock, PullToRefresh, SpinLoading, Tabs } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { categoryPath, useAppeals, useCategories, type Appeal, type AppealListQuery } from '../../shared/appeals';
import { formatDateTime } from '../../shared/format';
import { DeadlineLine, H5StatusTag, SubPage } from './parts';

function CaseCard({ a, onOpen, showDeadline }: { a: Appeal; onOpen: () => void; showDeadline: boolean }) {
  const cats = useCategories();
  const category = categoryPath(cats.data, a.categoryId).at(-1)?.name;
  return (
    <button type="button" className="h5-case" onClick={onOpen} data-testid="h5-case-item" data-number={a.number} data-status={a.status}>
      <div className="h5-case-top">
        <span className="h5-case-title">{a.title}</span>
        <H5StatusTag status={a.status} />
      </div>
      <div className="h5-case-meta">
        <span className="h5-mono">{a.number}</span>
        {category ? <span>{category}</span> : null}
      </div>
      {a.address ? <div className="h5-case-meta">{a.address}</div> : null}
      <div className="h5-case-meta">
        <span>{formatDateTime(a.receivedAt)}</span>
        {showDeadline ? <DeadlineLine appeal={a} /> : null}
      </div>
    </button>
  );
}

function CaseItems({ query, showDeadline, empty }: { query: AppealListQuery; showDeadline: boolean; empty: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useAppeals({ ...query, pageSize: 50 });
  if (list.isPending) {
    return (
      <div className="h5-center" style={{ padding: 48 }}>
        <SpinLoading color="primary" />
      </div>
    );
  }
  if (list.isError) {
    return (
      <ErrorBlock status="default" title={t('errors.loadFailed')} description={errorMessage(list.error)}>
        <Button color="primary" onClick={() => void list.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  }
  return (
    <PullToRefresh onRefresh={async () => void (await list.refetch())}>
      <div className="h5-cases" data-testid="h5-case-list">
        {list.data.items.length === 0 ? (
          <ErrorBlock status="empty" title={empty} description="" />
        ) : (
          list.data.items.map((a) => <CaseCard key={a.id} a={a} showDeadline={showDeadline} onOpen={() => navigate(`/appeals/${a.id}`)} />)
        )}
      </div>
    </PullToRefresh>
  );
}

/** 我的诉求: the cases I reported (or called about). */
export function MyAppeals() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <SubPage
      title={t('appeals.h5.myAppeals')}
      testId="h5-my-appeals"
      footer={
        <Button block color="primary" onClick={() => navigate('/appeals/report')}>
          {t('appeals.h5.report')}
        </Button>
      }
    >
      <CaseItems query={{ mine: 'reported' }} showDeadline={false} empty={t('appeals.h5.empty')} />
    </SubPage>
  );
}

/** 我的工单: the cases assigned to me (grid worker), open ones first. */
export function MyOrders() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<'todo' | 'all'>('todo');
  return (
    <SubPage title={t('appeals.h5.myOrders')} testId="h5-my-orders">
      <Tabs activeKey={tab} onChange={(k) => setTab(k === 'all' ? 'all' : 'todo')} className="h5-tabs">
        <Tabs.Tab key="todo" title={t('appeals.h5.tabs.todo')} />
        <Tabs.Tab key="all" title={t('appeals.h5.tabs.all')} />
      </Tabs>
      <CaseItems
        query={tab === 'todo' ? { mine: 'assigned', open: 'true' } : { mine: 'assigned' }}
        showDeadline
        empty={t('appeals.h5.emptyOrders')}
      />
    </SubPage>
  );
}
