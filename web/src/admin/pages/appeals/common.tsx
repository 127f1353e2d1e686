import { PlusOutlined } from '@ant-design/icons';
import { App, Badge, Cascader, Flex, Image, Tag, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fileUrl } from '../../../shared/api';
import {
  categoryPath,
  categoryTree,
  DEADLINE_COLORS,
  STATUS_COLORS,
  statusLabel,
  uploadPhoto,
  useCategories,
  type Appeal,
  type AppealStatus,
  type CategoryNode,
  type HandlingMode,
  type SupervisionLevel,
  type Urgency,
} from '../../../shared/appeals';
import { formatDateTime } from '../../../shared/format';

export function StatusTag({ status }: { status: AppealStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-status={status}>
      {statusLabel(t, status)}
    </Tag>
  );
}

const SUPERVISION_COLORS: Record<SupervisionLevel, string> = { urge: 'gold', supervise: 'volcano', listed: 'red' };

export function SupervisionTag({ level }: { level: SupervisionLevel | null }) {
  const { t } = useTranslation();
  if (!level) return null;
  return (
    <Tag color={SUPERVISION_COLORS[level]} variant="solid">
      {t(`appeals.supervision.${level}`)}
    </Tag>
  );
}

export function ModeTag({ mode }: { mode: HandlingMode | null }) {
  const { t } = useTranslation();
  if (!mode) return null;
  return <Tag color={mode === 'grid' ? 'green' : mode === 'joint' ? 'purple' : 'blue'}>{t(`appeals.mode.${mode}`)}</Tag>;
}

