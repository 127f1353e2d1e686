import { AimOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ErrorBlock, Form, List, SpinLoading, Stepper, Steps, Switch, Toast, type ImageUploadItem } from 'antd-mobile';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api';
import {
  actorLabel,
  appealKeys,
  categoryLabel,
  commandLabel,
  currentPosition,
  errorField,
  giveCommand,
  setAnonymity,
  useAppeal,
  useCategories,
  type AppealDetail,
  type AppealStatus,
  type CommandBody,
  type CommandType,
} from '../../shared/appeals';
import { useMe } from '../../shared/auth';
import { formatDateTime, formatLngLat } from '../../shared/format';
import { useRegionMap } from '../../shared/regions';
import { hasAnyRole } from '../../shared/roles';
import type { LngLat } from '../../shared/types';
import { FormError, FormSheet, SubmitButton, TextAreaItem } from '../form-parts';
import { DeadlineLine, H5StatusTag, PhotoField, photoIds, Photos, SubPage, useLocated } from './parts';
import { RatingCard } from './RatingCard';

const CaseMap = lazy(() => import('../../map/CaseMap'));

/** Commands a grid worker (or a department's handler) gives on the phone, in the order they come. */
const H5_COMMANDS: readonly CommandType[] = ['accept', 'checkIn', 'start', 'reply', 'assistReply', 'resume', 'suspend', 'requestExtension', 'requestReturn'];
const MAIN_COMMANDS: readonly CommandType[] = ['accept', 'checkIn', 'start', 'reply', 'assistReply', 'resume'];

type StepKey = 'received' | 'dispatched' | 'working' | 'replied' | 'visited' | 'closed';
const STEPS: readonly StepKey[] = ['received', 'dispatched', 'working', 'replied', 'visited', 'closed'];

function stepOf(s: AppealStatus): number {
  switch (s) {
    case 'received':
    case 'pending_dispatch':
      return 0;
    case 'dispatched':
      return 1;
    case 'accepted':
    case 'on_site':
    case 'in_progress':
    case 'suspended':
      return 2;
    case 'replied':
    case 'reviewed':
      return 3;
    case 'visited':
      return 4;
    default:
      return 5;
  }
}

/** When each step was first reached, from the history. */
function stepTimes(a: AppealDetail): Partial<Record<StepKey, string>> {
  const out: Partial<Record<StepKey, string>> = { received: a.receivedAt };
  for (const tr of a.transitions) {
    const k = STEPS[stepOf(tr.to)];
    if (k && tr.to !== 'pending_dispatch' && !out[k]) out[k] = tr.at;
  }
  return out;
}

function Progress({ a }: { a: AppealDetail }) {
  const { t } = useTranslation();
  const times = stepTimes(a);
  if (a.status === 'answered' || a.status === 'not_accepted' || a.status === 'merged') {
    return (
      <Steps direction="vertical" current={1}>
        <Steps.Step title={t('appeals.h5.steps.received')} description={formatDateTime(a.receivedAt)} status="finish" />
        <Steps.Step title={t(`appeals.status.${a.status}`)} status={a.status === 'answered' ? 'finish' : 'error'} />
      </Steps>
    );
  }
  const current = stepOf(a.status);
  return (
    <Steps direction="vertical" current={current} data-testid="h5-progress">
      {STEPS.map((k, i) => (
        <Steps.Step
          key={k}
          title={t(`appeals.h5.steps.${k}`)}
          description={i <= current && times[k] ? formatDateTime(times[k]) : undefined}
          status={i < current || (i === current && a.status === 'closed') ? 'finish' : i === current ? 'process' : 'wait'}
        />
      ))}
    </Steps>
  );
}

/** The handler's answer and the return visit, as the resident sees them. */
function Outcome({ a }: { a: AppealDetail }) {
  const { t } = useTranslation();
  const reply = [...a.transitions].reverse().find((x) => (x.command === 'reply' || x.command === 'answer') && x.note);
  if (!reply && !a.satisfaction) return null;
  return (
    <List header={t('appeals.h5.result')} className="h5-list" data-testid="h5-outcome">
      {reply ? (
        <List.Item description={formatDateTime(reply.at)}>
          <div className="h5-prewrap">{reply.note}</div>
          <Photos ids={reply.attachments} />
        </List.Item>
      ) : null}
      {a.satisfaction ? <List.Item>{t('appeals.h5.visitResult', { result: t(`appeals.satisfaction.${a.satisfaction}`) })}</List.Item> : null}
    </List>
  );
}

