import { AimOutlined, EnvironmentOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Popup, Result, Switch, type ImageUploadItem } from 'antd-mobile';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import { appealKeys, createAppeal, currentPosition, errorField, newIdempotencyKey, type IntakeResult } from '../../shared/appeals';
import { useMe } from '../../shared/auth';
import { formatLngLat } from '../../shared/format';
import { useClientConfig } from '../../shared/config';
import { useRegionMap } from '../../shared/regions';
import type { LngLat } from '../../shared/types';
import { FormError, SubmitButton, TextAreaItem } from '../form-parts';
import { CategoryField, PhotoField, photoIds, SubPage, useLocated } from './parts';

const CaseMap = lazy(() => import('../../map/CaseMap'));

interface Values {
  categoryId?: string;
  description?: string;
  title?: string;
  address?: string;
  anonymous?: boolean;
  photos?: ImageUploadItem[];
}

type GeoState = 'idle' | 'locating' | 'ok' | 'denied' | 'failed';

/** A short title from the description when none is typed: its first clauses, at most 20 characters. */
function autoTitle(description: string): string {
  const text = description.trim();
  let title = '';
  for (const clause of text.split(/[，,。！？!?；;：:\n]/)) {
    const next = title ? `${title}，${clause.trim()}` : clause.trim();
    if (next.length > 20) break;
    title = next;
    if (title.length >= 8) break;
  }
  return title || text.slice(0, 20);
}

function LocationBlock({
  point,
  geo,
  onLocate,
  onPickMap,
}: {
  point: LngLat | null;
  geo: GeoState;
  onLocate: () => void;
  onPickMap: () => void;
}) {
  const { t } = useTranslation();
  const located = useLocated(point);
  return (
    <div className="h5-location" data-testid="h5-report-location">
      <div className="h5-location-line">
        <EnvironmentOutlined />
        {point ? (
          <span className="h5-location-text">
            <span className="h5-mono">{formatLngLat(point)}</span>
            {located.data ? (
              <span className={located.data.status === 'inside' ? 'h5-located' : 'h5-note'} data-testid="h5-report-grid">
                {located.data.status === 'inside' ? t('appeals.h5.locatedIn', { grid: located.data.grid.name }) : t('appeals.h5.notInGrid')}
              </span>
            ) : null}
          </span>
        ) : geo === 'locating' ? (
          <span className="h5-note">{t('appeals.h5.gpsLocating')}</span>
        ) : geo === 'denied' ? (
          <span className="h5-note">{t('appeals.h5.gpsDenied')}</span>
        ) : geo === 'failed' ? (
          <span className="h5-note">{t('appeals.h5.gpsFailed')}</span>
        ) : (
          <span className="h5-note">{t('appeals.h5.noLocation')}</span>
        )}
      </div>
      <div className="h5-location-actions">
        <Button size="small" onClick={onLocate} loading={geo === 'locating'} data-testid="h5-report-gps">
          <AimOutlined /> {t('appeals.h5.useGps')}
        </Button>
        <Button size="small" onClick={onPickMap} data-testid="h5-report-map">
          <EnvironmentOutlined /> {t('appeals.h5.pickOnMap')}
        </Button>
      </div>
    </div>
  );
}

