import { Button, Form, Input, Result } from 'antd-mobile';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage, isApiError } from '../../shared/api';
import { formatDateTime } from '../../shared/format';
import { useHonour, type Redemption } from '../../shared/store/api';
import { TID } from '../../shared/testids';
import { SubPage } from '../store/parts';
import '../store/store.css';

/** The refusal of an honour in words (the server's message for anything else). */
function refusal(t: TFunction, e: unknown): string {
  if (!isApiError(e)) return errorMessage(e);
  if (e.status === 404) return t('store.merchantPage.errors.notYours');
  switch (e.code) {
    case 'store_redemption_honoured':
      return t('store.merchantPage.errors.honoured');
    case 'store_redemption_cancelled':
      return t('store.merchantPage.errors.cancelled');
    case 'store_redemption_expired':
      return t('store.merchantPage.errors.expired');
    case 'store_code_invalid':
      return t('store.merchantPage.errors.invalid');
    case 'store_merchant_not_approved':
      return t('store.merchantPage.errors.notApproved');
    default:
      return errorMessage(e);
  }
}

/** 积分核销: the merchant types (or pastes) a customer's code and honours it. */
export function Honour() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [code, setCode] = useState('');
  const [done, setDone] = useState<Redemption | null>(null);
  const [error, setError] = useState<{ code: string; text: string } | null>(null);
  const honour = useHonour();

  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  const submit = () => {
    if (!normalised || honour.isPending) return;
    setError(null);
    setDone(null);
    honour.mutate(normalised, {
      onSuccess: (res) => {
        setDone(res.redemption);
        setCode('');
      },
      onError: (e) => setError({ code: isApiError(e) ? e.code : 'error', text: refusal(t, e) }),
    });
  };
  const paste = async () => {
    try {
      const text = await navigator.clipboard.readText();
      if (text) setCode(text.trim().slice(0, 20));
    } catch {
      // Clipboard refused: the merchant types instead.
    }
  };

  return (
    <SubPage title={t('store.merchantPage.honourTitle')} testId={TID.merchant.honour}>
      <div className="h5-padded">
        <p className="h5-note">{t('store.merchantPage.honourIntro')}</p>
      </div>
      <Form
        layout="vertical"
        mode="card"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={honour.isPending} disabled={normalised.length === 0} data-testid={TID.merchant.honourSubmit}>
            {t('store.merchantPage.honour')}
          </Button>
        }
      >
        <Form.Item
          label={t('store.merchantPage.codeLabel')}
          extra={
            typeof navigator !== 'undefined' && navigator.clipboard ? (
              <Button size="mini" fill="outline" onClick={() => void paste()} data-testid={TID.merchant.paste}>
                {t('store.merchantPage.paste')}
              </Button>
            ) : null
          }
        >
          <Input
            className="store-code-input"
            value={code}
            onChange={(v) => {
              setCode(v);
              setError(null);
            }}
            onEnterPress={submit}
            placeholder={t('store.merchantPage.codePlaceholder')}
            maxLength={20}
            autoComplete="off"
            clearable
            data-testid={TID.merchant.codeInput}
          />
        </Form.Item>
      </Form>
      {done ? (
        <div className="h5-card" data-testid={TID.merchant.honourResult} data-status={done.status} data-redemption-id={done.id}>
          <Result status="success" title={t('store.merchantPage.honoured')} description={t('store.merchantPage.honouredItem', { title: done.itemTitle, price: done.price })} />
          <dl className="store-facts">
            {done.holderName ? (
              <>
                <dt>{t('store.merchantPage.holder')}</dt>
                <dd>{done.holderName}</dd>
              </>
            ) : null}
            {done.honouredAt ? (
              <>
                <dt>{t('store.status.honoured')}</dt>
                <dd>{formatDateTime(done.honouredAt)}</dd>
              </>
            ) : null}
          </dl>
        </div>
      ) : null}
      {error ? (
        <div className="h5-card" role="alert" data-testid={TID.merchant.honourError} data-code={error.code}>
          <div className="h5-card-title store-result-refused">{t('store.merchantPage.refused')}</div>
          <div>{error.text}</div>
        </div>
      ) : null}
      <div className="h5-padded">
        <Button block fill="none" color="primary" onClick={() => navigate('/merchant/redemptions')}>
          {t('store.merchantPage.redemptionsTitle')}
        </Button>
      </div>
    </SubPage>
  );
}
