import { Button, Dialog, ErrorBlock, Result } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { formatDate } from '../../shared/format';
import { newIdempotencyKey, useCatalogue, useRedeem, type RedeemAnswer } from '../../shared/store/api';
import { TID } from '../../shared/testids';
import { FormError } from '../form-parts';
import { CodeDisplay, ItemPhoto, Loaded, SubPage } from './parts';

/** One item of the catalogue, with the redeem button; after redeeming, the code. */
export function ItemView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const q = useCatalogue();
  const redeem = useRedeem(id);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<RedeemAnswer | null>(null);
  // One key per confirmation: a retry of the same confirmation (after a network error) cannot redeem twice.
  const key = useRef<string>('');

  const open = () => {
    key.current = newIdempotencyKey();
    setError(null);
    setConfirming(true);
  };
  const confirm = () => {
    if (redeem.isPending) return;
    setError(null);
    redeem.mutate(key.current, {
      onSuccess: (res) => {
        setConfirming(false);
        setDone(res);
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };

  const title = t('store.title');
  if (done) {
    const r = done.redemption;
    return (
      <SubPage title={title} testId={TID.store.itemPage}>
        <Result status="success" title={t('store.redeemed')} description={r.itemTitle} />
        <div className="h5-card store-code-card">
          <div className="h5-note">{t('store.codeHint')}</div>
          {r.code ? <CodeDisplay code={r.code} /> : null}
          <div className="h5-note">{t('store.expires', { date: formatDate(r.expiresAt) })}</div>
          {done.balance !== null ? <div className="h5-note">{t('store.balanceAfter', { count: done.balance })}</div> : null}
        </div>
        <div className="h5-padded pb-stack">
          <Button block color="primary" onClick={() => navigate('/store/mine', { replace: true })}>
            {t('store.viewMine')}
          </Button>
          <Button block onClick={() => navigate('/store', { replace: true })}>
            {t('store.back')}
          </Button>
        </div>
      </SubPage>
    );
  }

  return (
    <Loaded q={q}>
      {(c) => {
        const item = c.items.find((i) => i.id === id);
        if (!item) {
          return (
            <SubPage title={title} testId={TID.store.itemPage}>
              <ErrorBlock status="empty" title={t('store.notFound')} description="" />
            </SubPage>
          );
        }
        const merchant = c.merchants.find((m) => m.id === item.merchantId);
        const short = item.price - c.balance;
        const footer = (
          <>
            {short > 0 && !item.soldOut ? <div className="h5-note" style={{ marginBottom: 6, textAlign: 'center' }}>{t('store.notEnough', { count: short })}</div> : null}
            <Button block color="primary" size="large" disabled={item.soldOut || short > 0} onClick={open} data-testid={TID.store.redeem}>
              {item.soldOut ? t('store.soldOut') : t('store.redeem')}
            </Button>
          </>
        );
        return (
          <SubPage title={title} testId={TID.store.itemPage} footer={footer}>
            <div className="h5-card">
              <div style={{ display: 'flex', gap: 12 }}>
                <ItemPhoto id={item.photoFileId} size={96} />
                <div className="store-item-body">
                  <div className="h5-detail-title">{item.title}</div>
                  <div className="h5-note">{t(`store.kind.${item.kind}`)}</div>
                  <div className="store-price store-price-large">{t('store.points', { count: item.price })}</div>
                </div>
              </div>
              {item.description ? <div style={{ whiteSpace: 'pre-wrap' }}>{item.description}</div> : null}
              <div className="h5-case-meta">
                <span>{item.stock === null ? t('store.unlimited') : t('store.stock', { count: item.stock })}</span>
                {item.perResidentLimit ? <span>{t('store.limit', { count: item.perResidentLimit })}</span> : null}
                <span>
                  {t('store.balance')} {c.balance}
                </span>
              </div>
            </div>
            {merchant ? (
              <div className="h5-card">
                <div className="h5-card-title">{merchant.name}</div>
                <dl className="store-facts">
                  <dt>{t('store.address')}</dt>
                  <dd>{merchant.address}</dd>
                  {merchant.openingHours ? (
                    <>
                      <dt>{t('store.hours')}</dt>
                      <dd>{merchant.openingHours}</dd>
                    </>
                  ) : null}
                  {merchant.phoneMasked ? (
                    <>
                      <dt>{t('store.phone')}</dt>
                      <dd>{merchant.phoneMasked}</dd>
                    </>
                  ) : null}
                </dl>
              </div>
            ) : null}
            <Dialog
              visible={confirming}
              title={t('store.confirmTitle')}
              content={
                <>
                  <div>{t('store.confirmBody', { title: item.title, price: item.price })}</div>
                  <FormError error={error} testId={TID.store.redeemError} />
                  <div className="store-dialog-actions">
                    <Button block onClick={() => setConfirming(false)} disabled={redeem.isPending}>
                      {t('store.cancel')}
                    </Button>
                    <Button block color="primary" loading={redeem.isPending} onClick={confirm} data-testid={TID.store.redeemConfirm}>
                      {t('store.confirm')}
                    </Button>
                  </div>
                </>
              }
              onClose={() => setConfirming(false)}
            />
          </SubPage>
        );
      }}
    </Loaded>
  );
}
