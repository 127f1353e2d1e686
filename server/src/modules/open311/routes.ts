import { and, asc, desc, eq, gte, inArray, lte, max, notInArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../platform/http/app-types.js';
import type { Services } from '../../platform/services.js';
import { publicRoute, rolesIn } from '../../platform/http/policy.js';
import { runCommand } from '../../platform/http/command.js';
import { toErrorResponse } from '../../platform/http/error-handler.js';
import { WRITE_METHODS } from '../../platform/http/context.js';
import { writeAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors.js';
import { regions } from '../regions/schema.js';
import { departments } from '../departments/schema.js';
import { appealCategories, appeals, URGENCIES, type Urgency } from '../appeals/schema.js';
import { categoriesOfCity, type CategoryRow } from '../appeals/categories.js';
import { intake } from '../appeals/intake.js';
import {
  CLOSED_STATUSES,
  FORMATS,
  Open311Error,
  SPECIFICATION,
  formatOfUrl,
  open311Error,
  parseIsoDate,
  presentRequest,
  presentService,
  sendDocument,
  sendErrors,
  serviceDefinition,
  serviceNotice,
  shanghaiIso,
  withMediaUrl,
  type Format,
} from './format.js';
import { actAsKeyServiceAccount, findActiveKey, issueKey, keysOfCity, revokeKey } from './keys.js';
import { open311Keys } from './schema.js';

/**
 * Open311 GeoReport v2 over the appeals (12345) module, under /open311/v2, each resource as .json and .xml.
 * Discovery, services and requests are public and carry no personal data; filing a request takes an api_key
 * and goes through the appeals intake as the key's service account (channel `open311`). Errors come as the
 * spec's `[{ code, description }]`. The keys are managed by city-level administrators under /api/open311/keys.
 */

const PREFIX = '/open311/v2';
const DAY_MS = 86_400_000;
const MAX_SPAN_DAYS = 90;
const MAX_REQUESTS = 1000;
const TOKEN = /^[\x21-\x7E]{8,100}$/;

const Format = z.enum(FORMATS);
const Jurisdiction = z.object({ jurisdiction_id: z.string().trim().max(64).optional() });
const Scalar = z.union([z.string(), z.number()]);

/** A POST body as clients send it, form-encoded or JSON; every check beyond the types is the handler's. */
const RequestBody = z
  .object({
    api_key: Scalar.optional(),
    jurisdiction_id: Scalar.optional(),
    service_code: Scalar.optional(),
    lat: Scalar.optional(),
    long: Scalar.optional(),
    address_string: Scalar.optional(),
    address_id: Scalar.optional(),
    attribute: z.record(z.string(), Scalar).optional(),
    email: Scalar.optional(),
    device_id: Scalar.optional(),
    account_id: Scalar.optional(),
    first_name: Scalar.optional(),
    last_name: Scalar.optional(),
    phone: Scalar.optional(),
    description: Scalar.optional(),
    media_url: Scalar.optional(),
  })
  .catchall(z.unknown())
  .optional();

const text = (v: unknown): string | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
};

const bad = (code: string, zh: string, en: string) => open311Error(400, code, zh, en);

const hasCjk = (s: string) => /\p{Script=Han}/u.test(s);

/** The contact's name as people write it: 周 + 阿姨 for Chinese names (family name first), "Ann Lee" otherwise. */
function fullName(first: string | null, last: string | null): string | null {
  if (!first && !last) return null;
  if (!first || !last) return first ?? last;
  return hasCjk(first) || hasCjk(last) ? `${last}${first}` : `${first} ${last}`;
}

export function open311Routes(app: App, services: Services): void {
  const { db } = services.database;

  /** The city a jurisdiction_id names (its region code); without one, the only city there is. */
  async function cityFor(jurisdictionId: string | undefined) {
    const cols = { id: regions.id, code: regions.code, name: regions.name, path: regions.path };
    if (jurisdictionId) {
      const [c] = await db.select(cols).from(regions).where(and(eq(regions.level, 'city'), eq(regions.code, jurisdictionId))).limit(1);
      if (!c) throw open311Error(404, 'jurisdiction_unknown', `未知的 jurisdiction_id：${jurisdictionId}`, `jurisdiction_id not found: ${jurisdictionId}`);
      return c;
    }
    const cities = await db.select(cols).from(regions).where(eq(regions.level, 'city')).orderBy(asc(regions.code)).limit(2);
    if (cities.length === 1) return cities[0]!;
    if (cities.length === 0) throw open311Error(404, 'jurisdiction_unknown', '没有可用的辖区', 'No jurisdiction is served here');
    throw bad('jurisdiction_required', '本服务覆盖多个城市，请提供 jurisdiction_id', 'This server serves several cities: give jurisdiction_id');
  }

  /** Leaf categories of a city with the names of their ancestors, nearest last. */
  async function leafServices(cityId: string) {
    const cats = await categoriesOfCity(db, cityId);
    const byId = new Map(cats.map((c) => [c.id, c]));
    const parents = new Set(cats.map((c) => c.parentId).filter((p): p is string => p !== null));
    const ancestors = (c: CategoryRow) => {
      const names: string[] = [];
      for (let p = c.parentId ? byId.get(c.parentId) : undefined; p && names.length < 6; p = p.parentId ? byId.get(p.parentId) : undefined) names.unshift(p.name);
      return names;
    };
    return cats.filter((c) => !parents.has(c.id)).map((c) => ({ category: c, ancestors: ancestors(c) }));
  }

  const grid = alias(regions, 'grid');
  /** Public requests: the listed columns only (never the reporter, callers, contact or title). */
  async function findRequests(where: SQL, limit: number) {
    const rows = await db
      .select({
        number: appeals.number,
        status: appeals.status,
        description: appeals.description,
        address: appeals.address,
        lng: appeals.lng,
        lat: appeals.lat,
        receivedAt: appeals.receivedAt,
        updatedAt: appeals.updatedAt,
        dueBy: appeals.dueBy,
        serviceCode: appealCategories.code,
        serviceName: appealCategories.name,
        workingDays: appealCategories.workingDays,
        agency: sql<string | null>`coalesce(${departments.name}, ${grid.name})`,
      })
      .from(appeals)
      .leftJoin(appealCategories, eq(appealCategories.id, appeals.categoryId))
      .leftJoin(departments, eq(departments.id, appeals.leadDepartmentId))
      .leftJoin(grid, and(eq(grid.id, appeals.gridId), eq(appeals.mode, 'grid')))
      .where(where)
      .orderBy(desc(appeals.receivedAt), desc(appeals.number))
      .limit(limit);
    return rows.map(presentRequest);
  }

  /** Failed writes leave one audit entry, as the app's own error handler does for its routes. */
  async function auditFailure(req: FastifyRequest, status: number, code: string) {
    const action = req.routeOptions.config?.action;
    if (!req.ctx || req.ctx.audited || !WRITE_METHODS.has(req.method) || !action) return;
    req.ctx.audited = true;
    await writeAudit(db, {
      cityId: req.ctx.auth?.cityId ?? null,
      actorId: req.ctx.auth?.userId ?? null,
      actorName: req.ctx.auth?.username ?? null,
      action,
      ip: req.ctx.ip,
      requestId: req.ctx.requestId,
      result: status === 401 || status === 403 ? 'denied' : 'error',
      detail: { status, code },
    }).catch((e: unknown) => req.log.error({ err: { message: (e as Error).message } }, 'audit write failed'));
  }

  async function onError(err: unknown, req: FastifyRequest, reply: FastifyReply) {
    const format: Format = formatOfUrl(req.url);
    const lang = req.ctx?.lang ?? 'zh-CN';
    let status: number;
    let code: string;
    let description: string;
    const askedFormat = (req.params as { format?: unknown } | undefined)?.format;
    if (err instanceof Open311Error) {
      ({ status, code } = err);
      description = err.text[lang];
    } else if (typeof askedFormat === 'string' && !(FORMATS as readonly string[]).includes(askedFormat)) {
      [status, code, description] = [404, 'format_unknown', lang === 'en' ? 'Formats are json and xml' : '仅支持 json 与 xml 格式'];
    } else {
      const r = toErrorResponse(err, req);
      ({ status } = r);
      code = r.body.error.code;
      description = r.body.error.message;
      if (status >= 500) req.log.error({ err: { type: (err as Error)?.name, message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'request failed');
    }
    await auditFailure(req, status, code);
    return sendErrors(reply, format, status, description);
  }

  app.register(
    async (instance) => {
      const scope = instance as unknown as App;
      scope.setErrorHandler(onError);
      scope.setNotFoundHandler((req, reply) => {
        const lang = req.ctx?.lang ?? 'zh-CN';
        return sendErrors(reply, formatOfUrl(req.url), 404, lang === 'en' ? 'No such Open311 resource' : '没有该 Open311 资源');
      });
      // Open311 clients post forms; parsed here only, with node's own URLSearchParams (the first of repeated keys wins).
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
        const out: Record<string, string> = {};
        for (const [k, v] of new URLSearchParams(body as string)) if (!(k in out)) out[k] = v;
        done(null, out);
      });

      scope.get(
        '/discovery.:format',
        { config: { policy: publicRoute() }, schema: { tags: ['open311'], summary: 'Open311 service discovery', params: z.object({ format: Format }) } },
        async (req, reply) => {
          const [row] = await db.select({ at: max(appealCategories.updatedAt) }).from(appealCategories);
          const changeset = shanghaiIso(row?.at ? new Date(row.at) : new Date(0));
          return sendDocument(reply, req.params.format, 'discovery', {
            changeset,
            contact: '12345 政务服务便民热线管理机构 / the city 12345 hotline administration',
            key_service: '向本市系统管理员申请 api_key / ask the city system administrator for an api_key',
            endpoints: [
              {
                specification: SPECIFICATION,
                url: `${req.protocol}://${req.host}${PREFIX}`,
                changeset,
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          });
        },
      );

      scope.get(
        '/services.:format',
        {
          config: { policy: publicRoute() },
          schema: { tags: ['open311'], summary: 'Open311 services: the leaf appeal categories of a city', params: z.object({ format: Format }), querystring: Jurisdiction },
        },
        async (req, reply) => {
          const city = await cityFor(req.query.jurisdiction_id);
          const items = (await leafServices(city.id)).map((s) => presentService(s.category, s.ancestors));
          return sendDocument(reply, req.params.format, 'services', items);
        },
      );

      scope.get(
        '/services/:code.:format',
        {
          config: { policy: publicRoute() },
          schema: {
            tags: ['open311'],
            summary: 'Open311 service definition (the urgency attribute)',
            params: z.object({ code: z.string().min(1).max(64), format: Format }),
            querystring: Jurisdiction,
          },
        },
        async (req, reply) => {
          const city = await cityFor(req.query.jurisdiction_id);
          const found = (await leafServices(city.id)).find((s) => s.category.code === req.params.code);
          if (!found) throw open311Error(404, 'service_code_unknown', `未知的 service_code：${req.params.code}`, `service_code not found: ${req.params.code}`);
          return sendDocument(reply, req.params.format, 'service_definition', serviceDefinition(found.category.code));
        },
      );

      scope.post(
        '/requests.:format',
        {
          config: { policy: publicRoute(), action: 'open311.create' },
          schema: {
            tags: ['open311'],
            summary: 'File an Open311 service request (api_key required; form-encoded or JSON; send Idempotency-Key to make retries safe)',
            params: z.object({ format: Format }),
            querystring: z.object({ api_key: z.string().max(200).optional() }),
            body: RequestBody,
          },
        },
        async (req, reply) => {
          const b = (req.body ?? {}) as Record<string, unknown>;
          const key = await findActiveKey(db, text(b.api_key) ?? req.query.api_key ?? null);
          if (!key) throw open311Error(403, 'api_key_invalid', 'api_key 缺失、无效或已停用', 'api_key is missing, invalid or revoked');
          const [city] = await db.select({ code: regions.code }).from(regions).where(eq(regions.id, key.cityId)).limit(1);
          const jurisdiction = text(b.jurisdiction_id);
          if (jurisdiction && jurisdiction !== city?.code) {
            throw open311Error(404, 'jurisdiction_unknown', `该 api_key 不属于辖区 ${jurisdiction}`, `jurisdiction_id ${jurisdiction} is not this api_key's`);
          }

          const serviceCode = text(b.service_code);
          if (!serviceCode) throw bad('service_code_required', '缺少 service_code', 'service_code is required');
          const [category] = await db
            .select()
            .from(appealCategories)
            .where(and(eq(appealCategories.cityId, key.cityId), eq(appealCategories.code, serviceCode), eq(appealCategories.active, true)))
            .limit(1);
          if (!category) throw bad('service_code_unknown', `未知的 service_code：${serviceCode}`, `service_code not found: ${serviceCode}`);
          const [child] = await db
            .select({ id: appealCategories.id })
            .from(appealCategories)
            .where(and(eq(appealCategories.parentId, category.id), eq(appealCategories.active, true)))
            .limit(1);
          if (child) throw bad('service_code_not_leaf', `service_code ${serviceCode} 是分类组，请选择其下的具体服务`, `service_code ${serviceCode} is a group; choose one of its services`);

          const description = text(b.description);
          if (!description) throw bad('description_required', '请描述问题（description）', 'description is required');
          if (description.length > 4000) throw bad('description_too_long', 'description 最多 4000 字', 'description takes at most 4000 characters');

          // Where: a point, an address, or an address_id (a region code of the city with a point, e.g. a building).
          const latText = text(b.lat);
          const longText = text(b.long);
          let point: { lng: number; lat: number; crs: 'wgs84' } | null = null;
          if (latText !== null || longText !== null) {
            const lat = Number(latText);
            const lng = Number(longText);
            if (latText === null || longText === null || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
              throw bad('location_invalid', 'lat 与 long 须同时提供且为有效的 WGS-84 坐标', 'lat and long must come together as valid WGS-84 coordinates');
            }
            point = { lng, lat, crs: 'wgs84' };
          }
          let address = text(b.address_string);
          if (address && address.length > 200) throw bad('address_too_long', 'address_string 最多 200 字', 'address_string takes at most 200 characters');
          const addressId = text(b.address_id);
          if (addressId) {
            const [place] = await db
              .select({ name: regions.name, lng: regions.lng, lat: regions.lat })
              .from(regions)
              .where(and(eq(regions.cityId, key.cityId), eq(regions.code, addressId)))
              .limit(1);
            if (!place || place.lng === null || place.lat === null) throw bad('address_id_unknown', `未知的 address_id：${addressId}`, `address_id not found: ${addressId}`);
            point ??= { lng: place.lng, lat: place.lat, crs: 'wgs84' };
            address ??= place.name;
          }
          if (!point && !address) throw bad('location_required', '请提供位置：lat/long、address_string 或 address_id', 'A location is required: lat/long, address_string or address_id');

          const attributes = (typeof b.attribute === 'object' && b.attribute !== null ? b.attribute : {}) as Record<string, unknown>;
          const urgency = text(b['attribute[urgency]']) ?? text(attributes.urgency) ?? 'normal';
          if (!(URGENCIES as readonly string[]).includes(urgency)) throw bad('attribute_invalid', 'attribute[urgency] 须为 normal、urgent 或 emergency', 'attribute[urgency] must be normal, urgent or emergency');

          const mediaUrl = text(b.media_url);
          if (mediaUrl && (mediaUrl.length > 500 || !/^https?:\/\/\S+$/i.test(mediaUrl) || !URL.canParse(mediaUrl))) {
            throw bad('media_url_invalid', 'media_url 须为 http(s) 链接', 'media_url must be an http(s) URL');
          }
          const name = fullName(text(b.first_name), text(b.last_name));
          if (name && name.length > 40) throw bad('name_too_long', '姓名过长', 'first_name and last_name are too long');
          const phone = text(b.phone);
          if (phone && phone.length > 32) throw bad('phone_invalid', '手机号码格式不正确', 'Not a valid mobile number');

          const given = req.headers['idempotency-key'];
          if (given !== undefined && (typeof given !== 'string' || !TOKEN.test(given))) {
            throw bad('idempotency_key_invalid', 'Idempotency-Key 须为 8–100 个可见 ASCII 字符', 'Idempotency-Key must be 8–100 visible ASCII characters');
          }

          // email, device_id and account_id are accepted and not kept: the case needs none of them.
          await actAsKeyServiceAccount(db, req, key);
          const res = await intake(services, req, {
            channel: 'open311',
            categoryId: category.id,
            title: (description.split('\n')[0] ?? description).slice(0, 50),
            description: withMediaUrl(description, mediaUrl),
            address,
            point,
            urgency: urgency as Urgency,
            anonymous: !name && !phone,
            contact: name || phone ? { name, phone } : null,
            // intake keeps keys per reporter, and each client files as its own service account.
            idempotencyKey: typeof given === 'string' ? given : null,
            action: 'open311.create',
          });
          const notice = serviceNotice(category.workingDays);
          return sendDocument(reply, req.params.format, 'service_requests', [{ service_request_id: res.appeal.number, service_notice: notice }], res.created ? 201 : 200);
        },
      );

      scope.get(
        '/requests.:format',
        {
          config: { policy: publicRoute() },
          schema: {
            tags: ['open311'],
            summary: 'Open311 service requests (newest first, at most 1000; the last 90 days unless dates are given)',
            params: z.object({ format: Format }),
            querystring: Jurisdiction.extend({
              service_request_id: z.string().max(4000).optional(),
              service_code: z.string().max(1000).optional(),
              start_date: z.string().max(40).optional(),
              end_date: z.string().max(40).optional(),
              status: z.string().max(40).optional(),
            }),
          },
        },
        async (req, reply) => {
          const q = req.query;
          const city = await cityFor(q.jurisdiction_id);
          const conds: SQL[] = [eq(appeals.cityId, city.id)];
          const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
          const ids = list(q.service_request_id);
          if (ids.length > 0) {
            // Asking by id overrides every other filter (the spec's rule).
            if (ids.length > MAX_REQUESTS) throw bad('too_many_ids', `最多 ${MAX_REQUESTS} 个 service_request_id`, `At most ${MAX_REQUESTS} service_request_id`);
            conds.push(inArray(appeals.number, ids));
          } else {
            const codes = list(q.service_code);
            if (codes.length > 0) {
              const cats = await db
                .select({ id: appealCategories.id })
                .from(appealCategories)
                .where(and(eq(appealCategories.cityId, city.id), inArray(appealCategories.code, codes)));
              conds.push(cats.length ? inArray(appeals.categoryId, cats.map((c) => c.id)) : sql`false`);
            }
            const start = q.start_date ? parseIsoDate(q.start_date, 'start_date') : null;
            const end = q.end_date ? parseIsoDate(q.end_date, 'end_date') : null;
            const to = end ?? (start ? new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS) : new Date());
            const from = start ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
            if (to < from) throw bad('date_range_invalid', 'end_date 早于 start_date', 'end_date is before start_date');
            if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) throw bad('date_range_too_long', `日期范围最多 ${MAX_SPAN_DAYS} 天`, `The date range spans at most ${MAX_SPAN_DAYS} days`);
            conds.push(gte(appeals.receivedAt, from), lte(appeals.receivedAt, to));
            const statuses = list(q.status).map((s) => s.toLowerCase());
            if (statuses.some((s) => s !== 'open' && s !== 'closed')) throw bad('status_invalid', 'status 须为 open 或 closed', 'status must be open or closed');
            const wantOpen = statuses.length === 0 || statuses.includes('open');
            const wantClosed = statuses.length === 0 || statuses.includes('closed');
            if (wantOpen && !wantClosed) conds.push(notInArray(appeals.status, [...CLOSED_STATUSES]));
            if (wantClosed && !wantOpen) conds.push(inArray(appeals.status, [...CLOSED_STATUSES]));
          }
          return sendDocument(reply, req.params.format, 'service_requests', await findRequests(and(...conds)!, MAX_REQUESTS));
        },
      );

      scope.get(
        '/requests/:id.:format',
        {
          config: { policy: publicRoute() },
          schema: {
            tags: ['open311'],
            summary: 'One Open311 service request by its number',
            params: z.object({ id: z.string().min(1).max(64), format: Format }),
            querystring: Jurisdiction,
          },
        },
        async (req, reply) => {
          const city = await cityFor(req.query.jurisdiction_id);
          const found = await findRequests(and(eq(appeals.cityId, city.id), eq(appeals.number, req.params.id))!, 1);
          if (found.length === 0) throw open311Error(404, 'request_unknown', `未知的 service_request_id：${req.params.id}`, `service_request_id not found: ${req.params.id}`);
          return sendDocument(reply, req.params.format, 'service_requests', found);
        },
      );

      scope.get(
        '/tokens/:token.:format',
        {
          config: { policy: publicRoute() },
          schema: {
            tags: ['open311'],
            summary: 'The service request a token (the Idempotency-Key given when filing) became',
            params: z.object({ token: z.string().min(1).max(100), format: Format }),
            querystring: Jurisdiction,
          },
        },
        async (req, reply) => {
          const city = await cityFor(req.query.jurisdiction_id);
          const unknown = open311Error(404, 'token_unknown', `未知的 token：${req.params.token}`, `token not found: ${req.params.token}`);
          if (!TOKEN.test(req.params.token)) throw unknown;
          const keys = await db.select({ userId: open311Keys.userId }).from(open311Keys).where(eq(open311Keys.cityId, city.id));
          if (keys.length === 0) throw unknown;
          const [row] = await db
            .select({ number: appeals.number })
            .from(appeals)
            .where(and(eq(appeals.cityId, city.id), inArray(appeals.idempotencyKey, keys.map((k) => `${k.userId}:${req.params.token}`))))
            .orderBy(asc(appeals.receivedAt))
            .limit(1);
          if (!row) throw unknown;
          return sendDocument(reply, req.params.format, 'service_requests', [{ service_request_id: row.number, token: req.params.token }]);
        },
      );
    },
    { prefix: PREFIX },
  );

  keyRoutes(app, services);
}

/** api_key management: city-level administrators only, in the app's usual JSON and error shape. */
function keyRoutes(app: App, services: Services): void {
  const { db } = services.database;
  const cityAdmin = rolesIn(['admin'], async (req) => {
    const g = req.ctx.auth?.grants.find((x) => x.role === 'admin' && x.regionLevel === 'city');
    return { regionPath: g?.regionPath ?? '/', denied: !g };
  });
  const present = (k: { id: string; name: string; username: string; createdAt: Date; createdBy: string | null; revokedAt: Date | null }) => ({
    id: k.id,
    name: k.name,
    username: k.username,
    createdAt: k.createdAt.toISOString(),
    createdBy: k.createdBy,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  });

  app.get(
    '/api/open311/keys',
    { config: { policy: cityAdmin }, schema: { tags: ['open311'], summary: 'Open311 api_keys of my city (never the keys themselves)' } },
    async (req) => ({ items: (await keysOfCity(db, req.ctx.auth!.cityId)).map(present) }),
  );

  app.post(
    '/api/open311/keys',
    {
      config: { policy: cityAdmin, action: 'open311.key_create' },
      schema: { tags: ['open311'], summary: 'Issue an api_key to an Open311 client; the key is shown this once', body: z.object({ name: z.string().trim().min(1).max(60) }) },
    },
    async (req, reply) => {
      const out = await runCommand(services, req, 'open311.key_create', async ({ tx, actor }) => {
        const grant = actor!.grants.find((g) => g.role === 'admin' && g.regionLevel === 'city')!;
        const issued = await issueKey(tx, services.crypto, {
          cityId: grant.regionId,
          name: req.body.name,
          createdBy: actor!.userId,
          granter: { userId: actor!.userId, grants: actor!.grants },
        });
        return {
          value: issued,
          subjectType: 'open311_key',
          subjectId: issued.key.id,
          cityId: issued.key.cityId,
          regionPath: grant.regionPath,
          detail: { userId: issued.key.userId, username: issued.username },
        };
      });
      return reply.code(201).send({ key: present({ ...out.key, username: out.username }), apiKey: out.apiKey });
    },
  );

  app.post(
    '/api/open311/keys/:id/revoke',
    {
      config: { policy: cityAdmin, action: 'open311.key_revoke' },
      schema: { tags: ['open311'], summary: 'Revoke an api_key and disable its service account', params: z.object({ id: z.uuid() }) },
    },
    async (req) => {
      const key = await runCommand(services, req, 'open311.key_revoke', async ({ tx, actor }) => {
        const grant = actor!.grants.find((g) => g.role === 'admin' && g.regionLevel === 'city')!;
        const k = await revokeKey(tx, grant.regionId, req.params.id);
        if (!k) throw notFound('open311 key', 'id');
        return { value: k, subjectType: 'open311_key', subjectId: k.id, cityId: k.cityId, regionPath: grant.regionPath, detail: { userId: k.userId } };
      });
      const [listed] = (await keysOfCity(db, key.cityId)).filter((k) => k.id === key.id);
      return { key: present(listed!) };
    },
  );
}
