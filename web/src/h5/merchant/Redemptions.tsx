import { ErrorBlock, PullToRefresh } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../shared/format';
import { useMerchantRedemptions } from '../../shared/store/api';
import { TID } from '../../shared/testids';
import { Loaded, RedemptionStatusTag, SubPage } from '../store/parts';

/** 兑换记录: recent redemptions of my goods (no codes; the holder's name masked). */
export function MerchantRedemptions() {
  const { t } = useTranslation();
  const q = useMerchantRedemptions();
  return (
    <SubPage title={t('store.merchantPage.redemptionsTitle')} testId={TID.merchant.redemptions}>
      <Loaded q={q}>
        {(items) => (
          <PullToRefresh onRefresh={async () => void (await q.refetch())}>
            <div className="h5-cases">
              {items.length === 0 ? (
                <ErrorBlock status="empty" title={t('store.merchantPage.redemptionsEmpty')} description="" />
              ) : (
                items.map((r) => (
                  <div key={r.id} className="h5-case store-redemption" data-testid={TID.merchant.redemption} data-redemption-id={r.id} data-status={r.status}>
                    <div className="h5-case-top">
                      <span className="h5-case-title">{r.itemTitle}</span>
                      <RedemptionStatusTag status={r.status} />
                    </div>
                    <div className="h5-case-meta">
                      <span className="store-price" style={{ fontSize: 14 }}>
                        {t('store.points', { count: r.price })}
                      </span>
                      {r.holderName ? <span>{r.holderName}</span> : null}
                      <span>{t('store.redeemedAt', { date: formatDateTime(r.createdAt) })}</span>
                      {r.honouredAt ? <span>{t('store.honouredAt', { date: formatDateTime(r.honouredAt) })}</span> : null}
                      {r.cancelledAt ? (
                        <span>
                          {t('store.cancelledAt', { date: formatDateTime(r.cancelledAt) })}
                          {r.cancelledBy ? ` · ${t(`store.cancelledBy.${r.cancelledBy}`)}` : ''}
                        </span>
                      ) : null}
                    </div>
                  </div>
                ))
              )}
            </div>
          </PullToRefresh>
        )}
      </Loaded>
    </SubPage>
  );
}
