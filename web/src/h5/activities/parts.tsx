import { ClockCircleOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { Activity, ActivityStatus } from '../../shared/activities/api';
import { placesLeft } from '../../shared/activities/api';
import { formatDateTime } from '../../shared/format';
import { TID } from '../../shared/testids';
import './activities.css';

export { Loaded, SubPage } from '../pb/parts';

const STATUS_COLORS: Record<ActivityStatus, string> = {
  draft: '#8c8c8c',
  published: '#2F9E5B',
  started: '#E8731A',
  ended: '#8c8c8c',
  reviewed: '#8c8c8c',
  cancelled: '#8c8c8c',
};

/** `2026-11-26 09:00–11:00` (the end's date too when it is another day). */
export function timeRange(a: Pick<Activity, 'startsAt' | 'endsAt'>): string {
  const s = formatDateTime(a.startsAt);
  const e = formatDateTime(a.endsAt);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} fill="outline" data-status={status}>
      {t(`activities.status.${status}`)}
    </Tag>
  );
}

/** Places left, or "full" and how many wait. */
export function Places({ a }: { a: Pick<Activity, 'capacity' | 'signedUp' | 'waiting'> }) {
  const { t } = useTranslation();
  const left = placesLeft(a);
  return (
    <span className={left === 0 ? 'act-places act-full' : 'act-places'} data-testid={TID.activities.places} data-left={left} data-waiting={a.waiting}>
      {left === 0 ? t('activities.full') : t('activities.placesLeft', { left, capacity: a.capacity })}
      {a.waiting > 0 ? ` · ${t('activities.waitingCount', { count: a.waiting })}` : ''}
    </span>
  );
}

/** When and where an activity takes place: its time range and venue, one line each. */
export function WhenWhere({ a }: { a: Pick<Activity, 'startsAt' | 'endsAt' | 'venue'> }) {
  return (
    <>
      <div className="act-line">
        <ClockCircleOutlined />
        <span>{timeRange(a)}</span>
      </div>
      <div className="act-line">
        <EnvironmentOutlined />
        <span>{a.venue}</span>
      </div>
    </>
  );
}
