/** 接诉即办 (appeals): the browser's part of a report — photos to upload, the current position. */
import { uploadFile, type UploadedFile } from '../api';
import type { LngLat } from '../types';

const UPLOADABLE = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_EDGE = 2048;
const KEEP_BELOW = 3 * 1024 * 1024;

/**
 * Uploads a photo. Photos the server does not take (e.g. HEIC) or that are very
 * large are re-encoded as JPEG, at most 2048 px on the long edge, when the
 * browser can decode them.
 */
export async function uploadPhoto(file: File): Promise<UploadedFile> {
  if (UPLOADABLE.has(file.type) && file.size <= KEEP_BELOW) {
    return uploadFile(file, file.name);
  }
  let blob: Blob | null = null;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
  } catch {
    blob = null;
  }
  if (!blob) {
    // Let the server say what is wrong with it.
    return uploadFile(file, file.name);
  }
  const name = file.name.replace(/\.[^.]+$/, '') + '.jpg';
  return uploadFile(blob, name, 'image/jpeg');
}

/* ------------------------------------------------------------------ geolocation */

export type GeoFailure = 'unsupported' | 'denied' | 'unavailable' | 'timeout';

/** The browser's position (WGS-84), or why there is none. */
export function currentPosition(timeout = 10_000): Promise<{ ok: true; point: LngLat; accuracy: number } | { ok: false; reason: GeoFailure }> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      resolve({ ok: false, reason: 'unsupported' });
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ ok: true, point: [p.coords.longitude, p.coords.latitude], accuracy: p.coords.accuracy }),
      (e) =>
        resolve({
          ok: false,
          reason: e.code === e.PERMISSION_DENIED ? 'denied' : e.code === e.TIMEOUT ? 'timeout' : 'unavailable',
        }),
      { enableHighAccuracy: true, timeout, maximumAge: 30_000 },
    );
  });
}
