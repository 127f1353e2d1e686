import {
  type Map as MapLibreMap,
  Marker,
  Popup,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type MapMouseEvent,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './casemap.css';
import { createFlatMap, extend } from './map-base';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useClientConfig } from '../shared/config';
import type { BBox, LngLat, RegionFeatureCollection } from '../shared/types';

/**
 * The appeals map, shared by the admin app and the H5: region outlines for
 * orientation (a context layer, e.g. a city's districts, and a focus layer,
 * e.g. a community's grids), case points coloured by the caller, and one
 * marker (the picked or the case's point). Works without any tiles: the
 * outlines are the map. There are no glyphs, so names are HTML labels.
 */

export interface MapPoint {
  id: string;
  point: LngLat;
  color: string;
  title?: string;
}

export interface CaseMapProps {
  /** Background outlines (drawn faintly). */
  context?: RegionFeatureCollection | undefined;
  /** Foreground areas (filled, with name labels), e.g. the grids around the point. */
  focus?: RegionFeatureCollection | undefined;
  /** A feature of `focus` to emphasise (the grid the point lies in). */
  highlightId?: string | null;
  points?: readonly MapPoint[];
  onPointClick?: (id: string) => void;
  marker?: LngLat | null;
  /** Given: a click on the map picks a point. */
  onPick?: (p: LngLat) => void;
  /** What the view fits to, refitted whenever `fitKey` changes. */
  fit?: 'context' | 'focus' | 'points' | 'marker';
  fitKey?: string;
  height: number | string;
  loading?: boolean;
  testId?: string;
  className?: string;
  style?: CSSProperties;
}

const AREA_SRC = 'tx-areas';
const POINT_SRC = 'tx-case-points';
const MAX_LABELS = 40;

const FILLS = ['#F6B8B8', '#F9D3A5', '#F6E7A1', '#BFE3B4', '#AED9E8', '#C9BEE6', '#F4C2DA', '#BCE2D5', '#FFD6BA', '#D9E4A6'];

type AreaProps = { id: string; name: string; layer: 'context' | 'focus'; self: boolean; fill: string };

function ringCentroid(ring: Position[]): LngLat | null {
  if (ring.length === 0) return null;
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i];
    const q = ring[j];
    if (!p || !q) continue;
    const f = (q[0] ?? 0) * (p[1] ?? 0) - (p[0] ?? 0) * (q[1] ?? 0);
    a += f;
    cx += ((q[0] ?? 0) + (p[0] ?? 0)) * f;
    cy += ((q[1] ?? 0) + (p[1] ?? 0)) * f;
  }
  if (Math.abs(a) < 1e-14) {
    const first = ring[0];
    return first ? [first[0] ?? 0, first[1] ?? 0] : null;
  }
  return [cx / (3 * a), cy / (3 * a)];
}

function outerRings(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? [g.coordinates[0] ?? []] : g.coordinates.map((p) => p[0] ?? []);
}

interface Prepared {
  areas: FeatureCollection<Polygon | MultiPolygon, AreaProps>;
  labels: Array<{ id: string; name: string; at: LngLat }>;
  contextBounds: BBox | null;
  focusBounds: BBox | null;
}

