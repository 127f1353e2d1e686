/** 积分 (points): my two ledgers, read by the H5 "my points" page. Shapes: docs/api.md (`/api/points/me…`). */
import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api } from '../api';

export type PointsKind = 'party' | 'credit';

export interface PointsLedgerSummary {
  balance: number;
  entries: number;
  yearTotal: number;
}

export interface PointsMe {
  year: number;
  party: PointsLedgerSummary;
  credit: PointsLedgerSummary;
}

export interface PointsEntry {
  id: string;
  kind: PointsKind;
  userId: string;
  seq: number;
  delta: number;
  reason: string;
  sourceType: string;
  sourceId: string | null;
  note: string | null;
  reversesId: string | null;
  actorId: string | null;
  createdAt: string | number;
  hash: string;
}

export interface PointsEntriesPage {
  items: PointsEntry[];
  total: number;
  page: number;
  pageSize: number;
}

export const pointsKeys = {
  me: ['points', 'me'] as const,
  entries: (kind: PointsKind, page: number) => ['points', 'me', 'entries', kind, page] as const,
};

export function useMyPoints() {
  return useQuery({ queryKey: pointsKeys.me, queryFn: () => api.get<PointsMe>('/api/points/me') });
}

export function useMyPointsEntries(kind: PointsKind, page = 1, pageSize = 50) {
  return useQuery({
    queryKey: pointsKeys.entries(kind, page),
    queryFn: () => api.get<PointsEntriesPage>('/api/points/me/entries', { kind, page, pageSize }),
  });
}

const REASONS = [
  'report_in',
  'activity_attend',
  'service_hour',
  'visit',
  'wish_claimed',
  'absent_without_leave',
  'no_service_quarter',
  'volunteer_hour',
  'environment',
  'wish_fulfilled',
  'manual_award',
  'manual_deduction',
  'correction',
  'store_redeem',
  'store_cancel',
] as const;
type Reason = (typeof REASONS)[number];

const SOURCES = ['activity', 'manual', 'points_entry', 'store_redemption', 'wish', 'demo'] as const;
type Source = (typeof SOURCES)[number];

/** An entry's reason in words (unknown codes shown as they are). */
export function reasonLabel(t: TFunction, reason: string): string {
  return (REASONS as readonly string[]).includes(reason) ? t(`points.reason.${reason as Reason}`) : reason;
}

export function sourceLabel(t: TFunction, source: string): string {
  return (SOURCES as readonly string[]).includes(source) ? t(`points.source.${source as Source}`) : source;
}
