import { randomInt } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { publicRoute, rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError, notFound } from '../../platform/errors.js';
import { castBallot, codeHash } from './ballot-box.js';
import { cycleSubject, ORGANISERS, requirePhase, IdParam } from './cycle-access.js';
import { pbCycles, pbVotingCodes } from './schema.js';

const Id = IdParam;
/** Crockford-style alphabet: no I, L, O, U — nothing to misread on paper. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of 32: 60 bits, printed as XXXX-XXXX-XXXX. */
export function newVotingCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`;
}

export function pbCodeRoutes(app: App, services: Services) {
  const { db } = services.database;

  app.post(
    '/api/pb/cycles/:id/codes',
    {
      config: { policy: rolesIn(ORGANISERS, cycleSubject(db, ['organiser'])), action: 'pb.codes_issue' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Issue one-time voting codes to print and hand out; shown once, only their HMAC is kept',
        params: Id,
        body: z.object({ count: z.number().int().min(1).max(5000) }),
      },
    },
    async (req, reply) => {
      const codes = await runCommand(services, req, 'pb.codes_issue', async ({ tx }) => {
        const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, req.params.id));
        if (!c) throw notFound('pb_cycle');
        requirePhase(req.ctx.auth!, 'manage_voters', c);
        if (c.voterBasis === 'register') throw new AppError(409, 'pb_codes_not_used', 'this cycle votes by the register only', 'count');
        const out = Array.from({ length: req.body.count }, newVotingCode);
        await tx.insert(pbVotingCodes).values(out.map((code) => ({ cycleId: c.id, codeHash: codeHash(services, c.id, code) }))).onConflictDoNothing();
        return { value: out, subjectType: 'pb_cycle', subjectId: c.id, cityId: c.cityId, regionPath: c.regionPath, detail: { count: out.length } };
      });
      return reply.code(201).send({ codes });
    },
  );

  app.post(
    '/api/pb/cycles/:id/code-ballots',
    {
      config: { policy: publicRoute(), action: 'pb.vote' },
      schema: {
        tags: ['micro-projects'],
        summary: 'Cast a ballot with a one-time voting code (no account needed); final once cast',
        params: Id,
        body: z.object({
          code: z.string().trim().min(4).max(40),
          projects: z.array(z.number().int().positive()).max(200),
          points: z.array(z.number().int().positive()).max(200).optional(),
        }),
      },
    },
    async (req, reply) => {
      const { code, ...choices } = req.body;
      await castBallot(services, req, req.params.id, { code }, choices);
      return reply.code(204).send();
    },
  );
}
