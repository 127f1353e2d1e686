import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { badRequest } from '../../platform/errors.js';
import { accountRegion, accountSubject, Kind, POSTERS, READERS } from './access.js';
import { awardByRule, balanceOf, postEntry } from './ledger.js';
import { entriesOf } from './queries.js';

const UserParam = z.object({ userId: z.uuid() });
const KEY = z.string().trim().min(1).max(100);

/** An account seen by the organisers above it: its entries; manual awards and deductions by the community. */
export function pointsAccountRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.get(
    '/api/points/accounts/:userId/entries',
    {
      config: { policy: rolesIn(READERS, accountSubject(db)) },
      schema: {
        tags: ['points'],
        summary: 'An account’s balance and entries (organisers above the holder)',
        params: UserParam,
        querystring: z.object({
          kind: Kind.default('party'),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(20),
        }),
      },
    },
    async (req) => {
      const { kind, page, pageSize } = req.query;
      const list = await entriesOf(db, kind, req.params.userId, page, pageSize);
      return { ...list, kind, userId: req.params.userId, balance: await balanceOf(db, kind, req.params.userId) };
    },
  );

  app.post(
    '/api/points/accounts/:userId/entries',
    {
      config: { policy: rolesIn(POSTERS, accountSubject(db)), action: 'points.post' },
      schema: {
        tags: ['points'],
        summary: 'Award or deduct by hand: a rule code, or a custom amount with a reason; idempotent by key',
        params: UserParam,
        body: z.object({
          kind: Kind,
          rule: z.string().trim().min(1).max(60).optional(),
          delta: z.number().int().min(-10_000).max(10_000).optional(),
          reason: z.string().trim().min(2).max(200).optional(),
          idempotencyKey: KEY.optional(),
        }),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const header = req.headers['idempotency-key'];
      const key = b.idempotencyKey ?? (typeof header === 'string' ? header.trim().slice(0, 100) : undefined);
      if (!key) throw badRequest('points_idempotency_key_required', 'idempotencyKey');
      if (b.rule !== undefined && b.delta !== undefined) throw badRequest('points_rule_or_delta', 'delta');
      if (b.rule === undefined && (b.delta === undefined || b.delta === 0)) throw badRequest('points_delta_invalid', 'delta');
      if (b.delta !== undefined && !b.reason) throw badRequest('points_reason_required', 'reason');
      const auth = req.ctx.auth!;
      const userId = req.params.userId;
      const regionPath = (await accountRegion(db, auth.cityId, b.kind, userId)) ?? undefined;
      // Keys are the community's own: namespaced by the holder, so two accounts never share one.
      const idempotencyKey = `manual:${userId}:${key}`;
      const out = await runCommand(services, req, 'points.post', async ({ tx }) => {
        const base = { kind: b.kind, cityId: auth.cityId, userId, sourceType: 'manual', sourceId: auth.userId, idempotencyKey, actorUserId: auth.userId };
        const value =
          b.rule !== undefined
            ? await awardByRule(tx, { ...base, rule: b.rule })
            : await postEntry(tx, { ...base, delta: b.delta!, reason: b.delta! > 0 ? 'manual_award' : 'manual_deduction', note: b.reason }).then((r) => ({
                ...r,
                entryId: r.entryId as string | null,
                points: b.delta!,
                capped: false,
              }));
        return {
          value,
          subjectType: 'points_account',
          subjectId: `${b.kind}:${userId}`,
          cityId: auth.cityId,
          regionPath,
          detail: { kind: b.kind, userId, rule: b.rule ?? null, points: value.points, entryId: value.entryId, replayed: value.replayed },
        };
      });
      return reply.code(out.replayed ? 200 : 201).send(out);
    },
  );
}
