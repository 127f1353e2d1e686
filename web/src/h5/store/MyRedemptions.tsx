import { Button, Dialog, ErrorBlock, Popup, PullToRefresh, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api';
import { formatDate, formatDateTime } from '../../shared/format';
import { useCancelRedemption, useMyRedemptions, type Redemption } from '../../shared/store/api';
import { TID } from '../../shared/testids';
import { CodeDisplay, Loaded, RedemptionStatusTag, spacedCode, SubPage } from './parts';

function RedemptionCard({ r, onShow, onCancel, cancelling }: { r: Redemption; onShow: () => void; onCancel: () => void; cancelling: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="h5-case store-redemption" data-testid={TID.store.redemption} data-redemption-id={r.id} data-status={r.status}>
      <div className="h5-case-top">
        <span className="h5-case-title">{r.itemTitle}</span>
        <RedemptionStatusTag status={r.status} />
      </div>
      <div className="h5-case-meta">
        <span className="store-price" style={{ fontSize: 14 }}>
          {t('store.points', { count: r.price })}
        </span>
        <span>{t('store.redeemedAt', { date: formatDateTime(r.createdAt) })}</span>
        {r.status === 'issued' ? <span>{t('store.expires', { date: formatDate(r.expiresAt) })}</span> : null}
        {r.honouredAt ? <span>{t('store.honouredAt', { date: formatDateTime(r.honouredAt) })}</span> : null}
        {r.cancelledAt ? (
          <span>
            {t('store.cancelledAt', { date: formatDateTime(r.cancelledAt) })}
            {r.cancelledBy ? ` · ${t(`store.cancelledBy.${r.cancelledBy}`)}` : ''}
          </span>
        ) : null}
      </div>
      {r.status === 'issued' && r.code ? (
        <>
          <div className="store-code store-code-small" data-testid={TID.store.redemptionCode} data-code={r.code}>
            {spacedCode(r.code)}
          </div>
          <div style={{ display: 'flex', gap: 8 }}>
            <Button size="small" color="primary" onClick={onShow}>
              {t('store.showCode')}
            </Button>
            <Button size="small" loading={cancelling} onClick={onCancel} data-testid={TID.store.redemptionCancel}>
              {t('store.cancelRedemption')}
            </Button>
          </div>
        </>
      ) : null}
    </div>
  );
}

/** 我的兑换: my redemptions, newest first, with the code while open; cancel returns the points. */
export function MyRedemptions() {
  const { t } = useTranslation();
  const q = useMyRedemptions();
  const cancel = useCancelRedemption();
  const [shown, setShown] = useState<Redemption | null>(null);

  const askCancel = (r: Redemption) => {
    void Dialog.confirm({
      content: t('store.cancelConfirm'),
      confirmText: t('store.cancelRedemption'),
      cancelText: t('wishes.action.back'),
      onConfirm: () =>
        cancel.mutate(r.id, {
          onSuccess: () => void Toast.show({ icon: 'success', content: t('store.cancelled') }),
          onError: (e) => void Toast.show({ icon: 'fail', content: errorMessage(e) }),
        }),
    });
  };

  return (
    <SubPage title={t('store.mine')} testId={TID.store.mine}>
      <Loaded q={q}>
        {(items) => (
          <PullToRefresh onRefresh={async () => void (await q.refetch())}>
            <div className="h5-cases">
              {items.length === 0 ? (
                <ErrorBlock status="empty" title={t('store.mineEmpty')} description="" />
              ) : (
                items.map((r) => (
                  <RedemptionCard
                    key={r.id}
                    r={r}
                    onShow={() => setShown(r)}
                    onCancel={() => askCancel(r)}
                    cancelling={cancel.isPending && cancel.variables === r.id}
                  />
                ))
              )}
            </div>
          </PullToRefresh>
        )}
      </Loaded>
      <Popup visible={shown !== null} onMaskClick={() => setShown(null)} onClose={() => setShown(null)} bodyClassName="h5-popup" destroyOnClose>
        {shown?.code ? (
          <div className="h5-card store-code-card" style={{ margin: 0 }}>
            <div className="h5-card-title">{shown.itemTitle}</div>
            <div className="h5-note">{t('store.codeHint')}</div>
            <CodeDisplay code={shown.code} />
            <div className="h5-note">{t('store.expires', { date: formatDate(shown.expiresAt) })}</div>
          </div>
        ) : null}
      </Popup>
    </SubPage>
  );
}
