import { useQuery } from '@tanstack/react-query';
import { CascadePicker, Image, ImageUploader, ImageViewer, NavBar, Tag, Toast, type CascadePickerOption, type ImageUploadItem } from 'antd-mobile';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router-dom';
import { errorMessage, fileUrl } from '../../shared/api';
import {
  categoryLabel,
  categoryTree,
  DEADLINE_COLORS,
  statusLabel,
  uploadPhoto,
  useCategories,
  type Appeal,
  type AppealStatus,
  type CategoryNode,
} from '../../shared/appeals';
import { formatDateTime } from '../../shared/format';
import { locate } from '../../shared/regions';
import type { LngLat } from '../../shared/types';

/** A full-screen H5 page: a title bar with a back arrow (home when opened directly), then the body. */
export function SubPage({ title, children, footer, testId }: { title: ReactNode; children: ReactNode; footer?: ReactNode; testId?: string }) {
  const navigate = useNavigate();
  const location = useLocation();
  return (
    <div className="h5-app" data-testid={testId}>
      <NavBar className="h5-navbar" onBack={() => (location.key === 'default' ? navigate('/') : navigate(-1))}>
        {title}
      </NavBar>
      <main className="h5-body h5-sub-body">{children}</main>
      {footer ? <div className="h5-footer-bar">{footer}</div> : null}
    </div>
  );
}

/** Photos (file ids) as thumbnails that open full screen. */
export function Photos({ ids, size = 72 }: { ids: readonly string[]; size?: number }) {
  const unique = [...new Set(ids)];
  const [open, setOpen] = useState<number | null>(null);
  if (!unique.length) return null;
  return (
    <>
      <div className="h5-photos">
        {unique.map((id, i) => (
          <Image key={id} src={fileUrl(id)} width={size} height={size} fit="cover" style={{ borderRadius: 6 }} onClick={() => setOpen(i)} />
        ))}
      </div>
      <ImageViewer.Multi images={unique.map(fileUrl)} visible={open !== null} defaultIndex={open ?? 0} onClose={() => setOpen(null)} />
    </>
  );
}

const STATUS_TONE: Record<AppealStatus, string> = {
  received: 'default',
  answered: 'success',
  not_accepted: 'default',
  merged: 'default',
  pending_dispatch: 'warning',
  dispatched: 'warning',
  accepted: 'primary',
  on_site: 'primary',
  in_progress: 'primary',
  suspended: 'default',
  replied: 'success',
  reviewed: 'success',
  visited: 'success',
  closed: 'success',
};

export function H5StatusTag({ status }: { status: AppealStatus }) {
  const { t } = useTranslation();
  const tone = STATUS_TONE[status];
  return (
    <Tag color={tone === 'primary' ? '#1F5FAD' : tone} fill="outline" data-status={status}>
      {statusLabel(t, status)}
    </Tag>
  );
}

/** Coloured dot, the deadline word and the due time. */
export function DeadlineLine({ appeal }: { appeal: Pick<Appeal, 'deadlineStatus' | 'dueBy'> }) {
  const { t } = useTranslation();
  const s = appeal.deadlineStatus;
  if (!s) return null;
  return (
    <span className="h5-deadline" style={{ color: DEADLINE_COLORS[s] }} data-deadline={s}>
      <span className="h5-dot" style={{ background: DEADLINE_COLORS[s] }} />
      {t(`appeals.deadline.${s}`)}
      {appeal.dueBy ? <span className="h5-deadline-due">{t('appeals.h5.deadlineLeft', { at: formatDateTime(appeal.dueBy) })}</span> : null}
    </span>
  );
}

function toOptions(nodes: CategoryNode[]): CascadePickerOption[] {
  return nodes.map((n) => ({ label: n.name, value: n.id, ...(n.children.length ? { children: toOptions(n.children) } : {}) }));
}

/** A row that opens a cascade picker of the category tree; the value is a leaf id. */
export function CategoryField({ value, onChange, testId }: { value?: string; onChange?: (id: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const cats = useCategories();
  const [open, setOpen] = useState(false);
  const options = useMemo(() => toOptions(categoryTree(cats.data ?? [])), [cats.data]);
  return (
    <>
      <button type="button" className="h5-picker-trigger" onClick={() => setOpen(true)} data-testid={testId}>
        {value ? <span>{categoryLabel(cats.data, value)}</span> : <span className="h5-placeholder">{t('appeals.h5.categoryPick')}</span>}
      </button>
      <CascadePicker
        title={t('appeals.h5.category')}
        options={options}
        visible={open}
        onClose={() => setOpen(false)}
        confirmText={t('common.ok')}
        cancelText={t('common.cancel')}
        onConfirm={(v) => {
          const last = [...v].reverse().find((x) => typeof x === 'string' && x);
          if (typeof last === 'string') onChange?.(last);
        }}
      />
    </>
  );
}

/** Photo uploader: each photo is uploaded at once; the value items carry the file id as `key`. */
export function PhotoField({
  value,
  onChange,
  max = 9,
  capture,
  testId,
}: {
  value?: ImageUploadItem[];
  onChange?: (items: ImageUploadItem[]) => void;
  max?: number;
  capture?: 'environment' | 'user';
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid={testId}>
      <ImageUploader
        value={value ?? []}
        onChange={onChange}
        maxCount={max}
        multiple={max > 1}
        accept="image/*"
        {...(capture ? { capture } : {})}
        upload={async (file) => {
          try {
            const f = await uploadPhoto(file);
            return { key: f.id, url: fileUrl(f.id) };
          } catch (e) {
            Toast.show({ content: t('appeals.upload.failed', { message: errorMessage(e) }) });
            throw e;
          }
        }}
      />
    </div>
  );
}

export function photoIds(items: readonly ImageUploadItem[] | undefined): string[] {
  return (items ?? []).map((i) => (typeof i.key === 'string' ? i.key : '')).filter((k) => k !== '');
}

export function useLocated(point: LngLat | null) {
  return useQuery({
    queryKey: ['geo', 'locate', point?.[0], point?.[1]],
    queryFn: () => locate(point?.[0] ?? 0, point?.[1] ?? 0, 'wgs84'),
    enabled: !!point,
    staleTime: Infinity,
  });
}
