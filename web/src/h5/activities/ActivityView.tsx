import { ScanOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Dialog, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { useActivity, useCancelSignup, useSignUp, placesLeft, type ActivityDetail, type Signup } from '../../shared/activities/api';
import { formatDateTime } from '../../shared/format';
import { TID } from '../../shared/testids';
import { FormError } from '../form-parts';
import { ActivityStatusTag, Loaded, Places, SubPage, WhenWhere } from './parts';

function MySignup({ s }: { s: Signup }) {
  const { t } = useTranslation();
  const status =
    s.status === 'waiting'
      ? s.waitingPosition
        ? t('activities.mine.waiting', { position: s.waitingPosition })
        : t('activities.mine.waitingPlain')
      : t(`activities.mine.${s.status}`);
  const minutes = s.approvedMinutes ?? s.serviceMinutes;
  return (
    <div className="h5-card" data-testid={TID.activities.mySignup} data-status={s.status} data-review={s.review}>
      <div className="h5-card-title">{t('activities.mine.title')}</div>
      <div className="act-mine-status">
        {status}
        {s.status === 'waiting' && s.waitingPosition ? (
          <span hidden data-testid={TID.activities.waitingPosition}>
            {s.waitingPosition}
          </span>
        ) : null}
      </div>
      {s.status === 'signed_up' ? (
        <dl className="act-rows" data-testid={TID.activities.checkState} data-checked-in={s.checkedInAt ? 'true' : 'false'} data-checked-out={s.checkedOutAt ? 'true' : 'false'} data-minutes={s.serviceMinutes ?? ''}>
          <dt>{t('activities.mine.checkedIn')}</dt>
          <dd>{s.checkedInAt ? formatDateTime(s.checkedInAt) : t('activities.mine.notYet')}</dd>
          <dt>{t('activities.mine.checkedOut')}</dt>
          <dd>{s.checkedOutAt ? formatDateTime(s.checkedOutAt) : t('activities.mine.notYet')}</dd>
          {minutes != null ? (
            <>
              <dt>{t('activities.mine.minutes')}</dt>
              <dd>{t('activities.mine.minutesValue', { minutes })}</dd>
            </>
          ) : null}
          {s.checkedOutAt || s.review !== 'pending' ? (
            <>
              <dt>{t('activities.mine.review')}</dt>
              <dd>{t(`activities.mine.reviewState.${s.review}`)}</dd>
            </>
          ) : null}
          {s.points ? (
            <>
              <dt>{t('activities.mine.points')}</dt>
              <dd>+{s.points}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
    </div>
  );
}

function Body({ d }: { d: ActivityDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const a = d.activity;
  const s = d.mySignup ?? null;
  const signUp = useSignUp();
  const cancel = useCancelSignup();
  const [error, setError] = useState<string | null>(null);
  const open = a.status === 'published' || a.status === 'started';
  const holding = s && s.status !== 'cancelled';

  const onSignUp = () => {
    setError(null);
    signUp.mutate(a.id, {
      onSuccess: (res) => {
        Toast.show({
          icon: 'success',
          content: res.signup.status === 'waiting' ? t('activities.waitingToast', { position: res.signup.waitingPosition ?? '' }) : t('activities.signedUpToast'),
        });
      },
      onError: (e) => setError(errorMessage(e)),
    });
  };
  const onCancel = async () => {
    setError(null);
    const ok = await Dialog.confirm({ content: t('activities.cancelConfirm'), confirmText: t('activities.cancelSignup'), cancelText: t('common.cancel') });
    if (!ok) return;
    cancel.mutate(a.id, {
      onSuccess: () => Toast.show({ content: t('activities.cancelledToast') }),
      onError: (e) => setError(errorMessage(e)),
    });
  };

  return (
    <div data-testid={TID.activities.detail} data-activity-id={a.id} data-status={a.status}>
      <div className="h5-card">
        <div className="h5-case-top">
          <span className="h5-detail-title">{a.title}</span>
          <ActivityStatusTag status={a.status} />
        </div>
        <WhenWhere a={a} />
        <div className="act-line">
          <TeamOutlined />
          <span>
            {t(`activities.organiserKind.${a.organiserKind}`)} · {t('activities.audienceLabel')} {t(`activities.audience.${a.audience}`)}
          </span>
        </div>
        {open ? (
          <div className="h5-case-meta" style={{ marginTop: 8 }}>
            <Places a={a} />
          </div>
        ) : null}
        {a.geofenceM ? <div className="h5-note">{t('activities.geofence', { m: a.geofenceM })}</div> : null}
      </div>
      {a.description ? (
        <div className="h5-card">
          <div className="h5-card-title">{t('activities.description')}</div>
          <div className="h5-detail-desc h5-prewrap">{a.description}</div>
        </div>
      ) : null}
      {holding ? <MySignup s={s} /> : null}
      <FormError error={error} padded />
      <div className="h5-padded" style={{ display: 'grid', gap: 12 }}>
        {holding && s.status === 'signed_up' && open ? (
          <Button block color="primary" size="large" onClick={() => navigate('/activities/scan')} data-testid={TID.activities.scanOpen}>
            <ScanOutlined /> {t('activities.scanEntry')}
          </Button>
        ) : null}
        {!holding && open ? (
          <Button block color="primary" size="large" loading={signUp.isPending} onClick={onSignUp} data-testid={TID.activities.signUp}>
            {placesLeft(a) === 0 ? t('activities.joinWaiting') : t('activities.signUp')}
          </Button>
        ) : null}
        {holding && !s.checkedInAt && open ? (
          <Button block fill="outline" size="large" loading={cancel.isPending} onClick={() => void onCancel()} data-testid={TID.activities.cancel}>
            {t('activities.cancelSignup')}
          </Button>
        ) : null}
        {!open && !holding ? <div className="h5-note">{t('activities.notOpen')}</div> : null}
      </div>
    </div>
  );
}

/** One activity: details, my sign-up (waiting position, check-in/out, minutes), sign up or cancel. */
export function ActivityView() {
  const { t } = useTranslation();
  const { id } = useParams();
  const q = useActivity(id);
  return (
    <SubPage title={t('activities.title')}>
      <Loaded q={q}>{(d) => <Body d={d} />}</Loaded>
    </SubPage>
  );
}
