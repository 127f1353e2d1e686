import type { DbOrTx } from '../../platform/db/client.js';
import type { AuthState } from '../../platform/http/context.js';
import { loadWish } from './access.js';
import { isProtected, viewFor } from './present.js';

/** The owners of the module's files: a wish's own photos, and the claimer's proof photos. */
export type WishFileOwner = 'wish' | 'wish_proof';

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
