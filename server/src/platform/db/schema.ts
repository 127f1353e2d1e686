/** Every table of the application, for Drizzle's relational queries and for drizzle-kit. */
export * from '../auth/schema.js';
export * from '../access/schema.js';
export * from '../audit/schema.js';
export * from '../events/schema.js';
export * from '../jobs/schema.js';
export * from '../calendar/schema.js';
export * from '../files/schema.js';
export * from '../../modules/regions/schema.js';
export * from '../../modules/units/schema.js';
export * from '../../modules/orgs/schema.js';
export * from '../../modules/departments/schema.js';
export * from '../../modules/appeals/schema.js';
export * from '../../modules/open311/schema.js';
export * from '../../modules/pb/schema.js';
