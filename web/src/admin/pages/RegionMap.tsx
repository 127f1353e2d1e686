import { EnvironmentOutlined, WarningOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import {
  type Map as MapLibreMap,
  Marker,
  Popup,
  type GeoJSONSource,
  type LngLatBoundsLike,
  type MapLayerMouseEvent,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { useClientConfig } from '../../shared/config';
import { createFlatMap, extend } from '../../map/map-base';
import { TID } from '../../shared/testids';
import type { BBox, LngLat, RegionFeatureCollection, RegionFeatureProps } from '../../shared/types';

/** Soft fills for child areas, with a darker outline each. */
const PALETTE: ReadonlyArray<readonly [fill: string, line: string]> = [
  ['#F6B8B8', '#C0504D'],
  ['#F9D3A5', '#C2772B'],
  ['#F6E7A1', '#A88B1E'],
  ['#BFE3B4', '#4E8F3A'],
  ['#AED9E8', '#2E7D9A'],
  ['#C9BEE6', '#6A55A8'],
  ['#F4C2DA', '#B04A7D'],
  ['#BCE2D5', '#3A8C72'],
  ['#FFD6BA', '#C66A2C'],
  ['#D9E4A6', '#7A8C2A'],
  ['#D6C2E0', '#84559C'],
  ['#B3CCF5', '#3B64B0'],
];

export function paletteColor(index: number): { fill: string; line: string } {
  const p = PALETTE[index % PALETTE.length] ?? PALETTE[0] ?? ['#ddd', '#999'];
  return { fill: p[0], line: p[1] };
}

const MAX_LABELS = 80;
const POLY_SRC = 'tx-polys';
const POINT_SRC = 'tx-points';

export interface MapChild {
  id: string;
  name: string;
  level: string;
  color: { fill: string; line: string };
  kind: 'area' | 'point';
}

type PolyFeature = Feature<Polygon | MultiPolygon, RegionFeatureProps & { fill: string; line: string }>;
type PointFeature = Feature<Point, RegionFeatureProps & { fill: string; line: string }>;

interface Prepared {
  polys: FeatureCollection<Polygon | MultiPolygon, PolyFeature['properties']>;
  points: FeatureCollection<Point, PointFeature['properties']>;
  children: MapChild[];
  labels: Array<{ id: string; name: string; at: LngLat }>;
  bounds: BBox | null;
}

function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i];
    const q = ring[j];
    if (p && q) {
      a += (q[0] ?? 0) * (p[1] ?? 0) - (p[0] ?? 0) * (q[1] ?? 0);
    }
  }
  return a / 2;
}

/** Area-weighted centroid of a ring (falls back to the vertex mean for degenerate rings). */
function ringCentroid(ring: Position[]): LngLat | null {
  if (ring.length === 0) {
    return null;
  }
  const a = ringArea(ring);
  if (Math.abs(a) < 1e-12) {
    let x = 0;
    let y = 0;
    for (const p of ring) {
      x += p[0] ?? 0;
      y += p[1] ?? 0;
    }
    return [x / ring.length, y / ring.length];
  }
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const p = ring[i];
    const q = ring[j];
    if (p && q) {
      const f = (q[0] ?? 0) * (p[1] ?? 0) - (p[0] ?? 0) * (q[1] ?? 0);
      cx += ((q[0] ?? 0) + (p[0] ?? 0)) * f;
      cy += ((q[1] ?? 0) + (p[1] ?? 0)) * f;
    }
  }
  return [cx / (6 * a), cy / (6 * a)];
}

function labelPoint(g: Polygon | MultiPolygon): LngLat | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best: Position[] | null = null;
  let bestArea = -1;
  for (const poly of polys) {
    const outer = poly[0];
    if (outer) {
      const a = Math.abs(ringArea(outer));
      if (a > bestArea) {
        bestArea = a;
        best = outer;
      }
    }
  }
  return best ? ringCentroid(best) : null;
}

function prepare(data: RegionFeatureCollection | undefined): Prepared {
  const out: Prepared = {
    polys: { type: 'FeatureCollection', features: [] },
    points: { type: 'FeatureCollection', features: [] },
    children: [],
    labels: [],
    bounds: null,
  };
  if (!data || !Array.isArray(data.features)) {
    return out;
  }
  let i = 0;
  for (const f of data.features) {
    const g = f.geometry;
    const props = f.properties;
    if (!g || !props) {
      continue;
    }
    const color = props.self ? { fill: '#C8161D', line: '#C8161D' } : paletteColor(i++);
    const properties = { ...props, fill: color.fill, line: color.line };
    if (g.type === 'Point') {
      out.points.features.push({ type: 'Feature', geometry: g, properties, id: props.id });
      out.bounds = extend(out.bounds, g.coordinates);
    } else if (g.type === 'Polygon' || g.type === 'MultiPolygon') {
      out.polys.features.push({ type: 'Feature', geometry: g, properties, id: props.id });
      const rings = g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
      for (const r of rings) for (const p of r) out.bounds = extend(out.bounds, p);
      if (!props.self) {
        const at = labelPoint(g);
        if (at) {
          out.labels.push({ id: props.id, name: props.name, at });
        }
      }
    } else {
      continue;
    }
    if (!props.self) {
      out.children.push({
        id: props.id,
        name: props.name,
        level: props.level,
        color,
        kind: g.type === 'Point' ? 'point' : 'area',
      });
    }
  }
  return out;
}