function prepare(context: RegionFeatureCollection | undefined, focus: RegionFeatureCollection | undefined): Prepared {
  const out: Prepared = { areas: { type: 'FeatureCollection', features: [] }, labels: [], contextBounds: null, focusBounds: null };
  const add = (fc: RegionFeatureCollection | undefined, layer: 'context' | 'focus') => {
    if (!fc || !Array.isArray(fc.features)) return;
    let i = 0;
    for (const f of fc.features) {
      const g = f.geometry;
      const p = f.properties;
      if (!g || !p || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      const feature: Feature<Polygon | MultiPolygon, AreaProps> = {
        type: 'Feature',
        geometry: g,
        properties: { id: p.id, name: p.name, layer, self: p.self, fill: FILLS[i++ % FILLS.length] ?? '#ddd' },
      };
      out.areas.features.push(feature);
      let b: BBox | null = layer === 'context' ? out.contextBounds : out.focusBounds;
      for (const ring of g.type === 'Polygon' ? g.coordinates : g.coordinates.flat()) for (const pt of ring) b = extend(b, pt);
      if (layer === 'context') out.contextBounds = b;
      else out.focusBounds = b;
      // Names: the focus layer's areas (e.g. grids); the context's (e.g. districts) only when there is no focus.
      if (!p.self && (layer === 'focus' || !focus?.features?.length)) {
        let best: Position[] | null = null;
        for (const r of outerRings(g)) if (!best || r.length > best.length) best = r;
        const at = best ? ringCentroid(best) : null;
        if (at) out.labels.push({ id: p.id, name: p.name, at });
      }
    }
  };
  add(context, 'context');
  add(focus, 'focus');
  return out;
}

type Status = 'starting' | 'ready' | 'unsupported';

export default function CaseMap(props: CaseMapProps) {
  const { context, focus, highlightId, points, onPointClick, marker, onPick, fit = 'context', fitKey, height, loading, testId } = props;
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const markerRef = useRef<Marker | null>(null);
  const labelsRef = useRef<Marker[]>([]);
  const onPickRef = useRef(onPick);
  const onPointRef = useRef(onPointClick);
  const [status, setStatus] = useState<Status>('starting');
  const config = useClientConfig();
  const configReady = !config.isPending;
  const tileUrl = config.data?.mapTileUrl ?? undefined;
  const prepared = useMemo(() => prepare(context, focus), [context, focus]);
  const pickable = !!onPick;

  useEffect(() => {
    onPickRef.current = onPick;
    onPointRef.current = onPointClick;
  }, [onPick, onPointClick]);

  useEffect(() => {
    const el = container.current;
    if (!el || !configReady) return;
    const map = createFlatMap(el, tileUrl, { center: [110.35, 20.0], zoom: 9.5 });
    if (!map) {
      setStatus('unsupported');
      return;
    }
    mapRef.current = map;
    map.on('load', () => {
      map.addSource(AREA_SRC, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
      map.addSource(POINT_SRC, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
      map.addLayer({
        id: 'ctx-fill',
        type: 'fill',
        source: AREA_SRC,
        filter: ['all', ['==', ['get', 'layer'], 'context'], ['!=', ['get', 'self'], true]],
        paint: { 'fill-color': '#ffffff', 'fill-opacity': 0.35 },
      });
      map.addLayer({
        id: 'ctx-line',
        type: 'line',
        source: AREA_SRC,
        filter: ['==', ['get', 'layer'], 'context'],
        paint: { 'line-color': '#B7A99A', 'line-width': ['case', ['==', ['get', 'self'], true], 2, 1] },
      });
      map.addLayer({
        id: 'focus-fill',
        type: 'fill',
        source: AREA_SRC,
        filter: ['all', ['==', ['get', 'layer'], 'focus'], ['!=', ['get', 'self'], true]],
        paint: { 'fill-color': ['get', 'fill'], 'fill-opacity': 0.45 },
      });
      map.addLayer({
        id: 'focus-line',
        type: 'line',
        source: AREA_SRC,
        filter: ['==', ['get', 'layer'], 'focus'],
        paint: {
          'line-color': ['case', ['==', ['get', 'self'], true], '#C8161D', '#8C6E5A'],
          'line-width': ['case', ['==', ['get', 'self'], true], 2, 1],
          'line-dasharray': [3, 1.5],
        },
      });
      map.addLayer({
        id: 'highlight-fill',
        type: 'fill',
        source: AREA_SRC,
        filter: ['==', ['get', 'id'], ''],
        paint: { 'fill-color': '#C8161D', 'fill-opacity': 0.18 },
      });
      map.addLayer({
        id: 'highlight-line',
        type: 'line',
        source: AREA_SRC,
        filter: ['==', ['get', 'id'], ''],
        paint: { 'line-color': '#C8161D', 'line-width': 2.5 },
      });
      map.addLayer({
        id: 'case-points',
        type: 'circle',
        source: POINT_SRC,
        paint: {
          'circle-color': ['get', 'color'],
          'circle-radius': 6,
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': 1.5,
        },
      });
      setStatus('ready');
    });

    const popup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, className: 'tx-map-popup' });
    map.on('mousemove', 'case-points', (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      const title = f?.properties?.['title'];
      map.getCanvas().style.cursor = 'pointer';
      if (typeof title === 'string' && title) {
        const span = document.createElement('span');
        span.textContent = title;
        popup.setLngLat(e.lngLat).setDOMContent(span).addTo(map);
      }
    });
    map.on('mouseleave', 'case-points', () => {
      map.getCanvas().style.cursor = onPickRef.current ? 'crosshair' : '';
      popup.remove();
    });
    map.on('click', 'case-points', (e: MapLayerMouseEvent) => {
      const id = e.features?.[0]?.properties?.['id'];
      if (typeof id === 'string') onPointRef.current?.(id);
    });
    map.on('click', (e: MapMouseEvent) => {
      onPickRef.current?.([Number(e.lngLat.lng.toFixed(7)), Number(e.lngLat.lat.toFixed(7))]);
    });

    const ro = new ResizeObserver(() => map.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      popup.remove();
      labelsRef.current.forEach((m) => m.remove());
      labelsRef.current = [];
      markerRef.current?.remove();
      markerRef.current = null;
      map.remove();
      mapRef.current = null;
    };
  }, [tileUrl, configReady]);

  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    map.getCanvas().style.cursor = pickable ? 'crosshair' : '';
  }, [status, pickable]);

  // Areas and their labels.
  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    (map.getSource(AREA_SRC) as GeoJSONSource | undefined)?.setData(prepared.areas);
    labelsRef.current.forEach((m) => m.remove());
    labelsRef.current = [];
    if (prepared.labels.length <= MAX_LABELS) {
      for (const l of prepared.labels) {
        const el = document.createElement('span');
        el.className = 'tx-casemap-label';
        el.textContent = l.name;
        labelsRef.current.push(new Marker({ element: el, anchor: 'center' }).setLngLat(l.at).addTo(map));
      }
    }
  }, [status, prepared]);

  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    const filter: ['==', ['get', string], string] = ['==', ['get', 'id'], highlightId ?? ''];
    map.setFilter('highlight-fill', filter);
    map.setFilter('highlight-line', filter);
  }, [status, highlightId, prepared]);

  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    const fc: FeatureCollection<Point, { id: string; color: string; title: string }> = {
      type: 'FeatureCollection',
      features: (points ?? []).map((p) => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: p.point },
        properties: { id: p.id, color: p.color, title: p.title ?? '' },
      })),
    };
    (map.getSource(POINT_SRC) as GeoJSONSource | undefined)?.setData(fc);
  }, [status, points]);

  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    if (!marker) {
      markerRef.current?.remove();
      markerRef.current = null;
      return;
    }
    if (!markerRef.current) {
      markerRef.current = new Marker({ color: '#C8161D' }).setLngLat(marker).addTo(map);
      markerRef.current.getElement().setAttribute('data-testid', 'case-map-marker');
    } else {
      markerRef.current.setLngLat(marker);
    }
  }, [status, marker]);

  // Fit the view when asked (fitKey), or once the data to fit first arrives.
  const fitted = useRef<string | null>(null);
  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) return;
    let b: BBox | null = null;
    if (fit === 'marker' && marker) b = [marker[0], marker[1], marker[0], marker[1]];
    else if (fit === 'points' && points && points.length) {
      for (const p of points) b = extend(b, p.point);
    } else if (fit === 'focus') b = prepared.focusBounds ?? prepared.contextBounds;
    else b = prepared.contextBounds ?? prepared.focusBounds;
    if (!b && fit === 'points') b = prepared.contextBounds;
    if (!b) return;
    const key = `${fit}:${fitKey ?? ''}:${b.join(',')}`;
    if (fitted.current?.startsWith(`${fit}:${fitKey ?? ''}:`)) return;
    fitted.current = key;
    if (b[0] === b[2] && b[1] === b[3]) {
      map.jumpTo({ center: [b[0], b[1]], zoom: fit === 'marker' ? 16 : 14 });
    } else {
      map.fitBounds(
        [
          [b[0], b[1]],
          [b[2], b[3]],
        ],
        { padding: fit === 'points' ? 48 : 30, duration: 0, maxZoom: fit === 'points' ? 16 : 17 },
      );
    }
  }, [status, fit, fitKey, marker, points, prepared]);

  return (
    <div className={`tx-casemap ${props.className ?? ''}`} style={{ height, ...props.style }}>
      <div ref={container} className="tx-casemap-canvas" data-testid={testId} data-status={status} />
      {status === 'unsupported' ? (
        <div className="tx-casemap-overlay" role="status">
          <strong>{t('map.unavailableTitle')}</strong>
          <span>{t('appeals.map.noWebgl')}</span>
        </div>
      ) : null}
      {(loading || status === 'starting') && status !== 'unsupported' ? <div className="tx-casemap-loading" aria-hidden="true" /> : null}
    </div>
  );
}
