import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

export const UNIT_KINDS = ['enterprise', 'agency', 'school', 'property', 'social_org'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/** Units (单位): enterprises, agencies, schools, property companies, social organisations, located in a region. */
export const units = pgTable(
  'units',
  {
    id: idColumn(),
    cityId: cityColumn(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    kind: text('kind').$type<UnitKind>().notNull(),
    name: text('name').notNull(),
    creditCode: text('credit_code'),
    address: text('address'),
    lng: doublePrecision('lng'),
    lat: doublePrecision('lat'),
    sourceCrs: text('source_crs').notNull().default('wgs84'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('units_region_path_idx').on(t.regionPath),
    check('units_kind_ck', sql`${t.kind} in ('enterprise','agency','school','property','social_org')`),
  ],
);
