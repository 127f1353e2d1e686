import { boolean, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cityColumn, createdAt, idColumn, updatedAt } from '../../platform/db/columns.js';

/**
 * Linkage departments (职能部门 / 联动单位: 市政, 环卫, 住建, 交警 … 35 in Longhua) that handle dispatched
 * cases. A department sits at a region node (city, district or street) and serves that subtree.
 */
export const departments = pgTable(
  'departments',
  {
    id: idColumn(),
    cityId: cityColumn(),
    regionId: uuid('region_id').notNull(),
    regionPath: text('region_path').notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('departments_city_region_code_uq').on(t.cityId, t.regionId, t.code), index('departments_region_path_idx').on(t.regionPath)],
);

/** Which handlers (users with the dept_handler role) work for which department. */
export const departmentMembers = pgTable(
  'department_members',
  {
    departmentId: uuid('department_id').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.departmentId, t.userId] }), index('department_members_user_idx').on(t.userId)],
);
