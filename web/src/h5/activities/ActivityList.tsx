import { ScanOutlined } from '@ant-design/icons';
import { Button, ErrorBlock, PullToRefresh } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useActivities, type Activity } from '../../shared/activities/api';
import { TID } from '../../shared/testids';
import { ActivityStatusTag, Loaded, Places, SubPage, WhenWhere } from './parts';

function ActivityCard({ a, onOpen }: { a: Activity; onOpen: () => void }) {
  return (
    <button type="button" className="h5-case" onClick={onOpen} data-testid={TID.activities.item} data-activity-id={a.id} data-status={a.status}>
      <div className="h5-case-top">
        <span className="h5-case-title">{a.title}</span>
        <ActivityStatusTag status={a.status} />
      </div>
      <WhenWhere a={a} />
      <div className="h5-case-meta">
        <Places a={a} />
      </div>
    </button>
  );
}

/** 身边的活动: published activities where I live, soonest first. */
export function ActivityList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const q = useActivities();
  return (
    <SubPage title={t('activities.nearTitle')} testId={TID.activities.list}>
      <div className="h5-padded" style={{ paddingBottom: 0 }}>
        <Button block color="primary" fill="outline" onClick={() => navigate('/activities/scan')} data-testid={TID.activities.scanOpen}>
          <ScanOutlined /> {t('activities.scanEntry')}
        </Button>
      </div>
      <Loaded q={q}>
        {(items) => {
          const shown = items
            .filter((a) => a.status === 'published' || a.status === 'started')
            .sort((x, y) => x.startsAt.localeCompare(y.startsAt));
          return (
            <PullToRefresh onRefresh={async () => void (await q.refetch())}>
              <div className="h5-cases">
                {shown.length === 0 ? (
                  <ErrorBlock status="empty" title={t('activities.empty')} description="" />
                ) : (
                  shown.map((a) => <ActivityCard key={a.id} a={a} onOpen={() => navigate(`/activities/${a.id}`)} />)
                )}
              </div>
            </PullToRefresh>
          );
        }}
      </Loaded>
    </SubPage>
  );
}
