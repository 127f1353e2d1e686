import type { CryptoProvider } from '../../platform/pii/index.js';
import type { AuthState } from '../../platform/http/context.js';
import { fenToYuan, partsIn } from './access.js';
import { openBeneficiary, presentBeneficiary, presentForDelivery } from './beneficiary.js';
import { allowedCommands, type WishPart } from './machine.js';
import type { WishRow } from './schema.js';

/** A wish of a minor (未成年人) or of a hardship family (困难家庭): nothing identifying leaves the community. */
export const isProtected = (w: Pick<WishRow, 'minor' | 'hardship'>) => w.minor || w.hardship;

/** The text the wall shows: the community's public text; for an ordinary wish the poster's own until one is written. */
export function publicText(w: WishRow): { title: string | null; story: string | null } {
  if (isProtected(w)) return { title: w.publicTitle, story: w.publicStory };
  return { title: w.publicTitle ?? w.title, story: w.publicStory ?? w.story };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The wall's view, for members, units and residents of the area: the public text, the category, the value, the
 * deadline and the community's name. A protected wish shows no photos and no grid, and does not say which
 * protection applies.
 */
export function presentPublic(w: WishRow, communityName: string | null) {
  const text = publicText(w);
  return {
    id: w.id,
    status: w.status,
    category: w.category,
    title: text.title,
    story: text.story,
    estimatedValueYuan: fenToYuan(w.estimatedValueFen),
    deadline: w.deadline.toISOString(),
    community: { id: w.communityId, name: communityName },
    photos: isProtected(w) ? [] : w.photos,
    protected: isProtected(w),
    publishedAt: iso(w.publishedAt),
  };
}

const claimerOf = (w: WishRow) => (w.claimerKind ? { kind: w.claimerKind, name: w.claimerName, claimedAt: iso(w.claimedAt) } : null);
const proofOf = (w: WishRow) => (w.fulfilledAt ? { note: w.proofNote, photos: w.proofPhotos, fulfilledAt: iso(w.fulfilledAt) } : null);

/**
 * The claimer's view: what they need to deliver. An ordinary wish: the poster's text and photos, the beneficiary's
 * masked name and phone and the delivery address. A protected wish: the public text only, no photos, no
 * beneficiary at all — the claimer hands it over through the community (`handoverNote`, written by the verifier).
 * Never an ID number, never which protection applies.
 */
export function presentForClaimer(crypto: CryptoProvider, w: WishRow, communityName: string | null, parts: Iterable<WishPart>) {
  const protectedWish = isProtected(w);
  return {
    ...presentPublic(w, communityName),
    view: 'claimer' as const,
    title: protectedWish ? w.publicTitle : w.title,
    story: protectedWish ? w.publicStory : w.story,
    photos: protectedWish ? [] : w.photos,
    handoverNote: w.handoverNote,
    delivery: protectedWish ? null : presentForDelivery(openBeneficiary(crypto, w.id, w.beneficiaryEnc)),
    claimer: claimerOf(w),
    proof: proofOf(w),
    pointsAwarded: w.pointsAwarded,
    commands: allowedCommands(parts, w.status),
  };
}

/** The full wish, for its poster, its beneficiary and the community: everything but the ID number and the unmasked phone. */
export function presentFull(crypto: CryptoProvider, w: WishRow, communityName: string | null, parts: Iterable<WishPart>) {
  return {
    ...presentPublic(w, communityName),
    view: 'full' as const,
    title: w.title,
    story: w.story,
    photos: w.photos,
    postedAs: w.postedAs,
    region: { id: w.regionId },
    minor: w.minor,
    hardship: w.hardship,
    publicTitle: w.publicTitle,
    publicStory: w.publicStory,
    handoverNote: w.handoverNote,
    beneficiary: presentBeneficiary(openBeneficiary(crypto, w.id, w.beneficiaryEnc)),
    rejectReason: w.rejectReason,
    cancelReason: w.cancelReason,
    verifiedAt: iso(w.verifiedAt),
    claimer: claimerOf(w),
    proof: proofOf(w),
    confirmedAt: iso(w.confirmedAt),
    pointsAwarded: w.pointsAwarded,
    createdAt: w.createdAt.toISOString(),
    commands: allowedCommands(parts, w.status),
  };
}

export type WishView = 'full' | 'claimer' | 'public';

/** Which view the caller gets of a wish, or null when they may not see it. */
export function viewFor(auth: AuthState, w: WishRow): { view: WishView; parts: WishPart[] } | null {
  const all = partsIn(auth, w);
  const parts = [...all].filter((p): p is WishPart => p !== 'neighbour');
  if (all.has('poster') || all.has('beneficiary') || all.has('community')) return { view: 'full', parts };
  if (all.has('claimer')) return { view: 'claimer', parts };
  if ((all.has('member') || all.has('unit') || all.has('neighbour')) && w.status === 'published') return { view: 'public', parts };
  return null;
}

/** Presents a wish in the view the caller is entitled to (callers use `viewFor` first). */
export function presentAs(crypto: CryptoProvider, w: WishRow, communityName: string | null, v: { view: WishView; parts: WishPart[] }) {
  if (v.view === 'full') return presentFull(crypto, w, communityName, v.parts);
  if (v.view === 'claimer') return presentForClaimer(crypto, w, communityName, v.parts);
  return { ...presentPublic(w, communityName), view: 'public' as const, commands: allowedCommands(v.parts, w.status) };
}
