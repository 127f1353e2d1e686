import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import { badRequest } from '../../platform/errors.js';
import { files } from '../../platform/files/schema.js';
import { loadWish } from './access.js';
import { isProtected, viewFor } from './present.js';

/** The owners of the module's files: a wish's own photos, and the claimer's proof photos. */
export type WishFileOwner = 'wish' | 'wish_proof';

/**
 * Attaches photos uploaded by the caller (POST /api/files, images, not yet attached) to a wish or its proof, as
 * pb/project-access.ts does; 400 `attachment_invalid` naming `field` when one is unknown, someone else's, not an
 * image or already attached.
 */
export async function claimPhotos(tx: DbOrTx, uploadedBy: string, ids: readonly string[], owner: { type: WishFileOwner; id: string }, field: string) {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  if (unique.length !== ids.length) throw badRequest('validation', field, { detail: 'a photo appears twice' });
  const claimed = await tx
    .update(files)
    .set({ ownerType: owner.type, ownerId: owner.id })
    .where(and(inArray(files.id, unique), eq(files.uploadedBy, uploadedBy), isNull(files.ownerId), inArray(files.mime, ['image/jpeg', 'image/png', 'image/webp'])))
    .returning({ id: files.id });
  if (claimed.length !== unique.length) throw badRequest('attachment_invalid', field);
}

/**
 * Who reads the files: a wish's photos — its poster, beneficiary and community; the claimer and the wall's readers
 * only when the wish is not protected (a minor's or a hardship family's photos stay with the community). Proof
 * photos — the poster, the beneficiary, the community and the claimer.
 */
export const wishFileOwners: Record<WishFileOwner, (db: DbOrTx, auth: AuthState, id: string) => Promise<boolean>> = {
  wish: async (db, auth, id) => {
    const w = await loadWish(db, id);
    const v = w && w.cityId === auth.cityId ? viewFor(auth, w) : null;
    if (!w || !v) return false;
    return v.view === 'full' || !isProtected(w);
  },
  wish_proof: async (db, auth, id) => {
    const w = await loadWish(db, id);
    const v = w && w.cityId === auth.cityId ? viewFor(auth, w) : null;
    return !!v && v.view !== 'public';
  },
};