export function UrgencyTag({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  if (urgency === 'normal') return null;
  return <Tag color={urgency === 'emergency' ? 'red' : 'orange'}>{t(`appeals.urgency.${urgency}`)}</Tag>;
}

export function PendingTag({ pending }: { pending: Appeal['pendingRequest'] }) {
  const { t } = useTranslation();
  if (!pending) return null;
  return <Tag color="magenta">{t(`appeals.pending.${pending}`)}</Tag>;
}

/** The deadline status as a coloured dot with its word, and the due time under it. */
export function DeadlineBadge({ appeal, inline = false }: { appeal: Pick<Appeal, 'deadlineStatus' | 'dueBy' | 'status'>; inline?: boolean }) {
  const { t } = useTranslation();
  const s = appeal.deadlineStatus;
  if (!s) {
    return <Typography.Text type="secondary">{t('appeals.deadline.none')}</Typography.Text>;
  }
  const badge = (
    <Badge
      color={DEADLINE_COLORS[s]}
      text={<span style={{ color: DEADLINE_COLORS[s], fontWeight: s === 'ok' ? 400 : 600 }}>{t(`appeals.deadline.${s}`)}</span>}
      data-deadline={s}
    />
  );
  const due = appeal.dueBy ? t('appeals.deadline.due', { at: formatDateTime(appeal.dueBy) }) : null;
  if (inline) {
    return (
      <Flex gap={8} align="center" wrap>
        {badge}
        {due ? <Typography.Text type="secondary">{due}</Typography.Text> : null}
        {appeal.status === 'suspended' ? <Tag>{t('appeals.deadline.suspended')}</Tag> : null}
      </Flex>
    );
  }
  return (
    <Flex vertical gap={0}>
      {badge}
      {due ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {due}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** A name the server gave, or a dash. */
export function NameText({ name }: { name: string | null | undefined }) {
  return name ? <span>{name}</span> : <span className="tx-muted">—</span>;
}

/** The category's name path as the server gives it (top group first), e.g. 生态环境 / 餐饮油烟; `last`: the leaf, the path on hover. */
export function CategoryPath({ path, last = false }: { path: readonly string[] | undefined; last?: boolean }) {
  if (!path?.length) return <span className="tx-muted">—</span>;
  const full = path.join(' / ');
  return last ? (
    <Tooltip title={full}>
      <span data-testid="case-category">{path[path.length - 1]}</span>
    </Tooltip>
  ) : (
    <span data-testid="case-category">{full}</span>
  );
}

/** Where a case lies: its grid (or community), with the community and street under it. */
export function AreaNames({ appeal }: { appeal: Pick<Appeal, 'gridName' | 'communityName' | 'streetName'> }) {
  const head = appeal.gridName ?? appeal.communityName ?? appeal.streetName;
  if (!head) return <span className="tx-muted">—</span>;
  const above = [appeal.streetName, appeal.gridName ? appeal.communityName : null].filter((x): x is string => !!x);
  return (
    <Flex vertical gap={0} data-testid="case-area">
      <span>{head}</span>
      {above.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {above.join(' · ')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

/** Who handles a case: the grid worker, or the lead department and its assisting ones. */
export function HandlerNames({ appeal }: { appeal: Pick<Appeal, 'mode' | 'assigneeName' | 'leadDepartmentName' | 'assistDepartments'> }) {
  if (appeal.mode === 'grid') return <NameText name={appeal.assigneeName} />;
  if (!appeal.leadDepartmentName) return <span className="tx-muted">—</span>;
  const assists = (appeal.assistDepartments ?? []).map((d) => d.name).filter((x): x is string => !!x);
  return (
    <Flex vertical gap={0}>
      <span>{appeal.leadDepartmentName}</span>
      {assists.length ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          + {assists.join(' · ')}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

interface CascaderOption {
  value: string;
  label: string;
  code: string;
  children?: CascaderOption[];
}

function toOptions(nodes: CategoryNode[]): CascaderOption[] {
  return nodes.map((n) => ({
    value: n.id,
    label: n.name,
    code: n.code,
    ...(n.children.length ? { children: toOptions(n.children) } : {}),
  }));
}

/** A category picker over the tree; only leaves can be chosen. Value: the leaf's id. */
export function CategoryCascader({
  value,
  onChange,
  placeholder,
  id,
  status,
  allowClear = true,
  style,
  testId,
}: {
  value?: string;
  onChange?: (v: string | undefined) => void;
  placeholder?: string;
  id?: string;
  status?: 'error';
  allowClear?: boolean;
  style?: React.CSSProperties;
  testId?: string;
}) {
  const { t } = useTranslation();
  const cats = useCategories();
  const options = useMemo(() => toOptions(categoryTree(cats.data ?? [])), [cats.data]);
  const path = useMemo(() => categoryPath(cats.data, value).map((c) => c.id), [cats.data, value]);
  return (
    <Cascader<CascaderOption>
      id={id}
      data-testid={testId}
      options={options}
      value={path.length ? path : undefined}
      onChange={(v) => onChange?.(Array.isArray(v) && v.length ? String(v[v.length - 1]) : undefined)}
      placeholder={placeholder ?? t('appeals.intake.categoryPlaceholder')}
      showSearch={{
        filter: (input, p) => p.some((o) => o.label.toLowerCase().includes(input.toLowerCase()) || o.code.startsWith(input)),
      }}
      displayRender={(labels) => labels.join(' / ')}
      loading={cats.isLoading}
      status={status}
      allowClear={allowClear}
      style={{ width: '100%', ...style }}
      notFoundContent={cats.isError ? errorMessage(cats.error) : t('common.empty')}
    />
  );
}

/**
 * Photos: uploaded at once (POST /api/files), the value is the list of file
 * ids. A photo still uploading or failed is not in the value.
 */
export function PhotoUpload({
  value,
  onChange,
  max = 9,
  testId,
}: {
  value?: string[];
  onChange?: (ids: string[]) => void;
  max?: number;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [files, setFiles] = useState<UploadFile[]>([]);
  // Cleared from outside (form reset): forget the list too.
  if ((value?.length ?? 0) === 0 && files.some((f) => f.status === 'done')) {
    setFiles([]);
  }
  const emit = (list: UploadFile[]) => {
    onChange?.(list.filter((f) => f.status === 'done' && typeof f.response === 'string').map((f) => f.response as string));
  };
  return (
    <div data-testid={testId}>
      <Upload
        accept="image/*"
        listType="picture-card"
        multiple
        fileList={files}
        customRequest={({ file, onSuccess, onError }) => {
          if (!(file instanceof File)) return;
          uploadPhoto(file)
            .then((f) => onSuccess?.(f.id))
            .catch((e: unknown) => {
              void message.error(t('appeals.upload.failed', { message: errorMessage(e) }));
              onError?.(e instanceof Error ? e : new Error(String(e)));
            });
        }}
        onChange={({ fileList }) => {
          setFiles(fileList);
          emit(fileList);
        }}
        onRemove={(f) => {
          const next = files.filter((x) => x.uid !== f.uid);
          setFiles(next);
          emit(next);
          return false;
        }}
      >
        {files.length >= max ? null : (
          <button type="button" className="tx-upload-btn">
            <PlusOutlined />
            <span>{t('appeals.upload.add')}</span>
          </button>
        )}
      </Upload>
    </div>
  );
}

/** Thumbnails of uploaded files, each opening a preview. */
export function Thumbs({ ids, size = 64 }: { ids: readonly string[]; size?: number }) {
  const unique = [...new Set(ids)];
  if (!unique.length) return null;
  return (
    <Image.PreviewGroup>
      <Flex gap={6} wrap>
        {unique.map((id) => (
          <Image key={id} src={fileUrl(id)} width={size} height={size} style={{ objectFit: 'cover', borderRadius: 4 }} alt="" />
        ))}
      </Flex>
    </Image.PreviewGroup>
  );
}
