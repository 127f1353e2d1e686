import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { badRequest } from '../errors.js';
import { files } from './schema.js';

const IMAGES = ['image/jpeg', 'image/png', 'image/webp'];

/**
 * Attaches photos the caller uploaded (POST /api/files: images, not attached yet) to a record of a module, in the
 * caller's transaction; 400 `attachment_invalid` naming `field` when one is unknown, someone else's, not an image
 * or already attached, and 400 `validation` when one is named twice. The module says who may read them with
 * `registerFileOwner(owner.type, …)`.
 */
export async function claimPhotos(tx: DbOrTx, uploadedBy: string, ids: readonly string[], owner: { type: string; id: string }, field = 'photos'): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  if (unique.length !== ids.length) throw badRequest('validation', field, { detail: 'a photo appears twice' });
  const claimed = await tx
    .update(files)
    .set({ ownerType: owner.type, ownerId: owner.id })
    .where(and(inArray(files.id, unique), eq(files.uploadedBy, uploadedBy), isNull(files.ownerId), inArray(files.mime, IMAGES)))
    .returning({ id: files.id });
  if (claimed.length !== unique.length) throw badRequest('attachment_invalid', field);
}
