import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { rolesIn, scopeRootsFor } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { AppError } from '../../platform/errors.js';
import { pathInRoots } from '../../platform/access/scope.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { MEMBER_KINDS, partyMembers } from './schema.js';
import { MEMBER_MANAGERS, MEMBER_PII_READERS, MEMBER_READERS } from './access.js';
import { importMembers } from './import.js';
import { presentMembers } from './presenters.js';
import { GENDER_LABELS, KIND_LABELS, STANDING_LABELS, XLSX_TYPE, label, readMemberSheet, rowsWorkbook, templateWorkbook } from './workbook.js';
import { ID_CONTEXT, PHONE_CONTEXT } from './member-input.js';

const MAX_MB = 20;
const REPORT_LABELS: Record<string, string> = { reported: '待审核', approved: '已报到', rejected: '已退回', superseded: '已迁出' };

/** Excel: the template, the import with its row-by-row report, and the export of the members in scope. */
export function transferRoutes(app: App, services: Services): void {
  const { db } = services.database;
  if (!app.hasContentTypeParser(XLSX_TYPE)) {
    app.addContentTypeParser(XLSX_TYPE, { parseAs: 'buffer', bodyLimit: MAX_MB * 1024 * 1024 }, (_req, body, done) => done(null, body));
  }
  const attachment = (reply: { header(k: string, v: string): unknown }, name: string) => {
    reply.header('content-type', XLSX_TYPE);
    reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`);
  };

  app.get(
    '/api/members/import/template',
    { config: { policy: rolesIn(MEMBER_MANAGERS) }, schema: { tags: ['members'], summary: 'The Excel template for importing members (Chinese column headers, drop-downs, instructions)' } },
    async (_req, reply) => {
      attachment(reply, '党员信息导入模板');
      return reply.send(await templateWorkbook());
    },
  );

  app.post(
    '/api/members/import',
    {
      config: { policy: rolesIn(MEMBER_MANAGERS), action: 'members.import' },
      bodyLimit: MAX_MB * 1024 * 1024,
      schema: {
        tags: ['members'],
        summary: `Import members from the template (raw body, Content-Type ${XLSX_TYPE}, at most ${MAX_MB} MB): every valid row is added; the answer lists exactly the failed rows with field and reason`,
      },
    },
    async (req) => {
      const mime = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (mime !== XLSX_TYPE || !Buffer.isBuffer(req.body)) throw new AppError(415, 'file_type', 'xlsx expected', 'content-type');
      const sheet = await readMemberSheet(req.body);
      const roots = scopeRootsFor(req, MEMBER_MANAGERS);
      return runCommand(services, req, 'members.import', async ({ tx, actor }) => {
        const report = await importMembers(tx, services.crypto, actor!, roots, sheet);
        return { value: report, subjectType: 'party_member', detail: { rows: report.total, imported: report.imported, failed: report.failed.length } };
      });
    },
  );

  app.get(
    '/api/members/export',
    {
      config: { policy: rolesIn(MEMBER_READERS) },
      schema: {
        tags: ['members'],
        summary: 'Export the members in my area as Excel (re-importable columns); unmask=true gives ID and phone numbers in clear to those who may read them (audited)',
        querystring: z.object({ kind: z.enum(MEMBER_KINDS).optional(), unmask: z.enum(['true', 'false']).default('false') }),
      },
    },
    async (req, reply) => {
      const conds: SQL[] = [eq(partyMembers.cityId, req.ctx.auth!.cityId), pathInRoots(partyMembers.regionPath, scopeRootsFor(req, MEMBER_READERS))];
      if (req.query.kind) conds.push(eq(partyMembers.kind, req.query.kind));
      const rows = await db.select().from(partyMembers).where(and(...conds)).orderBy(asc(partyMembers.regionPath), asc(partyMembers.name)).limit(100_000);
      const shown = await presentMembers(db, services.crypto, rows);
      const piiRoots = req.query.unmask === 'true' ? scopeRootsFor(req, MEMBER_PII_READERS) : [];
      let unmasked = 0;
      const data = rows.map((m, i) => {
        const s = shown[i]!;
        const clear = piiRoots.some((r) => m.regionPath.startsWith(r));
        if (clear) unmasked++;
        return [
          m.name,
          clear ? services.crypto.decrypt(m.idNumberEnc, ID_CONTEXT) : s.idNumberMasked,
          clear ? (m.phoneEnc ? services.crypto.decrypt(m.phoneEnc, PHONE_CONTEXT) : null) : s.phoneMasked,
          label(GENDER_LABELS, m.gender),
          m.birthDate,
          label(STANDING_LABELS, m.standing),
          m.joinDate,
          s.orgName,
          s.unitName,
          label(KIND_LABELS, m.kind),
          m.address,
          s.buildingName,
          m.skills.join('、'),
          s.gridName,
          s.branchOrgName,
          s.reportStatus ? (REPORT_LABELS[s.reportStatus] ?? s.reportStatus) : '未报到',
        ];
      });
      if (unmasked > 0) {
        const auth = req.ctx.auth!;
        await writeAudit(db, {
          cityId: auth.cityId,
          actorId: auth.userId,
          actorName: auth.username,
          action: 'members.export_unmasked',
          subjectType: 'party_member',
          ip: req.ctx.ip,
          requestId: req.ctx.requestId,
          result: 'ok',
          detail: { rows: unmasked, fields: ['idNumber', 'phone'] },
        });
      }
      attachment(reply, '党员信息');
      return reply.send(await rowsWorkbook(['网格', '兼合式党支部', '报到状态'], data));
    },
  );
}