function History({ a }: { a: AppealDetail }) {
  const { t } = useTranslation();
  return (
    <List header={t('appeals.detail.timeline')} className="h5-list">
      {[...a.transitions].reverse().map((tr) => (
        <List.Item key={tr.seq} description={`${formatDateTime(tr.at)} · ${actorLabel(t, tr.actorRole)}`}>
          <div>{commandLabel(t, tr.command)}</div>
          {tr.note ? <div className="h5-note h5-prewrap">{tr.note}</div> : null}
          <Photos ids={tr.attachments} />
        </List.Item>
      ))}
    </List>
  );
}

function CheckInPopup({ a, open, onClose }: { a: AppealDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [point, setPoint] = useState<LngLat | null>(null);
  const [locating, setLocating] = useState(false);
  const [photos, setPhotos] = useState<ImageUploadItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const located = useLocated(point);
  const getPosition = async () => {
    setLocating(true);
    setError(null);
    const r = await currentPosition();
    setLocating(false);
    if (r.ok) setPoint([Number(r.point[0].toFixed(7)), Number(r.point[1].toFixed(7))]);
    else setError(t(r.reason === 'denied' ? 'appeals.h5.gpsDenied' : 'appeals.h5.gpsFailed'));
  };
  useEffect(() => {
    // Once per opening: the position is asked for when the sheet opens.
    if (open) void getPosition();
  }, [open]);
  const m = useMutation({
    mutationFn: () => giveCommand(a.id, { type: 'checkIn', lng: point?.[0] ?? NaN, lat: point?.[1] ?? NaN, photo: photoIds(photos)[0] ?? '' }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('appeals.h5.done') });
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      setPhotos([]);
      onClose();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = () => {
    if (!point) return setError(t('appeals.h5.locationRequired'));
    if (!photoIds(photos).length) return setError(t('appeals.h5.photoRequired'));
    m.mutate();
  };
  return (
    <FormSheet
      open={open}
      onClose={onClose}
      title={t('appeals.h5.checkInTitle')}
      bodyTestId="h5-checkin"
      footer={
        <Button block color="primary" size="large" loading={m.isPending} onClick={submit} data-testid="h5-checkin-submit">
          {t('appeals.h5.checkIn')}
        </Button>
      }
    >
      <p className="h5-note">{t('appeals.h5.checkInHint')}</p>
      <FormError error={error} testId="h5-checkin-error" />
      <div className="h5-location-line">
        <AimOutlined />
        {point ? (
          <span className="h5-location-text">
            <span className="h5-mono">{formatLngLat(point)}</span>
            {located.data ? (
              <span className={located.data.status === 'inside' ? 'h5-located' : 'h5-note'} data-testid="h5-checkin-grid">
                {located.data.status === 'inside' ? t('appeals.h5.locatedIn', { grid: located.data.grid.name }) : t('appeals.h5.notInGrid')}
              </span>
            ) : null}
          </span>
        ) : (
          <span className="h5-note">{locating ? t('appeals.h5.gpsLocating') : t('appeals.h5.noLocation')}</span>
        )}
        <Button size="mini" onClick={() => void getPosition()} loading={locating} data-testid="h5-checkin-locate">
          {t('appeals.h5.useGps')}
        </Button>
      </div>
      <div style={{ margin: '12px 0 4px' }}>{t('appeals.h5.takePhoto')}</div>
      <PhotoField value={photos} onChange={setPhotos} max={1} capture="environment" testId="h5-checkin-photo" />
    </FormSheet>
  );
}

interface TextValues {
  text?: string;
  days?: number;
  photos?: ImageUploadItem[];
}

/** Reply, assisting reply, suspend, return and extension requests: a text (and photos or days). */
function TextCommandPopup({ a, command, onClose }: { a: AppealDetail; command: CommandType | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<TextValues>();
  const [error, setError] = useState<string | null>(null);
  const isReply = command === 'reply' || command === 'assistReply';
  useEffect(() => {
    if (command) form.resetFields();
  }, [command, form]);
  const m = useMutation({
    mutationFn: (v: TextValues) => {
      const text = v.text?.trim() ?? '';
      let body: CommandBody;
      if (command === 'reply') body = { type: 'reply', reply: text, ...(photoIds(v.photos).length ? { attachments: photoIds(v.photos) } : {}) };
      else if (command === 'assistReply') body = { type: 'assistReply', reply: text };
      else if (command === 'requestExtension') body = { type: 'requestExtension', days: v.days ?? 1, reason: text };
      else body = { type: command ?? 'suspend', reason: text };
      return giveCommand(a.id, body);
    },
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('appeals.h5.done') });
      void qc.invalidateQueries({ queryKey: appealKeys.all });
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      const f = errorField(e);
      if (f === 'reply' || f === 'reason') {
        form.setFields([{ name: 'text', errors: [errorMessage(e)] }]);
        setError(null);
      } else if (f === 'days') {
        form.setFields([{ name: 'days', errors: [errorMessage(e)] }]);
      } else {
        setError(errorMessage(e));
      }
    },
  });
  const label = isReply ? t('appeals.form.reply') : t('appeals.form.reason');
  return (
    <FormSheet open={!!command} onClose={onClose} title={command ? t(`appeals.command.${command}`) : ''}>
      <FormError error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ days: 3, photos: [] }}
        onFinish={(v: TextValues) => {
          setError(null);
          m.mutate(v);
        }}
        footer={
          <SubmitButton loading={m.isPending} testId="h5-text-submit">
            {t('appeals.form.submit')}
          </SubmitButton>
        }
      >
        {command === 'requestExtension' ? (
          <Form.Item name="days" label={t('appeals.form.days')} childElementPosition="right">
            <Stepper min={1} max={30} digits={0} />
          </Form.Item>
        ) : null}
        <TextAreaItem
          name="text"
          label={label}
          required={t('appeals.form.required', { field: label })}
          max={isReply ? 2000 : 500}
          rows={4}
          placeholder={isReply ? t('appeals.form.replyPlaceholder') : t('appeals.form.reasonPlaceholder')}
          testId="h5-text"
        />
        {command === 'reply' ? (
          <Form.Item name="photos" label={t('appeals.form.photos')}>
            <PhotoField testId="h5-text-photos" />
          </Form.Item>
        ) : null}
      </Form>
    </FormSheet>
  );
}