function MapPopup({ open, initial, onClose, onDone }: { open: boolean; initial: LngLat | null; onClose: () => void; onDone: (p: LngLat) => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // Staff on the H5 (grid workers) see their area's outline; residents may not read the region tree.
  const area = useRegionMap(me?.grants.find((g) => g.role === 'grid_worker' || g.role === 'building_leader')?.regionId);
  const [picked, setPicked] = useState<LngLat | null>(initial);
  const located = useLocated(picked);
  const config = useClientConfig();
  const blank = !config.data?.mapTileUrl && !area.data;
  return (
    <Popup visible={open} onMaskClick={onClose} position="bottom" bodyStyle={{ height: '82vh', display: 'flex', flexDirection: 'column' }} destroyOnClose>
      <div className="h5-popup-head">{t('appeals.h5.pickOnMap')}</div>
      {blank ? <p className="h5-note h5-popup-note">{t('appeals.h5.noBasemap')}</p> : null}
      <div style={{ flex: 1, minHeight: 0, padding: '0 12px' }}>
        <Suspense fallback={null}>
          <CaseMap
            context={area.data}
            marker={picked}
            onPick={setPicked}
            fit={area.data ? 'context' : 'marker'}
            fitKey={area.data ? 'area' : 'none'}
            height="100%"
            testId="h5-pick-map"
          />
        </Suspense>
      </div>
      <div className="h5-popup-foot">
        <div className="h5-note" style={{ minHeight: 18 }}>
          {picked
            ? located.data?.status === 'inside'
              ? t('appeals.h5.locatedIn', { grid: located.data.grid.name })
              : located.data
                ? t('appeals.h5.notInGrid')
                : formatLngLat(picked)
            : t('appeals.map.pickHint')}
        </div>
        <Button block color="primary" disabled={!picked} onClick={() => {
            if (picked) onDone(picked);
          }} data-testid="h5-pick-done">
          {t('appeals.h5.pickDone')}
        </Button>
      </div>
    </Popup>
  );
}

/** 我要反映 (residents) and 巡查上报 (grid workers): the same form; the server derives the channel from the role. */
export function Report({ patrol = false }: { patrol?: boolean }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [point, setPoint] = useState<LngLat | null>(null);
  const [geo, setGeo] = useState<GeoState>('idle');
  const [mapOpen, setMapOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<IntakeResult | null>(null);
  const keyRef = useRef(newIdempotencyKey());

  const locateMe = async () => {
    setGeo('locating');
    const r = await currentPosition();
    if (r.ok) {
      setPoint([Number(r.point[0].toFixed(7)), Number(r.point[1].toFixed(7))]);
      setGeo('ok');
    } else {
      setGeo(r.reason === 'denied' ? 'denied' : 'failed');
    }
  };

  // Ask for the position once when the page opens; a refusal just leaves the other ways open.
  useEffect(() => {
    void locateMe();
  }, []);

  const m = useMutation({
    mutationFn: (v: Values) => {
      const description = v.description?.trim() ?? '';
      return createAppeal(
        {
          categoryId: v.categoryId ?? '',
          title: v.title?.trim() || autoTitle(description),
          description,
          address: v.address?.trim() || null,
          point: point ? { lng: point[0], lat: point[1], crs: 'wgs84' } : null,
          anonymous: !!v.anonymous,
          ...(photoIds(v.photos).length ? { attachments: photoIds(v.photos) } : {}),
        },
        keyRef.current,
      );
    },
    onSuccess: (res) => {
      setResult(res);
      void qc.invalidateQueries({ queryKey: appealKeys.all });
    },
    onError: (e) => {
      const f = errorField(e);
      const name = f === 'attachments' ? 'photos' : f;
      if (name && ['categoryId', 'description', 'title', 'address', 'photos'].includes(name)) {
        form.setFields([{ name, errors: [errorMessage(e)] }]);
        setError(null);
      } else {
        setError(errorMessage(e));
      }
    },
  });

  const title = patrol ? t('appeals.h5.patrol') : t('appeals.h5.report');

  if (result) {
    return (
      <SubPage title={title} testId="h5-report-done">
        <Result
          status="success"
          title={t('appeals.h5.submitted', { number: result.appeal.number })}
          description={t(`appeals.status.${result.appeal.status}`)}
        />
        <div className="h5-padded" style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
          <Button block color="primary" onClick={() => navigate(`/appeals/${result.appeal.id}`, { replace: true })} data-testid="h5-report-view">
            {t('appeals.intake.viewCase')}
          </Button>
          <Button block onClick={() => navigate('/', { replace: true })}>
            {t('common.backHome')}
          </Button>
        </div>
        <span hidden data-testid="h5-report-number">
          {result.appeal.number}
        </span>
      </SubPage>
    );
  }

  return (
    <SubPage title={title} testId="h5-report">
      <FormError error={error} padded />
      <Form
        form={form}
        layout="vertical"
        mode="card"
        initialValues={{ anonymous: false, photos: [] }}
        onFinish={(v: Values) => {
          setError(null);
          m.mutate(v);
        }}
        footer={
          <SubmitButton loading={m.isPending} testId="h5-report-submit">
            {t('appeals.h5.submit')}
          </SubmitButton>
        }
      >
        <Form.Item
          name="categoryId"
          label={t('appeals.h5.category')}
          rules={[{ required: true, message: t('appeals.h5.categoryPick') }]}
        >
          <CategoryField testId="h5-report-category" />
        </Form.Item>
        <TextAreaItem
          name="description"
          label={t('appeals.h5.description')}
          required={t('appeals.form.required', { field: t('appeals.h5.description') })}
          max={4000}
          rows={4}
          placeholder={t('appeals.h5.descriptionPlaceholder')}
          testId="h5-report-description"
        />
        <Form.Item name="title" label={t('appeals.h5.title')} rules={[{ max: 100, message: t('validation.max', { max: 100 }) }]}>
          <Input placeholder={t('appeals.h5.titleAuto')} maxLength={100} clearable />
        </Form.Item>
        <Form.Item name="photos" label={t('appeals.h5.photos')}>
          <PhotoField testId="h5-report-photos" />
        </Form.Item>
        <Form.Item label={t('appeals.h5.location')}>
          <LocationBlock point={point} geo={geo} onLocate={() => void locateMe()} onPickMap={() => setMapOpen(true)} />
        </Form.Item>
        <Form.Item name="address" rules={[{ max: 200, message: t('validation.max', { max: 200 }) }]}>
          <Input placeholder={t('appeals.h5.addressPlaceholder')} maxLength={200} clearable />
        </Form.Item>
        {patrol ? null : (
          <Form.Item name="anonymous" label={t('appeals.h5.anonymous')} description={t('appeals.h5.anonymousHint')} layout="horizontal" childElementPosition="right" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
      <MapPopup
        open={mapOpen}
        initial={point}
        onClose={() => setMapOpen(false)}
        onDone={(p) => {
          setPoint(p);
          setMapOpen(false);
        }}
      />
    </SubPage>
  );
}
