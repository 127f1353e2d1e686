import { CheckOutlined } from '@ant-design/icons';
import { Button, ErrorBlock, Image, ImageViewer, SpinLoading, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fileUrl } from '../../shared/api';
import { phaseDatesText, phaseIndex, PROJECT_STATUS_COLORS, projectStatusLabel, proposerKindLabel, RESIDENT_PHASES, yuanLabel } from '../../shared/pb/labels';
import type { Cycle, PbProjectStatus, PbProposerKind } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import './pb.css';

export { SubPage } from '../appeals/parts';

export function Loading() {
  return (
    <div className="h5-center" style={{ padding: 48 }}>
      <SpinLoading color="primary" />
    </div>
  );
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="default" title={t('errors.loadFailed')} description={errorMessage(error)}>
      <Button color="primary" onClick={onRetry}>
        {t('common.retry')}
      </Button>
    </ErrorBlock>
  );
}

/** `20,000 元` / `¥20,000`. */
export function useYuan() {
  const { t } = useTranslation();
  return (amount: number | string | null | undefined) => yuanLabel(t, amount);
}

export function ProjectStatusTag({ status }: { status: PbProjectStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={PROJECT_STATUS_COLORS[status] ?? '#8c8c8c'} fill="outline" data-status={status}>
      {projectStatusLabel(t, status)}
    </Tag>
  );
}

export function ProposerTag({ kind, name }: { kind: PbProposerKind; name?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className="pb-proposer" data-kind={kind}>
      {proposerKindLabel(t, kind)}
      {name ? ` · ${name}` : ''}
    </span>
  );
}

/** The current phase among the resident's phases: 1-based position and how many there are. */
function position(cycle: Pick<Cycle, 'phase'>) {
  const i = RESIDENT_PHASES.indexOf(cycle.phase);
  return { n: Math.max(1, i + 1), total: RESIDENT_PHASES.length };
}

/** A compact indicator for lists: one segment per phase, the phase's name, its step and dates. */
export function PhaseBar({ cycle }: { cycle: Pick<Cycle, 'phase' | 'phaseDates'> }) {
  const { t } = useTranslation();
  const cur = phaseIndex(cycle.phase);
  const { n, total } = position(cycle);
  const dates = phaseDatesText(t, cycle, cycle.phase);
  return (
    <div className="pb-phasebar" data-testid={TID.pb.phase} data-phase={cycle.phase}>
      <div className="pb-phasebar-segments" aria-hidden>
        {RESIDENT_PHASES.map((p) => {
          const i = phaseIndex(p);
          return <span key={p} className={i < cur ? 'pb-seg pb-seg-done' : i === cur ? 'pb-seg pb-seg-current' : 'pb-seg'} />;
        })}
      </div>
      <div className="pb-phasebar-text">
        <span className="pb-phase-name">{t(`pb.phase.${cycle.phase}`)}</span>
        <span className="h5-note">{t('pb.stepOf', { n, total })}</span>
        {dates ? <span className="h5-note">{dates}</span> : null}
      </div>
    </div>
  );
}

/** The step indicator of a cycle: every phase with a mark; on narrow screens only the current one is named where names are long. */
export function PhaseSteps({ cycle }: { cycle: Pick<Cycle, 'phase' | 'phaseDates'> }) {
  const { t } = useTranslation();
  const cur = phaseIndex(cycle.phase);
  return (
    <ol className="pb-steps" data-testid={TID.pb.phaseSteps} data-phase={cycle.phase}>
      {RESIDENT_PHASES.map((p, k) => {
        const i = phaseIndex(p);
        const state = i < cur || cycle.phase === 'closed' ? 'done' : i === cur ? 'current' : 'wait';
        return (
          <li key={p} className={`pb-step pb-step-${state}`} data-current={i === cur ? 'true' : undefined} data-step={p}>
            <span className="pb-step-dot">{state === 'done' ? <CheckOutlined /> : k + 1}</span>
            <span className="pb-step-label" title={t(`pb.phase.${p}`)}>
              {t(`pb.phase.${p}`)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** Every phase with its dates (a table under the step indicator). */
export function PhaseDatesList({ cycle }: { cycle: Pick<Cycle, 'phase' | 'phaseDates'> }) {
  const { t } = useTranslation();
  return (
    <dl className="pb-phase-dates">
      {RESIDENT_PHASES.map((p) => (
        <div key={p} className={p === cycle.phase ? 'pb-phase-date pb-phase-date-current' : 'pb-phase-date'}>
          <dt>{t(`pb.phase.${p}`)}</dt>
          <dd>{phaseDatesText(t, cycle, p) || t('pb.dates.none')}</dd>
        </div>
      ))}
    </dl>
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

/** A thin progress bar (spending against cost, support against the most supported …). */
export function Meter({ value, max, tone = 'red' }: { value: number; max: number; tone?: 'red' | 'green' | 'orange' | 'grey' }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="pb-meter" role="presentation">
      <div className={`pb-meter-fill pb-tone-${tone}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
