/** The store's lists, free of imports (the web app may import them). */
export const STORE_ITEM_KINDS = ['goods', 'meal_discount', 'service'] as const;
export type StoreItemKind = (typeof STORE_ITEM_KINDS)[number];

/** A merchant profile: pending until the community (or street) above it approves it; suspended hides its goods. */
export const STORE_MERCHANT_STATUSES = ['pending', 'approved', 'suspended'] as const;
export type StoreMerchantStatus = (typeof STORE_MERCHANT_STATUSES)[number];

/** issued → honoured | cancelled (docs/modules/store.md). */
export const STORE_REDEMPTION_STATUSES = ['issued', 'honoured', 'cancelled'] as const;
export type StoreRedemptionStatus = (typeof STORE_REDEMPTION_STATUSES)[number];

/** Who cancelled a redemption. */
export type StoreCancelledBy = 'resident' | 'merchant' | 'expiry';
