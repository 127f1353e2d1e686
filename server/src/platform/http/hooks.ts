import type { FastifyRequest } from 'fastify';
import { pickLang } from '../i18n/messages.js';
import { AppError } from '../errors.js';
import { SESSION_COOKIE, resolveSession } from '../auth/sessions.js';
import type { Services } from '../services.js';
import { checkCaller, checkSubject } from './policy.js';

function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  return req.cookies?.[SESSION_COOKIE];
}

/** onRequest: who is calling, in which language, and may they call this route at all. */
export function makeAuthenticate(services: Services) {
  return async (req: FastifyRequest) => {
    req.ctx = { requestId: String(req.id), ip: req.ip, lang: pickLang(req.headers['accept-language']), auth: null, audited: false };
    const policy = req.routeOptions.config?.policy;
    const token = bearer(req);
    if (token && policy && policy.kind !== 'public') {
      const found = await resolveSession(services.database.db, services.config, token);
      if (found && 'state' in found) req.ctx.auth = found.state;
      else if (found && 'expired' in found) throw new AppError(401, 'session_expired');
    }
    if (policy) checkCaller(req, policy);
  };
}

/** preHandler: the subject of the request (after validation) lies in the caller's scope. */
export async function authorizeSubject(req: FastifyRequest) {
  const policy = req.routeOptions.config?.policy;
  if (policy) await checkSubject(req, policy);
}
