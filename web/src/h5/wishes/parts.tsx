import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../shared/format';
import type { Wish, WishStatus } from '../../shared/wishes/api';
import { TID } from '../../shared/testids';
import './wishes.css';

export { Loaded, LoadError, Loading, Photos, SubPage } from '../pb/parts';

export const WISH_STATUS_COLORS: Record<WishStatus, string> = {
  submitted: '#e8731a',
  verified: '#1f5fad',
  rejected: '#c8161d',
  published: '#c7457c',
  claimed: '#138c9e',
  fulfilled: '#d9a21b',
  confirmed: '#2f9e5b',
  expired: '#8c8c8c',
  cancelled: '#8c8c8c',
};

export function WishStatusTag({ status }: { status: WishStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={WISH_STATUS_COLORS[status]} fill="outline" data-status={status} data-testid={TID.wishes.status}>
      {t(`wishes.status.${status}`)}
    </Tag>
  );
}

/** The deadline is a Shanghai day (midnight there): show the day only. */
export function wishDay(deadline: string): string {
  return formatDate(deadline);
}

/** A wish as a card of a list. */
export function WishCard({ w, onOpen }: { w: Wish; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="h5-case" onClick={onOpen} data-testid={TID.wishes.item} data-wish-id={w.id} data-status={w.status}>
      <div className="h5-case-top">
        <span className="h5-case-title">{w.title ?? '—'}</span>
        <WishStatusTag status={w.status} />
      </div>
      {w.story ? (
        <div className="h5-note" style={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}>
          {w.story}
        </div>
      ) : null}
      <div className="h5-case-meta">
        <span>{t(`wishes.category.${w.category}`)}</span>
        <span className="wish-value">{t('wishes.value', { amount: w.estimatedValueYuan })}</span>
        <span>{t('wishes.deadline', { date: wishDay(w.deadline) })}</span>
        {w.community?.name ? <span>{w.community.name}</span> : null}
      </div>
      {w.protected ? <div className="wish-protected">{t('wishes.protected')}</div> : null}
    </button>
  );
}
