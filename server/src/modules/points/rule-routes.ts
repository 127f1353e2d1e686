import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest } from '../../platform/errors.js';
import { Kind, READERS, RULE_EDITORS } from './access.js';
import { cityRules } from './rules.js';
import { pointsRules } from './schema.js';

const Rule = z.object({
  kind: Kind,
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{1,39}$/),
  points: z.number().int().min(-1000).max(1000),
  cap: z.number().int().min(1).max(100_000).nullable().default(null),
  cycle: z.enum(['month', 'quarter', 'year']).nullable().default(null),
  label: z.string().trim().max(60).default(''),
});

/** The city's rules: defaults (rules.ts) overridden by its own rows. */
export function pointsRuleRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/points/rules',
    {
      config: { policy: rolesIn(READERS) },
      schema: { tags: ['points'], summary: 'The rules of my city (points, cap per cycle)', querystring: z.object({ kind: Kind.optional() }) },
    },
    async (req) => ({ items: await cityRules(db, req.ctx.auth!.cityId, req.query.kind) }),
  );

  app.put(
    '/api/points/rules',
    {
      config: { policy: rolesIn(RULE_EDITORS), action: 'points.rules_set' },
      schema: { tags: ['points'], summary: 'Set rules of my city (upsert by kind and code)', body: z.object({ rules: z.array(Rule).min(1).max(100) }) },
    },
    async (req) => {
      const cityId = req.ctx.auth!.cityId;
      const rules = req.body.rules;
      rules.forEach((r, i) => {
        if (r.points === 0) throw badRequest('points_rule_points_zero', `rules.${i}.points`);
        if ((r.cap === null) !== (r.cycle === null)) throw badRequest('points_rule_cap_cycle', `rules.${i}.cycle`);
      });
      const seen = new Set<string>();
      rules.forEach((r, i) => {
        if (seen.has(`${r.kind}:${r.code}`)) throw badRequest('points_rule_duplicate', `rules.${i}.code`);
        seen.add(`${r.kind}:${r.code}`);
      });
      return runCommand(services, req, 'points.rules_set', async ({ tx }) => {
        const now = new Date();
        await tx
          .insert(pointsRules)
          .values(rules.map((r) => ({ cityId, ...r, updatedBy: req.ctx.auth!.userId, updatedAt: now })))
          .onConflictDoUpdate({
            target: [pointsRules.cityId, pointsRules.kind, pointsRules.code],
            set: {
              points: sql`excluded.points`,
              cap: sql`excluded.cap`,
              cycle: sql`excluded.cycle`,
              label: sql`excluded.label`,
              updatedBy: sql`excluded.updated_by`,
              updatedAt: sql`excluded.updated_at`,
            },
          });
        return {
          value: { items: await cityRules(tx, cityId) },
          subjectType: 'points_rules',
          subjectId: cityId,
          cityId,
          detail: { rules: rules.map((r) => `${r.kind}:${r.code}=${r.points}`) },
        };
      });
    },
  );
}
