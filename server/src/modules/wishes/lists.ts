/**
 * The lists of micro-wishes (微心愿), free of imports so that the web app can import them too.
 */

/** The states of a wish; see machine.ts for how it moves between them. */
export const WISH_STATUSES = ['submitted', 'verified', 'rejected', 'published', 'claimed', 'fulfilled', 'confirmed', 'expired', 'cancelled'] as const;
export type WishStatus = (typeof WISH_STATUSES)[number];

/** Categories: 学习用品, 生活物资, 陪伴关爱, 就医帮助, 家居维修, 其他. */
export const WISH_CATEGORIES = ['study', 'daily', 'companionship', 'medical', 'repair', 'other'] as const;
export type WishCategory = (typeof WISH_CATEGORIES)[number];

export const WISH_CATEGORY_NAMES: Record<WishCategory, string> = {
  study: '学习用品',
  daily: '生活物资',
  companionship: '陪伴关爱',
  medical: '就医帮助',
  repair: '家居维修',
  other: '其他',
};

/** Who posted it: a resident for themself, or the community on a family's behalf. */
export const WISH_POSTED_AS = ['self', 'community'] as const;
export type WishPostedAs = (typeof WISH_POSTED_AS)[number];

/** Who claimed it: a Party member, or a unit (共建单位) through its administrator. */
export const WISH_CLAIMER_KINDS = ['member', 'unit'] as const;
export type WishClaimerKind = (typeof WISH_CLAIMER_KINDS)[number];
