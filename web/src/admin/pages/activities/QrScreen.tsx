import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Segmented, Statistic, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { activitiesApi, activityKeys, scanUrl, useActivity, useAttendance, type ScanPurpose } from '../../../shared/activities/api';
import { TID } from '../../../shared/testids';
import { ErrorState, Loading } from '../../components/States';
import { ActivityStatusTag, timeRange } from './common';

/** The QR image of a URL (a data: URL), made in the browser. */
function useQrImage(text: string | null): string | null {
  const [img, setImg] = useState<{ text: string; url: string } | null>(null);
  useEffect(() => {
    if (!text) return;
    let live = true;
    void QRCode.toDataURL(text, { width: 640, margin: 1, errorCorrectionLevel: 'M' }).then((url) => {
      if (live) setImg({ text, url });
    });
    return () => {
      live = false;
    };
  }, [text]);
  return img && img.text === text ? img.url : null;
}

/** Seconds until `at` (ms), ticking every second. */
function useSecondsUntil(at: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const h = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(h);
  }, []);
  return at === null ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * `/activities/:id/qr`: the organiser's screen at the venue. A big QR code of `<origin>/h5/activities/scan?t=<token>`,
 * fetched again when its 30-second window runs out (`refreshInMs`), a check-in / check-out switch, and the counts.
 */
export default function QrScreen() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [purpose, setPurpose] = useState<ScanPurpose>('in');
  const detail = useActivity(id);
  const attendance = useAttendance(id, 5_000);
  const qr = useQuery({
    queryKey: activityKeys.qr(id, purpose),
    queryFn: () => activitiesApi.qr(id, purpose),
    enabled: !!id,
    // A token is accepted in its window and the next, so fetching right as the window turns is safe.
    refetchInterval: (query) => (query.state.data ? Math.max(300, query.state.data.refreshInMs - 300) : false),
    refetchIntervalInBackground: true,
    gcTime: 0,
    retry: 1,
  });
  const url = qr.data ? scanUrl(qr.data.token) : null;
  const image = useQrImage(url);
  const seconds = useSecondsUntil(qr.data ? qr.dataUpdatedAt + qr.data.refreshInMs : null);
  const items = attendance.data?.items ?? [];
  const signedUp = items.filter((s) => s.status === 'signed_up').length;
  const checkedIn = items.filter((s) => s.checkedInAt).length;
  const checkedOut = items.filter((s) => s.checkedOutAt).length;
  // The attendance is fetched every few seconds and carries the activity, so its status follows the first check-in.
  const a = attendance.data?.activity ?? detail.data?.activity;

  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;

  return (
    <div data-testid={TID.activitiesAdmin.qrScreen} data-activity-id={id}>
      <Flex align="center" gap={12} style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/activities')} aria-label={t('activities.admin.listTitle')} />
        <Typography.Title level={3} style={{ margin: 0 }}>
          {a?.title}
        </Typography.Title>
        {a ? <ActivityStatusTag status={a.status} /> : null}
      </Flex>
      <Flex gap={24} wrap align="stretch">
        <Card style={{ flex: '1 1 560px', textAlign: 'center' }}>
          <Segmented
            size="large"
            value={purpose}
            onChange={(v) => setPurpose(v === 'out' ? 'out' : 'in')}
            options={[
              { value: 'in', label: t('activities.admin.qrScreen.in') },
              { value: 'out', label: t('activities.admin.qrScreen.out') },
            ]}
            data-testid={TID.activitiesAdmin.qrPurpose}
          />
          <Typography.Title level={2} style={{ margin: '16px 0 4px' }}>
            {purpose === 'in' ? t('activities.admin.qrScreen.in') : t('activities.admin.qrScreen.out')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 16 }}>
            {purpose === 'in' ? t('activities.admin.qrScreen.hintIn') : t('activities.admin.qrScreen.hintOut')}
          </Typography.Paragraph>
          {qr.isError ? (
            <ErrorState error={qr.error} onRetry={() => void qr.refetch()} compact />
          ) : (
            <div
              data-testid={TID.activitiesAdmin.qrToken}
              data-url={url ?? ''}
              data-token={qr.data?.token ?? ''}
              data-purpose={qr.data?.purpose ?? purpose}
              data-window={qr.data?.window ?? ''}
              style={{ minHeight: 480, display: 'flex', alignItems: 'center', justifyContent: 'center' }}
            >
              {image ? <img src={image} alt={url ?? ''} style={{ width: 'min(60vh, 480px)', height: 'min(60vh, 480px)', imageRendering: 'pixelated' }} /> : <Loading />}
            </div>
          )}
          {seconds !== null ? <Typography.Text type="secondary">{t('activities.admin.qrScreen.refreshIn', { s: seconds })}</Typography.Text> : null}
          {qr.data ? (
            <div style={{ marginTop: 12 }}>
              <Typography.Text type="secondary">{t('activities.admin.qrScreen.paste')} </Typography.Text>
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {qr.data.token}
              </Typography.Text>
            </div>
          ) : null}
        </Card>
        <Card style={{ flex: '0 1 300px' }}>
          {a ? (
            <Typography.Paragraph>
              {timeRange(a)}
              <br />
              {a.venue}
            </Typography.Paragraph>
          ) : null}
          <Flex vertical gap={24}>
            <Statistic title={t('activities.admin.qrScreen.checkedIn')} value={checkedIn} suffix={`/ ${signedUp}`} styles={{ content: { fontSize: 48, color: '#C8161D' } }} data-testid={TID.activitiesAdmin.qrCount} data-checked-in={checkedIn} />
            <Statistic title={t('activities.admin.qrScreen.checkedOut')} value={checkedOut} suffix={`/ ${signedUp}`} />
            <Statistic title={t('activities.admin.qrScreen.signedUp')} value={signedUp} suffix={`/ ${a?.capacity ?? ''}`} />
          </Flex>
        </Card>
      </Flex>
    </div>
  );
}
