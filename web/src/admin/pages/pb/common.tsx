import { Alert, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, isApiError } from '../../../shared/api';
import { currentLanguage } from '../../../shared/i18n';
import { phaseKey, projectStatusKey } from '../../../shared/pb/labels';
import type { PbPhase, PbProjectStatus, PhaseDates, ProjectSummary } from '../../../shared/pb/types';

/** Colours of the phases (antd preset names): open for people, then counting, then the work. */
export const PHASE_COLORS: Record<PbPhase, string> = {
  draft: 'default',
  proposals: 'blue',
  review: 'geekblue',
  deliberation: 'purple',
  voting: 'red',
  publicity: 'orange',
  approval: 'gold',
  implementation: 'cyan',
  evaluation: 'green',
  closed: 'default',
};

export const STATUS_COLORS: Record<PbProjectStatus, string> = {
  proposed: 'blue',
  rejected: 'default',
  merged: 'default',
  on_ballot: 'geekblue',
  selected: 'green',
  not_selected: 'default',
  approved: 'gold',
  in_progress: 'cyan',
  done: 'success',
  evaluated: 'purple',
};

/** `12,345.5 元` / `¥12,345.5` in the current language, to the fen at most. */
export function yuan(t: TFunction, amount: number | string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const n = typeof amount === 'string' ? Number(amount) : amount;
  const text = Number.isFinite(n) ? new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 2 }).format(n) : String(amount);
  return t('pbAdmin.yuan', { amount: text });
}

/** A phase's name: the residents' word (`pb.phase`), but a draft is 草稿 to the organisers (`pbAdmin.phase`). */
export function phaseName(t: TFunction, p: PbPhase): string {
  return p === 'draft' ? t('pbAdmin.phase.draft') : t(phaseKey(p));
}

/** A project status's name: the residents' word (`pb.status`) but for the few the organisers say otherwise (`pbAdmin.status`). */
export function statusName(t: TFunction, s: PbProjectStatus): string {
  return s === 'proposed' || s === 'rejected' || s === 'done' ? t(`pbAdmin.status.${s}`) : t(projectStatusKey(s));
}

/** Small grey text: an address, a date, a hint under a value. */
export function SmallNote({ children }: { children: ReactNode }) {
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {children}
    </Typography.Text>
  );
}

export function PhaseTag({ phase }: { phase: PbPhase }) {
  const { t } = useTranslation();
  return (
    <Tag color={PHASE_COLORS[phase]} data-testid="pb-phase-tag">
      {phaseName(t, phase)}
    </Tag>
  );
}

export function ProjectStatusTag({ project }: { project: Pick<ProjectSummary, 'status' | 'mergedIntoNumber' | 'rejectionReason'> }) {
  const { t } = useTranslation();
  const tag = <Tag color={STATUS_COLORS[project.status]}>{statusName(t, project.status)}</Tag>;
  if (project.status === 'merged' && project.mergedIntoNumber !== null) {
    return (
      <span>
        {tag}
        <SmallNote>{t('pbAdmin.proposals.mergedInto', { number: project.mergedIntoNumber })}</SmallNote>
      </span>
    );
  }
  if (project.status === 'rejected' && project.rejectionReason) {
    return <Tooltip title={project.rejectionReason}>{tag}</Tooltip>;
  }
  return tag;
}

/** `2025-03-01 – 2025-03-15`, or one end, or a dash. */
export function dateRange(d: PhaseDates | undefined): string {
  if (!d || (!d.from && !d.to)) return '—';
  return `${d.from ?? '…'} – ${d.to ?? '…'}`;
}

const HINTED_CODES = [
  'pb_objections_open',
  'pb_not_published',
  'pb_paper_pending',
  'pb_phase_changed',
  'pb_not_counted',
  'pb_not_in_phase',
  'pb_second_official_needed',
  'pb_sheet_done',
  'pb_codes_not_used',
  'pb_cycle_changed',
] as const;
type HintedCode = (typeof HINTED_CODES)[number];

/** A line of what to do for the codes a secretary meets most (the 409s of the phases), beside the server's message. */
export function pbErrorHint(t: TFunction, e: unknown): string | null {
  if (!isApiError(e) || !(HINTED_CODES as readonly string[]).includes(e.code)) return null;
  return t(`pbAdmin.errorHint.${e.code as HintedCode}`);
}

/** A project's number as shown everywhere: `#3`. */
export function numberLabel(n: number): string {
  return `#${n}`;
}

/** An error of a command: the server's message, and what to do about it when we know. */
export function PbErrorAlert({ error, onClose, testId = 'pb-error' }: { error: unknown; onClose?: () => void; testId?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const hint = pbErrorHint(t, error);
  return (
    <Alert
      type="error"
      showIcon
      title={errorMessage(error)}
      description={hint ?? undefined}
      closable={onClose ? { onClose } : undefined}
      style={{ marginBottom: 16 }}
      data-testid={testId}
    />
  );
}
