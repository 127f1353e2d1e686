import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';
import { translate } from '../i18n/messages.js';
import { writeAudit } from '../audit/audit.js';
import type { Services } from '../services.js';
import { WRITE_METHODS } from './context.js';

interface ErrorBody {
  error: { code: string; message: string; field?: string; [k: string]: unknown };
}

/** Turns any error into the one error shape, in the caller's language; 5xx never leak details. */
export function toErrorResponse(err: unknown, req: FastifyRequest): { status: number; body: ErrorBody } {
  const lang = req.ctx?.lang ?? 'zh-CN';
  if (err instanceof AppError) {
    const params = { ...(err.extra ?? {}), field: err.field };
    return {
      status: err.status,
      body: { error: { code: err.code, message: translate(err.code, lang, params), ...(err.field ? { field: err.field } : {}), ...(err.extra ?? {}) } },
    };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const where = (err as FastifyError).validationContext ?? 'body';
    const instancePath = first?.instancePath ?? '';
    const field = instancePath.replace(/^\//, '').replace(/\//g, '.') || (first?.params as { issue?: { path?: unknown[] } })?.issue?.path?.join('.') || where;
    const detail = first?.message ?? 'invalid';
    return { status: 400, body: { error: { code: 'validation', message: translate('validation', lang, { field, detail }), field } } };
  }
  const fe = err as FastifyError;
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx: malformed JSON, body too large, unsupported media type.
    const code = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : fe.statusCode === 413 ? 'payload_too_large' : 'bad_request';
    return { status: fe.statusCode, body: { error: { code, message: translate(code, lang), field: 'body' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: translate('internal', lang) } } };
}

export function makeErrorHandler(services: Services) {
  return async (err: unknown, req: FastifyRequest, reply: FastifyReply) => {
    const { status, body } = toErrorResponse(err, req);
    if (status >= 500) {
      req.log.error({ err: { type: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'request failed');
    }
    // A write route that failed still leaves one trace: denied (401/403) or error (everything else).
    if (req.ctx && !req.ctx.audited && WRITE_METHODS.has(req.method) && req.routeOptions.config?.action) {
      req.ctx.audited = true;
      await writeAudit(services.database.db, {
        cityId: req.ctx.auth?.cityId ?? null,
        actorId: req.ctx.auth?.userId ?? null,
        actorName: req.ctx.auth?.username ?? null,
        action: req.routeOptions.config.action,
        ip: req.ctx.ip,
        requestId: req.ctx.requestId,
        result: status === 401 || status === 403 ? 'denied' : 'error',
        detail: { status, code: body.error.code, ...(body.error.field ? { field: body.error.field } : {}) },
      }).catch((e: unknown) => req.log.error({ err: { message: (e as Error).message } }, 'audit write failed'));
    }
    return reply.code(status).send(body);
  };
}
