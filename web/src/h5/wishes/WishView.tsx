import { Button, Dialog, Form, Toast, type ImageUploadItem } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { useMe } from '../../shared/auth';
import { formatDateTime } from '../../shared/format';
import { hasAnyRole } from '../../shared/roles';
import { TID } from '../../shared/testids';
import { useWish, useWishCommand, wishApi, type Wish } from '../../shared/wishes/api';
import { PhotoField, photoIds } from '../appeals/parts';
import { FormError, FormSheet, TextAreaItem } from '../form-parts';
import { Loaded, Photos, SubPage, wishDay, WishStatusTag } from './parts';

type Fact = [label: string, value: string | null | undefined];

function Facts({ rows }: { rows: Fact[] }) {
  const shown = rows.filter(([, v]) => v);
  if (!shown.length) return null;
  return (
    <dl className="store-facts" style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '6px 12px', margin: 0, fontSize: 14 }}>
      {shown.map(([l, v]) => (
        <div key={l} style={{ display: 'contents' }}>
          <dt style={{ color: '#8c8c8c' }}>{l}</dt>
          <dd style={{ margin: 0, wordBreak: 'break-word', whiteSpace: 'pre-wrap' }}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function FulfilSheet({ wish, open, onClose }: { wish: Wish; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note?: string; photos?: ImageUploadItem[] }>();
  const [error, setError] = useState<string | null>(null);
  const m = useWishCommand((v: { note: string; photos: string[] }) => wishApi.fulfil(wish.id, v.note, v.photos));
  const submit = (v: { note?: string; photos?: ImageUploadItem[] }) => {
    setError(null);
    m.mutate(
      { note: v.note?.trim() ?? '', photos: photoIds(v.photos) },
      {
        onSuccess: () => {
          Toast.show({ icon: 'success', content: t('wishes.action.done') });
          onClose();
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );
  };
  return (
    <FormSheet
      open={open}
      onClose={onClose}
      title={t('wishes.action.fulfil')}
      footer={
        <Button block color="primary" size="large" loading={m.isPending} onClick={() => form.submit()} data-testid={TID.wishes.fulfilSubmit}>
          {t('wishes.action.fulfil')}
        </Button>
      }
    >
      <FormError error={error} />
      <Form form={form} layout="vertical" initialValues={{ photos: [] }} onFinish={submit}>
        <TextAreaItem
          name="note"
          label={t('wishes.action.fulfilNote')}
          required={t('wishes.form.required', { field: t('wishes.action.fulfilNote') })}
          max={2000}
          rows={3}
          placeholder={t('wishes.action.fulfilNotePlaceholder')}
          testId={TID.wishes.fulfilNote}
        />
        <Form.Item
          name="photos"
          label={t('wishes.action.fulfilPhotos')}
          rules={[
            {
              validator: async (_, v: ImageUploadItem[] | undefined) => {
                if (photoIds(v).length === 0) throw new Error(t('wishes.action.fulfilPhotosRequired'));
              },
            },
          ]}
        >
          <PhotoField testId={TID.wishes.fulfilPhotos} />
        </Form.Item>
      </Form>
    </FormSheet>
  );
}

/** The commands of my part in the wish (the server lists them in `commands`). */
function Actions({ wish }: { wish: Wish }) {
  const { t } = useTranslation();
  const me = useMe();
  const [fulfilling, setFulfilling] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const m = useWishCommand((c: { run: () => Promise<{ wish: Wish }> }) => c.run());
  const cmds = new Set(wish.commands ?? []);

  const ask = (content: string, run: () => Promise<{ wish: Wish }>) => {
    setError(null);
    void Dialog.confirm({
      content,
      confirmText: t('wishes.action.ok'),
      cancelText: t('wishes.action.back'),
      onConfirm: async () => {
        try {
          await m.mutateAsync({ run });
          Toast.show({ icon: 'success', content: t('wishes.action.done') });
        } catch (e) {
          setError(errorMessage(e));
        }
      },
    });
  };

  const asMember = hasAnyRole(me.data, ['member']);
  const asUnit = hasAnyRole(me.data, ['unit_admin']);
  const buttons = [];
  if (cmds.has('claim')) {
    if (asMember || !asUnit) {
      buttons.push(
        <Button key="claim" block color="primary" size="large" loading={m.isPending} onClick={() => ask(t('wishes.action.claimConfirm'), () => wishApi.claim(wish.id, asMember ? 'member' : undefined))} data-testid={TID.wishes.claim}>
          {t('wishes.action.claim')}
        </Button>,
      );
    }
    if (asUnit) {
      buttons.push(
        <Button key="claimUnit" block color="primary" fill={asMember ? 'outline' : 'solid'} size="large" loading={m.isPending} onClick={() => ask(t('wishes.action.claimConfirm'), () => wishApi.claim(wish.id, 'unit'))} data-testid={TID.wishes.claimUnit}>
          {t('wishes.action.claimAsUnit')}
        </Button>,
      );
    }
  }
  if (cmds.has('fulfil')) {
    buttons.push(
      <Button key="fulfil" block color="primary" size="large" onClick={() => setFulfilling(true)} data-testid={TID.wishes.fulfilOpen}>
        {t('wishes.action.fulfil')}
      </Button>,
    );
  }
  if (cmds.has('confirm')) {
    buttons.push(
      <Button key="confirm" block color="success" size="large" loading={m.isPending} onClick={() => ask(t('wishes.action.confirmConfirm'), () => wishApi.confirm(wish.id))} data-testid={TID.wishes.confirm}>
        {t('wishes.action.confirm')}
      </Button>,
    );
  }
  if (cmds.has('unclaim') && wish.view === 'claimer') {
    buttons.push(
      <Button key="unclaim" block loading={m.isPending} onClick={() => ask(t('wishes.action.unclaimConfirm'), () => wishApi.unclaim(wish.id))} data-testid={TID.wishes.unclaim}>
        {t('wishes.action.unclaim')}
      </Button>,
    );
  }
  if (cmds.has('cancel') && wish.view === 'full' && !hasAnyRole(me.data, ['admin', 'street_admin', 'community_admin'])) {
    buttons.push(
      <Button key="cancel" block color="danger" fill="outline" loading={m.isPending} onClick={() => ask(t('wishes.action.cancelConfirm'), () => wishApi.cancel(wish.id))} data-testid={TID.wishes.cancel}>
        {t('wishes.action.cancel')}
      </Button>,
    );
  }
  if (!buttons.length && !error) return null;
  return (
    <div className="h5-padded wish-actions">
      <FormError error={error} testId={TID.wishes.actionError} />
      {buttons}
      {cmds.has('fulfil') ? <FulfilSheet wish={wish} open={fulfilling} onClose={() => setFulfilling(false)} /> : null}
    </div>
  );
}

function WishBody({ w }: { w: Wish }) {
  const { t } = useTranslation();
  const flags = [w.minor ? t('wishes.detail.minor') : null, w.hardship ? t('wishes.detail.hardship') : null].filter(Boolean).join('、');
  return (
    <>
      <div className="h5-card" data-testid={TID.wishes.detail} data-wish-id={w.id} data-status={w.status} data-view={w.view ?? 'public'}>
        <div className="h5-case-top">
          <span className="h5-detail-title">{w.title ?? '—'}</span>
          <WishStatusTag status={w.status} />
        </div>
        <div className="h5-case-meta">
          <span>{t(`wishes.category.${w.category}`)}</span>
          <span className="wish-value">{t('wishes.value', { amount: w.estimatedValueYuan })}</span>
          <span>{t('wishes.deadline', { date: wishDay(w.deadline) })}</span>
          {w.community?.name ? <span>{w.community.name}</span> : null}
        </div>
        {w.protected && w.view !== 'full' ? <div className="wish-protected">{t('wishes.protected')}</div> : null}
        {w.story ? <div className="wish-story">{w.story}</div> : null}
        <Photos ids={w.photos ?? []} />
        {w.rejectReason ? <div className="h5-error">{t('wishes.detail.rejectReason', { reason: w.rejectReason })}</div> : null}
        {w.cancelReason ? <div className="h5-note">{t('wishes.detail.cancelReason', { reason: w.cancelReason })}</div> : null}
      </div>
      {w.view === 'full' && (flags || w.publicTitle || w.publicStory || w.beneficiary) ? (
        <div className="h5-card">
          <Facts
            rows={[
              [t('wishes.detail.flags'), flags],
              [t('wishes.detail.beneficiary'), w.beneficiary ? [w.beneficiary.name, w.beneficiary.phone, w.beneficiary.address].filter(Boolean).join(' · ') : null],
              [t('wishes.detail.publicText'), w.publicTitle ? `${w.publicTitle}${w.publicStory ? `\n${w.publicStory}` : ''}` : null],
              [t('wishes.detail.handover'), w.handoverNote],
            ]}
          />
        </div>
      ) : null}
      {w.view === 'claimer' && (w.handoverNote || w.delivery) ? (
        <div className="h5-card">
          <Facts
            rows={[
              [t('wishes.detail.delivery'), w.delivery ? [w.delivery.name, w.delivery.phone, w.delivery.address].filter(Boolean).join(' · ') : null],
              [t('wishes.detail.handover'), w.handoverNote],
            ]}
          />
        </div>
      ) : null}
      {w.claimer || w.proof ? (
        <div className="h5-card">
          <Facts
            rows={[
              [
                t('wishes.detail.claimer'),
                w.claimer
                  ? `${t(`wishes.detail.claimerKind.${w.claimer.kind}`)}${w.claimer.name ? ` · ${w.claimer.name}` : ''}${w.claimer.claimedAt ? ` · ${formatDateTime(w.claimer.claimedAt)}` : ''}`
                  : null,
              ],
              [t('wishes.detail.proof'), w.proof ? `${w.proof.note ?? ''}${w.proof.fulfilledAt ? ` (${formatDateTime(w.proof.fulfilledAt)})` : ''}` : null],
            ]}
          />
          {w.proof ? <Photos ids={w.proof.photos} /> : null}
          {w.pointsAwarded ? <div className="h5-note">{t('wishes.detail.points', { count: w.pointsAwarded })}</div> : null}
        </div>
      ) : null}
    </>
  );
}

/** A wish as the server shows it to me, and the commands of my part in it. */
export function WishView() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useWish(id);
  return (
    <SubPage title={t('wishes.detail.title')}>
      <Loaded q={q}>
        {(w) => (
          <>
            <WishBody w={w} />
            <Actions wish={w} />
          </>
        )}
      </Loaded>
    </SubPage>
  );
}