function addLayers(map: MapLibreMap): void {
  map.addSource(POLY_SRC, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
  map.addSource(POINT_SRC, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, promoteId: 'id' });
  map.addLayer({
    id: 'self-fill',
    type: 'fill',
    source: POLY_SRC,
    filter: ['==', ['get', 'self'], true],
    paint: { 'fill-color': '#C8161D', 'fill-opacity': 0.05 },
  });
  map.addLayer({
    id: 'child-fill',
    type: 'fill',
    source: POLY_SRC,
    filter: ['!=', ['get', 'self'], true],
    paint: {
      'fill-color': ['get', 'fill'],
      'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.85, 0.55],
    },
  });
  map.addLayer({
    id: 'child-line',
    type: 'line',
    source: POLY_SRC,
    filter: ['!=', ['get', 'self'], true],
    paint: {
      'line-color': ['get', 'line'],
      'line-width': ['case', ['boolean', ['feature-state', 'hover'], false], 2.5, 1.2],
    },
  });
  map.addLayer({
    id: 'self-line',
    type: 'line',
    source: POLY_SRC,
    filter: ['==', ['get', 'self'], true],
    paint: { 'line-color': '#C8161D', 'line-width': 2.5, 'line-dasharray': [3, 1.5] },
  });
  map.addLayer({
    id: 'points',
    type: 'circle',
    source: POINT_SRC,
    paint: {
      'circle-color': ['case', ['==', ['get', 'self'], true], '#C8161D', '#1F5FAD'],
      'circle-radius': ['case', ['boolean', ['feature-state', 'hover'], false], 8, ['==', ['get', 'self'], true], 8, 5.5],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 1.5,
    },
  });
}

interface Props {
  data: RegionFeatureCollection | undefined;
  loading: boolean;
  /** The selected node's bbox from its detail; the map data's extent is used when absent. */
  bbox: BBox | null | undefined;
  onSelect: (id: string) => void;
  marker: LngLat | null;
  height?: number;
}

type Status = 'starting' | 'ready' | 'unsupported' | 'failed';

/**
 * The region map: the selected node's boundary, its children (areas filled in
 * distinct soft colours, buildings as dots) and an optional located marker.
 * There are no glyphs, so names are HTML markers and a clickable legend.
 */
