export type { CryptoProvider, MasterKey, Sm4CryptoProviderOptions } from './crypto-provider.js';
export { Sm4CryptoProvider, PiiCryptoError, normalizeForIndex } from './crypto-provider.js';
export { loadOrCreateMasterKey, masterKeyFromEnv, masterKeyPath, keyIdOf, MasterKeyError, MASTER_KEY_BYTES } from './key-store.js';
export { maskPhone, maskIdNumber, maskName } from './mask.js';
export type { IdNumberResult, PhoneResult } from './id-number.js';
export { validateIdNumber, makeIdNumber, idNumberCheckChar, validatePhone } from './id-number.js';
