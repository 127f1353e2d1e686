import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

/** 党委 / 党工委 / 党总支 / 党支部 / 党小组 */
export const ORG_KINDS = ['committee', 'working_committee', 'general_branch', 'branch', 'group'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
/** 临时党支部, 联合党支部, 小区党支部, 候鸟党委, 渔船党支部 */
export const ORG_SPECIALS = ['temporary', 'joint', 'compound', 'migratory', 'fishing_boat'] as const;
export type OrgSpecial = (typeof ORG_SPECIALS)[number];

/** Party organisations, attached to a region node or to a unit; scoped by the region they sit in. */
export const partyOrgs = pgTable(
  'party_orgs',
  {
    id: idColumn(),
    cityId: cityColumn(),
    parentId: uuid('parent_id'),
    kind: text('kind').$type<OrgKind>().notNull(),
    special: text('special').$type<OrgSpecial>(),
    name: text('name').notNull(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    unitId: uuid('unit_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('party_orgs_region_path_idx').on(t.regionPath),
    index('party_orgs_parent_idx').on(t.parentId),
    check('party_orgs_kind_ck', sql`${t.kind} in ('committee','working_committee','general_branch','branch','group')`),
    check(
      'party_orgs_special_ck',
      sql`${t.special} is null or ${t.special} in ('temporary','joint','compound','migratory','fishing_boat')`,
    ),
  ],
);
