import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController } from 'fastify';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { Services } from './platform/services.js';
import type { App } from './platform/http/app-types.js';
import { WRITE_METHODS } from './platform/http/context.js';
import { makeErrorHandler } from './platform/http/error-handler.js';
import { authorizeSubject, makeAuthenticate } from './platform/http/hooks.js';
import { publicRoute } from './platform/http/policy.js';
import { MODULES } from './modules/index.js';
import { pickLang, translate } from './platform/i18n/messages.js';

export interface RouteInfo {
  method: string;
  url: string;
  policy: string;
  action?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

/** Routes added by plugins (API docs, static files) are public by nature. */
const PLUGIN_PUBLIC = [/^\/api\/docs/];

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export async function buildApp(services: Services, opts: { webDist?: string | null } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: services.log,
    trustProxy: services.config.TRUST_PROXY,
    genReqId: (req) => {
      const h = req.headers['x-request-id'];
      return typeof h === 'string' && REQUEST_ID.test(h) ? h : randomUUID();
    },
    bodyLimit: 10 * 1024 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('routeTable', [] as RouteInfo[]);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (methods.every((m) => m === 'HEAD' || m === 'OPTIONS')) return;
    route.config ??= {};
    if (!route.config.policy && PLUGIN_PUBLIC.some((re) => re.test(route.url))) route.config.policy = publicRoute();
    if (!route.config.policy) throw new Error(`route ${methods.join(',')} ${route.url} declares no policy`);
    for (const m of methods) {
      if (m === 'HEAD') continue;
      if (WRITE_METHODS.has(m) && !route.config.action) throw new Error(`write route ${m} ${route.url} declares no audit action`);
      app.routeTable.push({ method: m, url: route.url, policy: route.config.policy.kind, action: route.config.action });
    }
  });

  // One log line per request without query strings or bodies: they may carry personal data.
  app.addHook('onResponse', async (req, reply) => {
    req.log.info({ method: req.method, route: req.routeOptions.url ?? 'unmatched', status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Tongxin 同心 API', version: '0.1.0', description: 'Urban grassroots Party-building and community governance' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'tx_session' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', makeAuthenticate(services));
  app.addHook('preHandler', authorizeSubject);
  app.setErrorHandler(makeErrorHandler(services));

  app.get('/api/openapi.json', { config: { policy: publicRoute() }, schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { config: { policy: publicRoute() }, schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { policy: publicRoute() }, schema: { hide: true } }, async (_req, reply) => {
    try {
      await services.database.db.execute(sql`select 1`);
      return { ok: true, engine: services.database.engine };
    } catch {
      return reply.code(503).send({ ok: false });
    }
  });
  app.get('/api/config', { config: { policy: publicRoute() }, schema: { tags: ['meta'], summary: 'Public client configuration' } }, async () => ({
    mapTileUrl: services.config.MAP_TILE_URL ?? null,
    engine: services.database.engine,
  }));

  for (const m of MODULES) m.routes(app as unknown as App, services);

  const dist = opts.webDist === null ? null : (opts.webDist ?? services.config.WEB_DIST ?? defaultWebDist());
  if (dist && existsSync(path.join(dist, 'index.html'))) {
    await app.register(fastifyStatic, { root: dist, serve: false });
    const h5 = existsSync(path.join(dist, 'h5', 'index.html'));
    app.get('/h5', { config: { policy: publicRoute() }, schema: { hide: true } }, async (_req, reply) => reply.redirect('/h5/'));
    app.get('/h5/*', { config: { policy: publicRoute() }, schema: { hide: true } }, async (_req, reply) =>
      h5 ? reply.sendFile('h5/index.html') : reply.code(404).send(),
    );
    app.get('/*', { config: { policy: publicRoute() }, schema: { hide: true } }, async (req, reply) => {
      const url = req.url.split('?')[0] ?? '/';
      if (url.startsWith('/api/')) return reply.code(404).send(routeNotFound(req.headers['accept-language']));
      const file = path.join(dist, path.normalize(url));
      if (file.startsWith(dist) && url !== '/' && existsSync(file)) return reply.sendFile(path.relative(dist, file));
      return reply.sendFile('index.html');
    });
  }
  app.setNotFoundHandler({ preHandler: undefined }, (req, reply) => {
    reply.code(404).send(routeNotFound(req.headers['accept-language']));
  });
  return app as unknown as App;
}

const routeNotFound = (acceptLanguage: string | undefined) => ({
  error: { code: 'not_found', message: translate('not_found', pickLang(acceptLanguage), { what: 'route' }) },
});

function defaultWebDist(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
}