function Actions({ a }: { a: AppealDetail }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [checkIn, setCheckIn] = useState(false);
  const [textCmd, setTextCmd] = useState<CommandType | null>(null);
  const commands = H5_COMMANDS.filter((c) => a.allowedCommands.includes(c));
  const simple = useMutation({
    mutationFn: (c: CommandType) => giveCommand(a.id, { type: c }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('appeals.h5.done') });
      void qc.invalidateQueries({ queryKey: appealKeys.all });
    },
    onError: (e) => Toast.show({ content: errorMessage(e) }),
  });
  if (commands.length === 0) return null;
  const run = async (c: CommandType) => {
    if (c === 'checkIn') return setCheckIn(true);
    if (c === 'accept' || c === 'start' || c === 'resume') {
      const label = t(`appeals.command.${c}`);
      const ok = await Dialog.confirm({ content: t('appeals.form.confirm', { action: label }), confirmText: label, cancelText: t('common.cancel') });
      if (ok) simple.mutate(c);
      return;
    }
    setTextCmd(c);
  };
  const main = commands.find((c) => MAIN_COMMANDS.includes(c));
  const others = commands.filter((c) => c !== main);
  return (
    <>
      <div className="h5-actions" data-testid="h5-actions">
        {others.map((c) => (
          <Button key={c} size="middle" onClick={() => void run(c)} data-testid={`h5-cmd-${c}`} className="h5-action-minor">
            {t(`appeals.command.${c}`)}
          </Button>
        ))}
        {main ? (
          <Button color="primary" size="middle" onClick={() => void run(main)} loading={simple.isPending} data-testid={`h5-cmd-${main}`} className="h5-action-main">
            {t(`appeals.command.${main}`)}
          </Button>
        ) : null}
      </div>
      <CheckInPopup a={a} open={checkIn} onClose={() => setCheckIn(false)} />
      <TextCommandPopup a={a} command={textCmd} onClose={() => setTextCmd(null)} />
    </>
  );
}