export default function RegionMap({ data, loading, bbox, onSelect, marker, height = 460 }: Props) {
  const { t } = useTranslation();
  const container = useRef<HTMLDivElement | null>(null);
  const mapRef = useRef<MapLibreMap | null>(null);
  const labelMarkers = useRef<Marker[]>([]);
  const locateMarker = useRef<Marker | null>(null);
  const onSelectRef = useRef(onSelect);
  const [status, setStatus] = useState<Status>('starting');
  const [hoverId, setHoverId] = useState<string | null>(null);
  const prepared = useMemo(() => prepare(data), [data]);
  const config = useClientConfig();
  const configReady = !config.isPending;
  const tileUrl = config.data?.mapTileUrl ?? undefined;

  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);

  // Create the map once.
  useEffect(() => {
    const el = container.current;
    if (!el || !configReady) {
      return;
    }
    const map = createFlatMap(el, tileUrl, { center: [110.33, 20.03], zoom: 10 });
    if (!map) {
      setStatus('unsupported');
      return;
    }
    mapRef.current = map;
    setStatus('starting');
    map.on('load', () => {
      try {
        addLayers(map);
        setStatus('ready');
      } catch (e) {
        console.warn('map: cannot add layers', e);
        setStatus('failed');
      }
    });

    const hoverPopup = new Popup({ closeButton: false, closeOnClick: false, offset: 10, className: 'tx-map-popup' });
    let hovered: { source: string; id: string } | null = null;
    const clearHover = () => {
      if (hovered) {
        map.setFeatureState(hovered, { hover: false });
        hovered = null;
      }
      setHoverId(null);
      map.getCanvas().style.cursor = '';
      hoverPopup.remove();
    };
    const onMove = (source: string) => (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      const id = f?.properties?.['id'];
      if (typeof id !== 'string') {
        return;
      }
      if (!hovered || hovered.id !== id || hovered.source !== source) {
        if (hovered) {
          map.setFeatureState(hovered, { hover: false });
        }
        hovered = { source, id };
        map.setFeatureState(hovered, { hover: true });
        setHoverId(id);
      }
      map.getCanvas().style.cursor = 'pointer';
      const name = f?.properties?.['name'];
      if (source === POINT_SRC && typeof name === 'string') {
        const text = document.createElement('span');
        text.textContent = name;
        hoverPopup.setLngLat(e.lngLat).setDOMContent(text).addTo(map);
      }
    };
    const onClick = (e: MapLayerMouseEvent) => {
      const f = e.features?.[0];
      const id = f?.properties?.['id'];
      const self = f?.properties?.['self'];
      if (typeof id === 'string' && self !== true && self !== 'true') {
        onSelectRef.current(id);
      }
    };
    map.on('mousemove', 'child-fill', onMove(POLY_SRC));
    map.on('mouseleave', 'child-fill', clearHover);
    map.on('mousemove', 'points', onMove(POINT_SRC));
    map.on('mouseleave', 'points', clearHover);
    map.on('click', 'child-fill', onClick);
    map.on('click', 'points', onClick);

    const ro = new ResizeObserver(() => map.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      hoverPopup.remove();
      labelMarkers.current.forEach((m) => m.remove());
      labelMarkers.current = [];
      locateMarker.current?.remove();
      locateMarker.current = null;
      map.remove();
      mapRef.current = null;
    };
  }, [tileUrl, configReady]);

  // Push data, labels and view whenever the selected node changes.
  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) {
      return;
    }
    (map.getSource(POLY_SRC) as GeoJSONSource | undefined)?.setData(prepared.polys);
    (map.getSource(POINT_SRC) as GeoJSONSource | undefined)?.setData(prepared.points);

    labelMarkers.current.forEach((m) => m.remove());
    labelMarkers.current = [];
    if (prepared.labels.length <= MAX_LABELS) {
      for (const l of prepared.labels) {
        const el = document.createElement('button');
        el.type = 'button';
        el.className = 'tx-map-label';
        el.textContent = l.name;
        el.dataset['regionId'] = l.id;
        el.addEventListener('click', (ev) => {
          ev.stopPropagation();
          onSelectRef.current(l.id);
        });
        labelMarkers.current.push(new Marker({ element: el, anchor: 'center' }).setLngLat(l.at).addTo(map));
      }
    }

    const b = bbox ?? prepared.bounds;
    if (b) {
      const degenerate = b[0] === b[2] && b[1] === b[3];
      if (degenerate) {
        map.jumpTo({ center: [b[0], b[1]], zoom: 17 });
      } else {
        const bounds: LngLatBoundsLike = [
          [b[0], b[1]],
          [b[2], b[3]],
        ];
        // Keep the boundary clear of the legend panel on the right.
        const legend = prepared.children.length > 0 && map.getContainer().clientWidth > 640 ? 240 : 0;
        map.fitBounds(bounds, { padding: { top: 40, bottom: 40, left: 40, right: 40 + legend }, duration: 0, maxZoom: 18 });
      }
    }
  }, [status, prepared, bbox]);

  // The located point.
  useEffect(() => {
    const map = mapRef.current;
    if (status !== 'ready' || !map) {
      return;
    }
    locateMarker.current?.remove();
    locateMarker.current = null;
    if (marker) {
      locateMarker.current = new Marker({ color: '#C8161D' }).setLngLat(marker).addTo(map);
      if (!map.getBounds().contains(marker)) {
        map.easeTo({ center: marker, duration: 300 });
      }
    }
  }, [status, marker]);

  const unavailable = status === 'unsupported' || status === 'failed';

  return (
    <div className="tx-map-wrap" style={{ height }}>
      <div ref={container} className="tx-map" data-testid={TID.regionMap} data-status={status} />
      {unavailable ? (
        <div className="tx-map-fallback" role="status">
          <WarningOutlined className="tx-map-fallback-icon" />
          <div className="tx-map-fallback-title">{t('map.unavailableTitle')}</div>
          <div className="tx-map-fallback-text">{t('map.unavailable')}</div>
        </div>
      ) : null}
      {(loading || status === 'starting') && !unavailable ? (
        <div className="tx-map-loading">
          <Spin />
        </div>
      ) : null}
      {!loading && !unavailable && status === 'ready' && prepared.polys.features.length + prepared.points.features.length === 0 ? (
        <div className="tx-map-empty">
          <EnvironmentOutlined /> {t('map.noGeometry')}
        </div>
      ) : null}
      {prepared.children.length > 0 ? (
        <div className="tx-map-legend" aria-label={t('map.legend')}>
          <div className="tx-map-legend-title">
            {prepared.children.every((c) => c.kind === 'point') ? t('map.legendPoints') : t('map.legend')} ·{' '}
            {prepared.children.length}
          </div>
          <ul>
            {prepared.children.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={hoverId === c.id ? 'is-hover' : undefined}
                  onClick={() => onSelect(c.id)}
                  title={c.name}
                >
                  <span
                    className={c.kind === 'point' ? 'tx-swatch tx-swatch-point' : 'tx-swatch'}
                    style={
                      c.kind === 'point'
                        ? { background: '#1F5FAD' }
                        : { background: c.color.fill, borderColor: c.color.line }
                    }
                  />
                  <span className="tx-legend-name">{c.name}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
