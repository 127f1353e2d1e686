import { Map as MapLibreMap, NavigationControl, ScaleControl, type StyleSpecification } from 'maplibre-gl';
import type { Position } from 'geojson';
import type { BBox } from '../shared/types';

/** What every map of the app shares: the WebGL check, the flat base style, the map with its controls, bounds. */

export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}

/** A plain background, with the raster tiles of the deployment's map service when it has one. */
export function baseStyle(tileUrl: string | undefined): StyleSpecification {
  return {
    version: 8,
    sources: tileUrl ? { basemap: { type: 'raster', tiles: [tileUrl], tileSize: 256, maxzoom: 19 } } : {},
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#F3F1EC' } },
      ...(tileUrl ? [{ id: 'basemap', type: 'raster' as const, source: 'basemap', paint: { 'raster-opacity': 0.85 } }] : []),
    ],
  };
}

/**
 * A flat (no rotation, no pitch) map in `el` with zoom buttons and a scale; tile and style errors are logged, never
 * thrown. Null when WebGL is missing or the map cannot start: the caller shows its "unsupported" state.
 */
export function createFlatMap(el: HTMLElement, tileUrl: string | undefined, view: { center: [number, number]; zoom: number }): MapLibreMap | null {
  if (!webglAvailable()) return null;
  let map: MapLibreMap;
  try {
    map = new MapLibreMap({
      container: el,
      style: baseStyle(tileUrl),
      center: view.center,
      zoom: view.zoom,
      attributionControl: tileUrl ? { compact: true } : false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      maxPitch: 0,
    });
  } catch (e) {
    console.warn('map: cannot start', e);
    return null;
  }
  map.addControl(new NavigationControl({ showCompass: false }), 'top-left');
  map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
  // Tile and style errors must not take the page down.
  map.on('error', (e) => console.warn('map error', e.error?.message ?? e));
  return map;
}

/** `b` grown to hold `p` (a new box when `b` is null). */
export function extend(b: BBox | null, p: Position): BBox {
  const x = p[0] ?? 0;
  const y = p[1] ?? 0;
  return b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
}
