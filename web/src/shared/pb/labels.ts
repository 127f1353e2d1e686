/** 微实事 (micro-projects): names of phases, statuses and kinds, their colours, and the results' explanations in words. */
import type { TFunction } from 'i18next';
import {
  PB_PHASES,
  PB_PROJECT_STATUSES,
  PB_PROPOSER_KINDS,
  type Cycle,
  type Explanation,
  type PbPhase,
  type PbProjectStatus,
  type PbProposerKind,
} from './types';

export function isPbPhase(v: string): v is PbPhase {
  return (PB_PHASES as readonly string[]).includes(v);
}

export function isPbProjectStatus(v: string): v is PbProjectStatus {
  return (PB_PROJECT_STATUSES as readonly string[]).includes(v);
}

/** i18n key of a phase's name (`pb.phase.voting` → 投票). */
export const phaseKey = (p: PbPhase) => `pb.phase.${p}` as const;
/** i18n key of a project status (`pb.status.on_ballot` → 已入选票). */
export const projectStatusKey = (s: PbProjectStatus) => `pb.status.${s}` as const;
/** i18n key of a proposer kind (`pb.proposerKind.unit` → 共建单位). */
export const proposerKindKey = (k: PbProposerKind) => `pb.proposerKind.${k}` as const;

export function phaseLabel(t: TFunction, p: string): string {
  return isPbPhase(p) ? t(phaseKey(p)) : p;
}

export function projectStatusLabel(t: TFunction, s: string): string {
  return isPbProjectStatus(s) ? t(projectStatusKey(s)) : s;
}

export function proposerKindLabel(t: TFunction, k: string): string {
  return (PB_PROPOSER_KINDS as readonly string[]).includes(k) ? t(proposerKindKey(k as PbProposerKind)) : k;
}

/** Tag colours (hex, so both antd and antd-mobile take them). */
export const PROJECT_STATUS_COLORS: Record<PbProjectStatus, string> = {
  proposed: '#8c8c8c',
  rejected: '#8c8c8c',
  merged: '#8c8c8c',
  on_ballot: '#1F5FAD',
  selected: '#2F9E5B',
  not_selected: '#8c8c8c',
  approved: '#2F9E5B',
  in_progress: '#E8731A',
  done: '#2F9E5B',
  evaluated: '#7650B8',
};

/** The phases a resident sees on the step indicator (draft is the organisers' only). */
export const RESIDENT_PHASES: readonly PbPhase[] = PB_PHASES.filter((p) => p !== 'draft');

/** The index of a phase in the cycle's order (0 = draft). */
export function phaseIndex(p: PbPhase): number {
  return PB_PHASES.indexOf(p);
}

/** Has the cycle reached (or passed) this phase? */
export function phaseReached(cycle: Pick<Cycle, 'phase'>, p: PbPhase): boolean {
  return phaseIndex(cycle.phase) >= phaseIndex(p);
}

/** `3月1日 – 3月15日`-like range of a phase's dates, or '' when none is set. */
export function phaseDatesText(t: TFunction, cycle: Pick<Cycle, 'phaseDates'>, p: PbPhase): string {
  const d = cycle.phaseDates?.[p];
  if (!d || (!d.from && !d.to)) return '';
  if (d.from && d.to) return t('pb.dates.range', { from: d.from, to: d.to });
  if (d.from) return t('pb.dates.from', { from: d.from });
  return t('pb.dates.to', { to: d.to });
}

/** The rule's family: the method of equal shares (with or without completion) or greedy. */
export function ruleFamily(rule: string): 'mes' | 'greedy' {
  return rule.startsWith('mes') ? 'mes' : 'greedy';
}

function yuanText(v: string | number | undefined): string {
  if (v === undefined) return '—';
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) return String(v);
  const whole = Number.isInteger(n);
  return n.toLocaleString('zh-CN', { minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 });
}

/**
 * Why a project was or was not selected, in a resident's words. `rule` is the result's rule (the explanation of a
 * comparison variant that fell back to greedy has no `paid`, so greedy's wording is used then).
 */
export function explanationText(t: TFunction, e: Explanation, rule: string, costYuan?: number | null): string {
  const mes = ruleFamily(rule) === 'mes' && (e.paid !== undefined || e.reason !== 'selected');
  switch (e.reason) {
    case 'selected':
      if (mes && e.paid) return t('pb.explain.mesSelected', { round: e.round ?? '—', max: yuanText(e.paid.max), total: yuanText(e.paid.total) });
      return t('pb.explain.greedySelected', { round: e.round ?? '—', remaining: yuanText(e.remaining) });
    case 'does_not_fit':
      return t('pb.explain.doesNotFit', { remaining: yuanText(e.remaining) });
    case 'supporters_cannot_afford':
      return costYuan !== undefined && costYuan !== null
        ? t('pb.explain.cannotAffordCost', { remaining: yuanText(e.remaining), cost: yuanText(costYuan) })
        : t('pb.explain.cannotAfford', { remaining: yuanText(e.remaining) });
    case 'not_supported':
      return t('pb.explain.notSupported');
    case 'below_threshold':
      return t('pb.explain.belowThreshold');
    case 'not_considered':
      return t('pb.explain.notConsidered');
    default:
      return e.selected ? t('pb.explain.selectedOther') : t('pb.explain.notSelectedOther');
  }
}

/** The counting rule's name (`mes-add1`, `mes-add1-comparison` … → 平等份额法（补足）). */
export function ruleLabel(t: TFunction, rule: string): string {
  if (rule === 'mes') return t('pb.rule.mes');
  if (rule.startsWith('mes')) return t('pb.rule.mesAdd1');
  if (rule.startsWith('greedy')) return t('pb.rule.greedy');
  return rule;
}

/** An amount in yuan as the language writes it (`20,000 元`, `¥20,000`). */
export function yuanLabel(t: TFunction, amount: number | string | null | undefined): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  return t('pb.yuan', { amount: yuanText(amount) });
}
