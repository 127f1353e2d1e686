/**
 * 接诉即办 (appeals): the shapes the server answers, the queries both apps use,
 * and small helpers. The lifecycle itself lives on the server (its state
 * machine decides); the clients only offer the commands it lists as allowed.
 *
 * The parts live in ./appeals/: lists (the codes), types (the answers), api
 * (queries and commands), labels (names and colours), categories, device
 * (photos and position).
 */
export * from './appeals/lists';
export * from './appeals/types';
export * from './appeals/api';
export * from './appeals/labels';
export * from './appeals/categories';
export * from './appeals/device';