function MiniMap({ a }: { a: AppealDetail }) {
  const grid = useRegionMap(a.gridId);
  if (!a.point) return null;
  return (
    <div className="h5-minimap">
      <Suspense fallback={null}>
        <CaseMap focus={grid.data} marker={a.point} fit={grid.data ? 'focus' : 'marker'} fitKey={a.id} height={180} />
      </Suspense>
    </div>
  );
}

/** One case on the phone: what it is, where it stands, and what I can do (grid workers, handlers). */
export function CaseView() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { data: me } = useMe();
  const qc = useQueryClient();
  const q = useAppeal(id);
  const cats = useCategories();
  const isOwn = useMemo(() => !!q.data && !!me && q.data.transitions[0]?.actorId === me.id, [q.data, me]);
  const anon = useMutation({
    mutationFn: (v: boolean) => setAnonymity(id ?? '', v),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('appeals.h5.anonymitySaved') });
      void qc.invalidateQueries({ queryKey: appealKeys.all });
    },
    onError: (e) => Toast.show({ content: errorMessage(e) }),
  });

  if (q.isPending) {
    return (
      <SubPage title={t('appeals.h5.detail')}>
        <div className="h5-center" style={{ padding: 48 }}>
          <SpinLoading color="primary" />
        </div>
      </SubPage>
    );
  }
  if (q.isError) {
    return (
      <SubPage title={t('appeals.h5.detail')}>
        <ErrorBlock status="default" title={t('errors.loadFailed')} description={errorMessage(q.error)}>
          <Button color="primary" onClick={() => void q.refetch()}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      </SubPage>
    );
  }
  const a = q.data;
  const worker = a.myParts.length > 0;
  const reporterRole = hasAnyRole(me, ['resident', 'member', 'building_leader', 'grid_worker']);
  const hasActions = H5_COMMANDS.some((c) => a.allowedCommands.includes(c));

  return (
    <SubPage title={t('appeals.h5.detail')} testId="h5-detail" footer={hasActions ? <Actions a={a} /> : undefined}>
      <div data-testid="h5-detail-status" data-status={a.status} hidden />
      <section className="h5-card">
        <div className="h5-case-top">
          <span className="h5-detail-title">{a.title}</span>
          <H5StatusTag status={a.status} />
        </div>
        <div className="h5-case-meta">
          <span className="h5-mono">{a.number}</span>
          <span>{a.categoryPath?.length ? a.categoryPath.join(' / ') : categoryLabel(cats.data, a.categoryId)}</span>
        </div>
        {worker ? (
          <div className="h5-case-meta">
            <DeadlineLine appeal={a} />
          </div>
        ) : null}
        <p className="h5-prewrap h5-detail-desc">{a.description}</p>
        {a.address || a.point ? (
          <div className="h5-case-meta">
            {a.address ?? ''} {a.point ? <span className="h5-mono">{formatLngLat(a.point)}</span> : null}
          </div>
        ) : null}
        <Photos ids={a.transitions[0]?.attachments ?? []} />
        {worker ? <MiniMap a={a} /> : null}
      </section>

      {worker ? null : (
        <section className="h5-card">
          <div className="h5-card-title">{t('appeals.h5.progress')}</div>
          <Progress a={a} />
        </section>
      )}

      <Outcome a={a} />

      {worker ? null : <RatingCard a={a} />}

      {isOwn && reporterRole && !worker ? (
        <List className="h5-list">
          <List.Item
            extra={<Switch checked={a.anonymous} loading={anon.isPending} onChange={(v) => anon.mutate(v)} data-testid="h5-anonymous" />}
            description={t('appeals.h5.anonymousHint')}
          >
            {t('appeals.h5.anonymous')}
          </List.Item>
        </List>
      ) : null}

      {worker ? <History a={a} /> : null}
    </SubPage>
  );
}
