import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Activity, ActivityStatus } from '../../../shared/activities/api';
import { formatDateTime } from '../../../shared/format';

const COLORS: Record<ActivityStatus, string> = {
  draft: 'default',
  published: 'green',
  started: 'orange',
  ended: 'default',
  reviewed: 'blue',
  cancelled: 'default',
};

export function ActivityStatusTag({ status }: { status: ActivityStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t(`activities.status.${status}`)}
    </Tag>
  );
}

/** `2026-11-26 09:00–11:00`. */
export function timeRange(a: Pick<Activity, 'startsAt' | 'endsAt'>): string {
  const s = formatDateTime(a.startsAt);
  const e = formatDateTime(a.endsAt);
  return s.slice(0, 10) === e.slice(0, 10) ? `${s}–${e.slice(11)}` : `${s} – ${e}`;
}
