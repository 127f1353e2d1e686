import { useQuery } from '@tanstack/react-query';
import { api } from './api';
import type { Crs, LocateResult, RegionDetail, RegionFeatureCollection, RegionNode } from './types';

export const regionKeys = {
  roots: ['regions', 'roots'] as const,
  children: (id: string) => ['regions', 'children', id] as const,
  detail: (id: string) => ['regions', 'detail', id] as const,
  map: (id: string) => ['regions', 'map', id] as const,
};

export async function fetchRoots(): Promise<RegionNode[]> {
  return (await api.get<{ items: RegionNode[] }>('/api/regions/roots')).items;
}

export async function fetchChildren(id: string): Promise<RegionNode[]> {
  return (await api.get<{ items: RegionNode[] }>(`/api/regions/${encodeURIComponent(id)}/children`)).items;
}

export async function fetchRegion(id: string): Promise<RegionDetail> {
  return (await api.get<{ region: RegionDetail }>(`/api/regions/${encodeURIComponent(id)}`)).region;
}

export async function fetchRegionMap(id: string): Promise<RegionFeatureCollection> {
  return api.get<RegionFeatureCollection>(`/api/regions/${encodeURIComponent(id)}/map`);
}

export async function locate(lng: number, lat: number, crs: Crs): Promise<LocateResult> {
  return api.get<LocateResult>('/api/geo/locate', { lng, lat, crs });
}

const REGION_STALE = 5 * 60_000;

export function useRegionRoots(enabled = true) {
  return useQuery({ queryKey: regionKeys.roots, queryFn: fetchRoots, staleTime: REGION_STALE, enabled });
}

export function useRegion(id: string | null | undefined) {
  return useQuery({
    queryKey: regionKeys.detail(id ?? ''),
    queryFn: () => fetchRegion(id ?? ''),
    enabled: !!id,
    staleTime: REGION_STALE,
  });
}

export function useRegionMap(id: string | null | undefined) {
  return useQuery({
    queryKey: regionKeys.map(id ?? ''),
    queryFn: () => fetchRegionMap(id ?? ''),
    enabled: !!id,
    staleTime: REGION_STALE,
  });
}
