import path from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { App } from '../http/app-types.js';
import type { Services } from '../services.js';
import { authenticated } from '../http/policy.js';
import { runCommand } from '../http/command.js';
import { AppError, forbidden, notFound } from '../errors.js';
import { files } from './schema.js';
import { LocalFileStore } from './storage.js';
import { fileOwnerCheck } from './access.js';

const MAX_MB = 10;
const TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

/** Uploads (photos of a problem, the site, the result) and downloads for those allowed to see them. */
export function fileRoutes(app: App, services: Services): void {
  const store = new LocalFileStore(path.resolve(services.config.DATA_DIR));
  for (const type of TYPES) {
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: MAX_MB * 1024 * 1024 }, (_req, body, done) => done(null, body));
  }

  app.post(
    '/api/files',
    {
      config: { policy: authenticated(), action: 'files.upload' },
      bodyLimit: MAX_MB * 1024 * 1024,
      schema: {
        tags: ['files'],
        summary: `Upload a photo or PDF (raw body, Content-Type image/jpeg|png|webp or application/pdf, at most ${MAX_MB} MB); attach it by id`,
        querystring: z.object({ name: z.string().trim().min(1).max(120).default('upload') }),
      },
    },
    async (req, reply) => {
      const mime = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
      if (!TYPES.has(mime) || !Buffer.isBuffer(req.body)) throw new AppError(415, 'file_type', 'unsupported type', 'content-type');
      const data = req.body;
      if (data.length === 0) throw new AppError(400, 'file_type', 'empty file', 'body');
      const sha = store.put(data);
      const auth = req.ctx.auth!;
      const row = await runCommand(services, req, 'files.upload', async ({ tx }) => {
        const [f] = await tx.insert(files).values({ cityId: auth.cityId, name: req.query.name, mime, size: data.length, sha256: sha, uploadedBy: auth.userId }).returning();
        return { value: f!, subjectType: 'file', subjectId: f!.id, detail: { mime, size: data.length } };
      });
      return reply.code(201).send({ file: { id: row.id, name: row.name, mime: row.mime, size: row.size } });
    },
  );

  app.get(
    '/api/files/:id',
    { config: { policy: authenticated() }, schema: { tags: ['files'], summary: 'Download a file I uploaded or whose record I may see', params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const auth = req.ctx.auth!;
      const [f] = await services.database.db.select().from(files).where(eq(files.id, req.params.id)).limit(1);
      if (!f) throw notFound('file');
      const mayRead =
        f.uploadedBy === auth.userId || (f.ownerType && f.ownerId ? await fileOwnerCheck(f.ownerType)?.(services.database.db, auth, f.ownerId) : false);
      if (!mayRead) throw forbidden('out_of_scope');
      const data = store.get(f.sha256);
      if (!data) throw notFound('file');
      reply.header('content-type', f.mime).header('cache-control', 'private, max-age=3600');
      reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.name)}`);
      return reply.send(data);
    },
  );
}
