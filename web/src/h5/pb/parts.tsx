import { CheckOutlined } from '@ant-design/icons';
import { Button, ErrorBlock, SpinLoading, Tag } from 'antd-mobile';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api';
import { phaseDatesText, phaseIndex, PROJECT_STATUS_COLORS, projectStatusLabel, proposerKindLabel, RESIDENT_PHASES, yuanLabel } from '../../shared/pb/labels';
import type { Cycle, PbProjectStatus, PbProposerKind } from '../../shared/pb/types';
import { TID } from '../../shared/testids';
import './pb.css';

export { Photos, SubPage } from '../appeals/parts';

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

/** A card's title and, when the reader may add to it (`canAdd`), a small button that opens the form. */
export function CardHead({ title, canAdd, addLabel, onAdd, addTestId }: { title: string; canAdd: boolean; addLabel: string; onAdd: () => void; addTestId: string }) {
  return (
    <div className="pb-card-head">
      <span className="h5-card-title">{title}</span>
      {canAdd ? (
        <Button size="small" color="primary" fill="outline" onClick={onAdd} data-testid={addTestId}>
          {addLabel}
        </Button>
      ) : null}
    </div>
  );
}

/** What a query shows: a spinner while it loads, its error with a retry when it failed, else `children` of its data. */
export function Loaded<T>({ q, children }: { q: UseQueryResult<T>; children: (data: T) => ReactNode }) {
  if (q.isPending) return <Loading />;
  if (q.isError) return <LoadError error={q.error} onRetry={() => void q.refetch()} />;
  return <>{children(q.data)}</>;
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

/** A project's number and title on a card's top line, with its status tag (or another mark) at the right. */
export function ProjectTitle({ number, title, titleClass = 'h5-case-title', children }: { number: number; title: string; titleClass?: string; children: ReactNode }) {
  return (
    <div className="h5-case-top">
      <span className={titleClass}>
        <span className="pb-number">{number}</span>
        {title}
      </span>
      {children}
    </div>
  );
}

/** One of a card's facts: a small label over its value (`amount`: large, for money and counts), and a note under it. */
export function Fact({ label, amount, note, children }: { label: ReactNode; amount?: boolean; note?: ReactNode; children: ReactNode }) {
  return (
    <div>
      <div className="pb-fact-label">{label}</div>
      <div className={amount ? 'pb-fact-value pb-amount' : 'pb-fact-value'}>{children}</div>
      {note ? <div className="h5-note">{note}</div> : null}
    </div>
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

/** A thin progress bar (spending against cost, support against the most supported …). */
export function Meter({ value, max, tone = 'red' }: { value: number; max: number; tone?: 'red' | 'green' | 'orange' | 'grey' }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="pb-meter" role="presentation">
      <div className={`pb-meter-fill pb-tone-${tone}`} style={{ width: `${pct}%` }} />
    </div>
  );
}
