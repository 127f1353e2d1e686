import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { AppError, notFound } from '../../platform/errors.js';
import { runCommand } from '../../platform/http/command.js';
import type { Services } from '../../platform/services.js';
import type { DbOrTx } from '../../platform/db/client.js';
import { checkChoices, CONTEXT, type BallotChoices } from './ballot-box.js';
import { requirePhase } from './cycle-access.js';
import { pbBallotInbox, pbCycles, pbPaperEntries } from './schema.js';

export type SheetStatus = 'first_entered' | 'mismatch' | 'accepted';

const same = (a: BallotChoices, b: BallotChoices) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Enters one paper ballot sheet (docs/modules/pb-voting.md, "Paper ballots"). The first entry of a sheet is kept;
 * the second must come from another official: if both say the same, the sheet becomes a ballot (through the inbox,
 * like an online one); if not, it is flagged as a mismatch, and the next entry (a third look, by any official) decides.
 * A sheet already accepted is refused. Audited without the choices.
 */
export async function enterPaperSheet(services: Services, req: FastifyRequest, cycleId: string, sheet: string, input: BallotChoices): Promise<SheetStatus> {
  const me = req.ctx.auth!.userId;
  return runCommand(services, req, 'pb.paper_enter', async ({ tx }) => {
    const [c] = await tx.select().from(pbCycles).where(eq(pbCycles.id, cycleId)).for('update');
    if (!c) throw notFound('pb_cycle');
    requirePhase(req.ctx.auth!, 'enter_paper', c);
    const choices = await checkChoices(tx, c, input);
    const entries = await tx.select().from(pbPaperEntries).where(and(eq(pbPaperEntries.cycleId, cycleId), eq(pbPaperEntries.sheet, sheet))).orderBy(asc(pbPaperEntries.entry));
    if (entries.some((e) => e.acceptedAt)) throw new AppError(409, 'pb_sheet_done', 'this sheet has been counted already', 'sheet');
    const entry = entries.length + 1;
    if (entry === 2 && entries[0]!.enteredBy === me) throw new AppError(409, 'pb_second_official_needed', 'the second entry must be made by another official', 'sheet');
    const accept = entry === 3 || (entry === 2 && same(entries[0]!.choices, choices));
    const now = new Date();
    await tx.insert(pbPaperEntries).values({ cycleId, sheet, entry, enteredBy: me, choices, acceptedAt: accept ? now : null });
    let status: SheetStatus = entry === 1 ? 'first_entered' : 'mismatch';
    if (accept) {
      await tx.update(pbPaperEntries).set({ acceptedAt: now }).where(and(eq(pbPaperEntries.cycleId, cycleId), eq(pbPaperEntries.sheet, sheet), isNull(pbPaperEntries.acceptedAt)));
      await tx.insert(pbBallotInbox).values({ id: randomUUID(), cycleId, sealed: services.crypto.encrypt(JSON.stringify(choices), CONTEXT(cycleId)) });
      status = 'accepted';
    }
    return { value: status, subjectType: 'pb_cycle', subjectId: cycleId, cityId: c.cityId, regionPath: c.regionPath, detail: { sheet, entry, status } };
  });
}

/** Every sheet of a cycle with its state: first entered (waiting for the second), mismatch (waiting for a decision), accepted. */
export async function paperSheets(db: DbOrTx, cycleId: string) {
  const rows = (await db.execute(sql`
    select sheet, count(*)::int as entries, bool_or(accepted_at is not null) as accepted
    from ${pbPaperEntries} where cycle_id = ${cycleId} group by sheet order by sheet`)) as unknown as { rows: Array<{ sheet: string; entries: number; accepted: boolean }> };
  return rows.rows.map((r): { sheet: string; entries: number; status: SheetStatus } => ({
    sheet: r.sheet,
    entries: r.entries,
    status: r.accepted ? 'accepted' : r.entries === 1 ? 'first_entered' : 'mismatch',
  }));
}
