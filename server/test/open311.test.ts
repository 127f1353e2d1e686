import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { makeUser, places, type Places } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';
import { DEFAULT_CATEGORIES } from '../src/modules/appeals/defaults/categories.js';

/**
 * An Open311 GeoReport v2 client against the server: every endpoint in JSON and XML, the documented errors,
 * form-encoded filing, the filters, the status after the case is closed through the appeals API, and that
 * nothing a client sends about the person ever comes back.
 */

let t: TestContext;
let p: Places;
const tok: Record<string, string> = {};
let apiKey: string;
let keyId: string;
let point: [number, number];
let cityCode: string;
/** Every Open311 response body this client saw: checked for personal data at the end. */
const seen: string[] = [];

// What the "resident" tells the client: it must never come back from any Open311 endpoint.
const FIRST = '建国';
const LAST = '欧阳';
const PHONE = '13912345678';

// ---------------------------------------------------------------------------------------------------------
// A tiny XML reader: elements and text only, which is all GeoReport v2 uses.

interface XNode {
  name: string;
  children: XNode[];
  text: string;
}

const decode = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

function parseXml(xml: string): XNode {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const root: XNode = { name: '#document', children: [], text: '' };
  const stack: XNode[] = [root];
  const re = /<(\/?)([A-Za-z_][\w.-]*)(\/?)>|([^<]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const top = stack[stack.length - 1]!;
    if (m[4] !== undefined) {
      if (m[4].trim() || top.children.length === 0) top.text += decode(m[4]);
    } else if (m[1]) {
      expect(top.name).toBe(m[2]);
      stack.pop();
    } else {
      const node: XNode = { name: m[2]!, children: [], text: '' };
      top.children.push(node);
      if (!m[3]) stack.push(node);
    }
  }
  expect(stack.length).toBe(1);
  expect(root.children.length).toBe(1);
  return root.children[0]!;
}

const kids = (n: XNode, name: string) => n.children.filter((c) => c.name === name);
const kid = (n: XNode, name: string) => {
  const c = kids(n, name);
  expect(c.length, `<${n.name}> has one <${name}>`).toBe(1);
  return c[0]!;
};
const val = (n: XNode, name: string) => kid(n, name).text;

// ---------------------------------------------------------------------------------------------------------

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'GET', url, headers });
  seen.push(res.body);
  return res;
}

async function postJson(url: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await t.app.inject({ method: 'POST', url, payload: body, headers });
  seen.push(res.body);
  return res;
}

async function postForm(url: string, body: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(body).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
  seen.push(res.body);
  return res;
}

/** The spec's error document in both formats: checks the shape and returns the description. */
function expectErrors(res: { statusCode: number; body: string; headers: Record<string, unknown> }, status: number, format: 'json' | 'xml') {
  expect(res.statusCode).toBe(status);
  if (format === 'json') {
    expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
    const body = JSON.parse(res.body) as Array<{ code: number; description: string }>;
    expect(body).toHaveLength(1);
    expect(body[0]!.code).toBe(status);
    expect(body[0]!.description.length).toBeGreaterThan(0);
    return body[0]!.description;
  }
  expect(String(res.headers['content-type'])).toMatch(/^text\/xml/);
  const root = parseXml(res.body);
  expect(root.name).toBe('errors');
  const errors = kids(root, 'error');
  expect(errors).toHaveLength(1);
  expect(val(errors[0]!, 'code')).toBe(String(status));
  expect(val(errors[0]!, 'description').length).toBeGreaterThan(0);
  return val(errors[0]!, 'description');
}

const appealsCall = (method: 'GET' | 'POST', url: string, who: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: bearer(tok[who]!), payload: payload as object | undefined });

const auditOf = async (requestId: string) =>
  t.services.database.rows<{ action: string; result: string; actor_name: string | null; detail: Record<string, unknown> | null }>(
    sql`select action, result, actor_name, detail from audit_log where request_id = ${requestId}`,
  );

const leafCount = DEFAULT_CATEGORIES.reduce((n, c) => n + (c.children?.length ?? 1), 0);

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  for (const u of ['admin', 'dispatcher', 'dept', 'resident']) tok[u] = await login(t.app, u);
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  point = [b!.lng!, b!.lat!];
  cityCode = p.city.code;
});
afterAll(async () => t?.close());

describe('Open311: api_keys for administrators', () => {
  it('issues a key once to a city-level admin, lists keys without them, and refuses everyone else', async () => {
    const res = await appealsCall('POST', '/api/open311/keys', 'admin', { name: 'FixMyCity App' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.apiKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/);
    expect(body.key).toMatchObject({ name: 'FixMyCity App', username: 'open311_fixmycity_app', revokedAt: null });
    apiKey = body.apiKey;
    keyId = body.key.id;

    // The service account: a dispatcher at the city, who cannot log in.
    const [acct] = await t.services.database.rows<{ role: string; region_id: string; must_change_password: boolean }>(
      sql`select g.role, g.region_id, u.must_change_password from users u join role_grants g on g.user_id = u.id where u.username = 'open311_fixmycity_app'`,
    );
    expect(acct).toMatchObject({ role: 'dispatcher', region_id: p.city.id });
    const tryLogin = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'open311_fixmycity_app', password: 'Tongxin@2026' } });
    expect(tryLogin.statusCode).toBe(401);

    // Only the hash is kept.
    const [stored] = await t.services.database.rows<{ key_hash: string }>(sql`select key_hash from open311_keys where id = ${keyId}`);
    expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.key_hash).not.toContain(apiKey.slice(5));

    // A Chinese name still gets a usable account name; a second client of the same name another one.
    const zh = await appealsCall('POST', '/api/open311/keys', 'admin', { name: '市民随手拍' });
    expect(zh.json().key.username).toBe('open311_client');
    const zh2 = await appealsCall('POST', '/api/open311/keys', 'admin', { name: '随手拍' });
    expect(zh2.json().key.username).toMatch(/^open311_client_[0-9a-f]{6}$/);

    const list = await appealsCall('GET', '/api/open311/keys', 'admin');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((k: { name: string }) => k.name)).toEqual(expect.arrayContaining(['FixMyCity App', '市民随手拍']));
    expect(list.body).not.toContain(apiKey);
    expect(list.body).not.toContain(stored!.key_hash);

    // Not for other roles, not for a district admin, not anonymously; bad input is refused in the app's shape.
    expect((await appealsCall('POST', '/api/open311/keys', 'dispatcher', { name: 'x' })).statusCode).toBe(403);
    const districtAdmin = await makeUser(t, 'admin', p.in.district.id);
    const da = await login(t.app, districtAdmin.username);
    const refused = await t.app.inject({ method: 'POST', url: '/api/open311/keys', headers: bearer(da), payload: { name: 'x' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('out_of_scope');
    expect((await t.app.inject({ method: 'GET', url: '/api/open311/keys' })).statusCode).toBe(401);
    const invalid = await appealsCall('POST', '/api/open311/keys', 'admin', { name: '' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.code).toBe('validation');
  });
});

describe('Open311: discovery and services', () => {
  it('describes the endpoint in JSON and XML', async () => {
    const json = await get('/open311/v2/discovery.json', { host: 'open311.example.org' });
    expect(json.statusCode).toBe(200);
    expect(String(json.headers['content-type'])).toMatch(/^application\/json; charset=utf-8/);
    const d = json.json();
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(d.contact).toBeTruthy();
    expect(d.key_service).toBeTruthy();
    expect(d.endpoints).toEqual([
      { specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://open311.example.org/open311/v2', changeset: d.changeset, type: 'production', formats: ['text/xml', 'application/json'] },
    ]);
    // The URL follows the host the client called.
    const other = (await get('/open311/v2/discovery.json', { host: 'tongxin.local:8080' })).json();
    expect(other.endpoints[0].url).toBe('http://tongxin.local:8080/open311/v2');

    const xml = await get('/open311/v2/discovery.xml', { host: 'open311.example.org' });
    expect(String(xml.headers['content-type'])).toMatch(/^text\/xml; charset=utf-8/);
    const root = parseXml(xml.body);
    expect(root.name).toBe('discovery');
    expect(val(root, 'changeset')).toBe(d.changeset);
    const ep = kid(kid(root, 'endpoints'), 'endpoint');
    expect(val(ep, 'specification')).toBe('http://wiki.open311.org/GeoReport_v2');
    expect(val(ep, 'url')).toBe('http://open311.example.org/open311/v2');
    expect(kids(kid(ep, 'formats'), 'format').map((f) => f.text)).toEqual(['text/xml', 'application/json']);
  });

  it('lists one service per leaf category, for the only city or the named jurisdiction', async () => {
    const json = (await get('/open311/v2/services.json')).json() as Array<Record<string, unknown>>;
    expect(json).toHaveLength(leafCount);
    expect(json.find((s) => s.service_code === '0301')).toEqual({
      service_code: '0301',
      service_name: '道路破损与井盖',
      description: expect.stringContaining('市政设施 / 道路破损与井盖'),
      metadata: true,
      type: 'realtime',
      keywords: '市政设施,道路破损与井盖',
      group: '市政设施',
    });
    expect(json.some((s) => s.service_code === '03')).toBe(false);
    expect((await get(`/open311/v2/services.json?jurisdiction_id=${cityCode}`)).json()).toEqual(json);

    const root = parseXml((await get(`/open311/v2/services.xml?jurisdiction_id=${cityCode}`)).body);
    expect(root.name).toBe('services');
    const services = kids(root, 'service');
    expect(services).toHaveLength(leafCount);
    const s = services.find((x) => val(x, 'service_code') === '0301')!;
    expect(val(s, 'service_name')).toBe('道路破损与井盖');
    expect(val(s, 'metadata')).toBe('true');
    expect(val(s, 'type')).toBe('realtime');
    expect(val(s, 'group')).toBe('市政设施');

    expectErrors(await get('/open311/v2/services.json?jurisdiction_id=nowhere'), 404, 'json');
    expect(expectErrors(await get('/open311/v2/services.xml?jurisdiction_id=nowhere'), 404, 'xml')).toContain('nowhere');
  });

  it('defines each service with the optional urgency attribute; unknown codes and groups are 404', async () => {
    const json = (await get('/open311/v2/services/0301.json')).json();
    expect(json).toEqual({
      service_code: '0301',
      attributes: [
        {
          variable: true,
          code: 'urgency',
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: expect.any(String),
          order: 1,
          description: expect.any(String),
          values: [
            { key: 'normal', name: expect.any(String) },
            { key: 'urgent', name: expect.any(String) },
            { key: 'emergency', name: expect.any(String) },
          ],
        },
      ],
    });
    const root = parseXml((await get(`/open311/v2/services/0301.xml?jurisdiction_id=${cityCode}`)).body);
    expect(root.name).toBe('service_definition');
    expect(val(root, 'service_code')).toBe('0301');
    const attr = kid(kid(root, 'attributes'), 'attribute');
    expect(val(attr, 'code')).toBe('urgency');
    expect(val(attr, 'datatype')).toBe('singlevaluelist');
    expect(val(attr, 'required')).toBe('false');
    expect(kids(kid(attr, 'values'), 'value').map((v) => val(v, 'key'))).toEqual(['normal', 'urgent', 'emergency']);

    expectErrors(await get('/open311/v2/services/9999.json'), 404, 'json');
    expectErrors(await get('/open311/v2/services/03.xml'), 404, 'xml');
    expectErrors(await get('/open311/v2/services/0301.xml?jurisdiction_id=nowhere'), 404, 'xml');
  });

  it('answers unknown resources and formats in the spec shape too', async () => {
    expectErrors(await get('/open311/v2/nothing.xml'), 404, 'xml');
    expectErrors(await get('/open311/v2/services.html'), 404, 'json');
    // The rest of the API keeps its own shape.
    expect((await get('/api/nothing')).json().error.code).toBe('not_found');
  });
});

describe('Open311: filing requests', () => {
  const url = '/open311/v2/requests.json';
  const base = () => ({ api_key: apiKey, service_code: '0301', description: '路口井盖破损，夜里很危险', lat: point[1], long: point[0] });

  it('refuses a missing, invalid or foreign api_key with 403, and bad input with 400 — each failure audited once', async () => {
    const cases: Array<[string, Record<string, unknown>, number, 'json' | 'xml']> = [
      ['no api_key', { ...base(), api_key: undefined }, 403, 'json'],
      ['no api_key (xml)', { ...base(), api_key: undefined }, 403, 'xml'],
      ['invalid api_key', { ...base(), api_key: 'o311_' + 'x'.repeat(43) }, 403, 'json'],
      ['malformed api_key', { ...base(), api_key: 'letmein' }, 403, 'xml'],
      ['no service_code', { ...base(), service_code: undefined }, 400, 'json'],
      ['no service_code (xml)', { ...base(), service_code: undefined }, 400, 'xml'],
      ['unknown service_code', { ...base(), service_code: '9999' }, 400, 'json'],
      ['a group, not a service', { ...base(), service_code: '03' }, 400, 'xml'],
      ['no location', { ...base(), lat: undefined, long: undefined }, 400, 'json'],
      ['no location (xml)', { ...base(), lat: undefined, long: undefined }, 400, 'xml'],
      ['lat without long', { ...base(), long: undefined }, 400, 'json'],
      ['lat out of range', { ...base(), lat: 123 }, 400, 'json'],
      ['unknown address_id', { ...base(), lat: undefined, long: undefined, address_id: 'NO-SUCH-PLACE' }, 400, 'json'],
      ['no description', { ...base(), description: ' ' }, 400, 'json'],
      ['bad urgency', { ...base(), attribute: { urgency: 'yesterday' } }, 400, 'json'],
      ['bad phone', { ...base(), phone: '12345' }, 400, 'xml'],
      ['bad media_url', { ...base(), media_url: 'javascript:alert(1)' }, 400, 'json'],
      ['foreign jurisdiction', { ...base(), jurisdiction_id: 'nowhere' }, 404, 'json'],
    ];
    for (const [label, body, status, format] of cases) {
      const requestId = `o311-${randomUUID()}`;
      const res = await postJson(`/open311/v2/requests.${format}`, body, { 'x-request-id': requestId });
      expect(res.statusCode, label).toBe(status);
      expectErrors(res, status, format);
      const audit = await auditOf(requestId);
      expect(audit, label).toHaveLength(1);
      expect(audit[0]).toMatchObject({ action: 'open311.create', result: status === 403 ? 'denied' : 'error' });
    }
    // Descriptions follow the caller's language.
    const en = await postJson(url, { ...base(), api_key: undefined }, { 'accept-language': 'en' });
    expect(expectErrors(en, 403, 'json')).toBe('api_key is missing, invalid or revoked');
    // Other media types are refused in the same shape.
    const multipart = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.xml', payload: 'x', headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expectErrors(multipart, 415, 'xml');
    const [n] = await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from appeals where channel = 'open311'`);
    expect(n!.n).toBe(0);
  });

  it('files a JSON request as the service account, with the contact encrypted, and replays an Idempotency-Key', async () => {
    const requestId = `o311-${randomUUID()}`;
    const res = await postJson(
      url,
      { ...base(), first_name: FIRST, last_name: LAST, phone: PHONE, email: 'ouyang@example.org', device_id: 'dev-1', account_id: 'acc-1', 'attribute[urgency]': 'urgent', media_url: 'https://img.example.org/a.jpg?x=1&y=2' },
      { 'idempotency-key': 'client-token-0001', 'x-request-id': requestId },
    );
    expect(res.statusCode).toBe(201);
    const [created] = res.json() as Array<{ service_request_id: string; service_notice: string }>;
    expect(Object.keys(created!).sort()).toEqual(['service_notice', 'service_request_id']);
    expect(created!.service_request_id).toMatch(/^\d{8}-\d{6}$/);
    expect(created!.service_notice).toContain('3 个工作日');

    const [a] = await t.services.database.rows<{ id: string; channel: string; urgency: string; grid_id: string; reporter: string; anonymous: boolean; status: string }>(
      sql`select a.id, a.channel, a.urgency, a.grid_id, u.username as reporter, a.anonymous, a.status from appeals a join users u on u.id = a.reporter_user_id where a.number = ${created!.service_request_id}`,
    );
    expect(a).toMatchObject({ channel: 'open311', urgency: 'urgent', grid_id: p.in.grid.id, reporter: 'open311_fixmycity_app', anonymous: false, status: 'pending_dispatch' });
    const audit = await auditOf(requestId);
    expect(audit).toEqual([expect.objectContaining({ action: 'open311.create', result: 'ok', actor_name: 'open311_fixmycity_app' })]);
    expect(JSON.stringify(audit)).not.toContain(PHONE);

    // The caller is kept for the return visit, encrypted; staff see it masked through the appeals API.
    const [caller] = await t.services.database.rows<{ name_enc: string; phone_enc: string }>(sql`select name_enc, phone_enc from appeal_callers where appeal_id = ${a!.id}`);
    expect(caller!.phone_enc).not.toContain(PHONE);
    const detail = (await appealsCall('GET', `/api/appeals/${a!.id}`, 'dispatcher')).json().appeal;
    expect(detail.callers[0]).toMatchObject({ channel: 'open311', phone: '139****5678', name: '欧***' });

    // The same Idempotency-Key again: the first case, not a second one, and no second audit entry.
    const replayId = `o311-${randomUUID()}`;
    const replay = await postJson(url, { ...base(), description: '重复提交' }, { 'idempotency-key': 'client-token-0001', 'x-request-id': replayId });
    expect(replay.statusCode).toBe(200);
    expect(replay.json()[0].service_request_id).toBe(created!.service_request_id);
    expect(await auditOf(replayId)).toHaveLength(0);

    // Another client using the same Idempotency-Key gets a case of its own.
    const other = (await appealsCall('POST', '/api/open311/keys', 'admin', { name: 'Other Client' })).json().apiKey as string;
    const theirs = await postJson(url, { ...base(), api_key: other }, { 'idempotency-key': 'client-token-0001' });
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json()[0].service_request_id).not.toBe(created!.service_request_id);
  });

  it('files a form-encoded request and answers in XML', async () => {
    const res = await postForm(
      '/open311/v2/requests.xml',
      { api_key: apiKey, jurisdiction_id: cityCode, service_code: '0302', description: '路灯不亮 <第3盏> & 闪烁', address_string: '海甸五西路 12 号', 'attribute[urgency]': 'emergency', first_name: FIRST, last_name: LAST, phone: PHONE },
      { 'idempotency-key': 'form-token-0002' },
    );
    expect(res.statusCode).toBe(201);
    const root = parseXml(res.body);
    expect(root.name).toBe('service_requests');
    const req = kid(root, 'request');
    const number = val(req, 'service_request_id');
    expect(number).toMatch(/^\d{8}-\d{6}$/);
    expect(val(req, 'service_notice')).toContain('2 个工作日');
    const [a] = await t.services.database.rows<{ urgency: string; address: string; lng: number | null; description: string }>(
      sql`select urgency, address, lng, description from appeals where number = ${number}`,
    );
    expect(a).toEqual({ urgency: 'emergency', address: '海甸五西路 12 号', lng: null, description: '路灯不亮 <第3盏> & 闪烁' });

    // An address_id is a region code of the city with a point: the building.
    const byId = await postForm('/open311/v2/requests.json', { api_key: apiKey, service_code: '0305', description: '楼下健身器材损坏', address_id: p.in.building.code });
    expect(byId.statusCode).toBe(201);
    const [b] = await t.services.database.rows<{ lng: number; lat: number; address: string; grid_id: string }>(
      sql`select lng, lat, address, grid_id from appeals where number = ${byId.json()[0].service_request_id}`,
    );
    expect(b).toEqual({ lng: point[0], lat: point[1], address: p.in.building.name, grid_id: p.in.grid.id });
  });
});

describe('Open311: reading requests', () => {
  let closedNumber: string;
  let openNumber: string;

  it('shows requests without personal data, in JSON and XML, with +08:00 dates and WGS-84 points', async () => {
    const res = await postJson('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: '0301',
      description: `井盖缺失，请联系我 ${PHONE}，身份证 460100199001011234`,
      lat: String(point[1]),
      long: String(point[0]),
      media_url: 'https://img.example.org/manhole.jpg',
      first_name: FIRST,
      last_name: LAST,
      phone: PHONE,
    });
    openNumber = res.json()[0].service_request_id;

    const one = await get(`/open311/v2/requests/${openNumber}.json`);
    expect(one.statusCode).toBe(200);
    const [r] = one.json() as Array<Record<string, unknown>>;
    expect(Object.keys(r!)).toEqual([
      'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
      'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode', 'lat', 'long', 'media_url',
    ]);
    expect(r).toMatchObject({
      service_request_id: openNumber,
      status: 'open',
      status_notes: '待派单 awaiting dispatch',
      service_name: '道路破损与井盖',
      service_code: '0301',
      description: '井盖缺失，请联系我 139****5678，身份证 460100********1234',
      lat: point[1],
      long: point[0],
      media_url: 'https://img.example.org/manhole.jpg',
    });
    for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime'] as const) expect(r![k]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    const [row] = await t.services.database.rows<{ received_at: Date; due_by: Date }>(sql`select received_at, due_by from appeals where number = ${openNumber}`);
    expect(new Date(String(r!.requested_datetime)).getTime()).toBe(Math.floor(new Date(row!.received_at).getTime() / 1000) * 1000);
    expect(new Date(String(r!.expected_datetime)).getTime()).toBe(Math.floor(new Date(row!.due_by).getTime() / 1000) * 1000);

    const xml = parseXml((await get(`/open311/v2/requests/${openNumber}.xml?jurisdiction_id=${cityCode}`)).body);
    expect(xml.name).toBe('service_requests');
    const x = kid(xml, 'request');
    expect(val(x, 'service_request_id')).toBe(openNumber);
    expect(val(x, 'status')).toBe('open');
    expect(val(x, 'description')).toBe(r!.description);
    expect(Number(val(x, 'lat'))).toBe(point[1]);
    expect(Number(val(x, 'long'))).toBe(point[0]);
    expect(val(x, 'zipcode')).toBe('');
    expect(val(x, 'requested_datetime')).toBe(r!.requested_datetime);

    expectErrors(await get('/open311/v2/requests/19990101-000001.json'), 404, 'json');
    expectErrors(await get('/open311/v2/requests/19990101-000001.xml'), 404, 'xml');
    expectErrors(await get(`/open311/v2/requests/${openNumber}.json?jurisdiction_id=nowhere`), 404, 'json');
  });

  it('maps the internal states to open and closed once the case is handled through the appeals API', async () => {
    const res = await postJson('/open311/v2/requests.json', { api_key: apiKey, service_code: '0301', description: '人行道地砖松动', lat: point[1], long: point[0] });
    closedNumber = res.json()[0].service_request_id;
    const [a] = await t.services.database.rows<{ id: string }>(sql`select id from appeals where number = ${closedNumber}`);
    const status = async () => (await get(`/open311/v2/requests/${closedNumber}.json`)).json()[0] as { status: string; status_notes: string; agency_responsible: string | null };
    const [municipal] = await t.services.database.rows<{ id: string; name: string }>(sql`select id, name from departments where code = 'municipal' limit 1`);
    const steps: Array<[string, Record<string, unknown>, string, string]> = [
      ['dispatcher', { type: 'dispatch', mode: 'department', leadDepartmentId: municipal!.id }, 'open', '待签收 dispatched'],
      ['dept', { type: 'accept' }, 'open', '已签收 accepted'],
      ['dept', { type: 'start' }, 'open', '办理中 in progress'],
      ['dept', { type: 'reply', reply: '已更换地砖' }, 'open', '已反馈 replied'],
      ['dispatcher', { type: 'approveReply' }, 'open', '已审核 reviewed'],
      ['dispatcher', { type: 'visit', result: 'satisfied' }, 'open', '已回访 visited'],
      ['dispatcher', { type: 'close' }, 'closed', '办结归档 closed'],
    ];
    for (const [who, cmd, open, notes] of steps) {
      const r = await appealsCall('POST', `/api/appeals/${a!.id}/commands`, who, cmd);
      expect(r.statusCode, `${String(cmd.type)}: ${r.body}`).toBe(200);
      expect(await status()).toMatchObject({ status: open, status_notes: notes });
    }
    expect((await status()).agency_responsible).toBe(municipal!.name);
  });

  it('filters by id list, service_code, dates and status, newest first', async () => {
    const all = (await get('/open311/v2/requests.json')).json() as Array<{ service_request_id: string; status: string; service_code: string; requested_datetime: string }>;
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.map((r) => r.requested_datetime)).toEqual([...all.map((r) => r.requested_datetime)].sort().reverse());
    // The demo city's other cases are listed too (they are public problems), but never a reporter.
    const xml = parseXml((await get(`/open311/v2/requests.xml?jurisdiction_id=${cityCode}`)).body);
    expect(kids(xml, 'request').map((r) => val(r, 'service_request_id'))).toEqual(all.map((r) => r.service_request_id));

    const ids = (await get(`/open311/v2/requests.json?service_request_id=${openNumber},${closedNumber},nope&status=closed&service_code=9999`)).json();
    expect(ids.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([openNumber, closedNumber].sort());

    const byCode = (await get('/open311/v2/requests.json?service_code=0302,0305')).json() as typeof all;
    expect(byCode.length).toBe(2);
    expect(new Set(byCode.map((r) => r.service_code))).toEqual(new Set(['0302', '0305']));

    const closed = (await get('/open311/v2/requests.json?status=closed')).json() as typeof all;
    expect(closed.map((r) => r.service_request_id)).toContain(closedNumber);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    const open = (await get('/open311/v2/requests.xml?status=open')).body;
    const openIds = kids(parseXml(open), 'request').map((r) => val(r, 'service_request_id'));
    expect(openIds).toContain(openNumber);
    expect(openIds).not.toContain(closedNumber);
    expect((await get('/open311/v2/requests.json?status=open,closed')).json()).toHaveLength(all.length);

    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await get(`/open311/v2/requests.json?start_date=${today}`)).json()).toHaveLength(all.length);
    expect((await get(`/open311/v2/requests.json?start_date=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}&end_date=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString().replace('Z', '+00:00'))}`)).json()).toHaveLength(all.length);
    expect((await get('/open311/v2/requests.json?start_date=2020-01-01T00:00:00+08:00&end_date=2020-02-01T00:00:00+08:00')).json()).toEqual([]);
    expect(kids(parseXml((await get('/open311/v2/requests.xml?end_date=2020-02-01')).body), 'request')).toEqual([]);

    expectErrors(await get('/open311/v2/requests.json?start_date=yesterday'), 400, 'json');
    expectErrors(await get('/open311/v2/requests.xml?start_date=2026-02-30'), 400, 'xml');
    expectErrors(await get('/open311/v2/requests.json?start_date=2020-01-01&end_date=2020-06-01'), 400, 'json');
    expectErrors(await get('/open311/v2/requests.json?start_date=2020-06-01&end_date=2020-01-01'), 400, 'json');
    expectErrors(await get('/open311/v2/requests.xml?status=pending'), 400, 'xml');
    expectErrors(await get('/open311/v2/requests.json?jurisdiction_id=nowhere'), 404, 'json');
  });

  it('turns a token (the Idempotency-Key given when filing) into the request id', async () => {
    const [first] = await t.services.database.rows<{ number: string }>(sql`select number from appeals where idempotency_key like ${'%:client-token-0001'}`);
    expect((await get('/open311/v2/tokens/client-token-0001.json')).json()).toEqual([{ service_request_id: first!.number, token: 'client-token-0001' }]);
    const x = kid(parseXml((await get(`/open311/v2/tokens/form-token-0002.xml?jurisdiction_id=${cityCode}`)).body), 'request');
    expect(val(x, 'token')).toBe('form-token-0002');
    expect(val(x, 'service_request_id')).toMatch(/^\d{8}-\d{6}$/);
    expectErrors(await get('/open311/v2/tokens/never-given-123.json'), 404, 'json');
    expectErrors(await get('/open311/v2/tokens/never-given-123.xml'), 404, 'xml');
  });
});

describe('Open311: revoking and privacy', () => {
  it('refuses a revoked key and disables its account', async () => {
    const revoke = await appealsCall('POST', `/api/open311/keys/${keyId}/revoke`, 'admin');
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().key.revokedAt).toMatch(/^\d{4}-/);
    expect((await appealsCall('POST', `/api/open311/keys/${keyId}/revoke`, 'admin')).statusCode).toBe(200);
    expect((await appealsCall('POST', `/api/open311/keys/${randomUUID()}/revoke`, 'admin')).statusCode).toBe(404);
    expect((await appealsCall('POST', `/api/open311/keys/${keyId}/revoke`, 'dispatcher')).statusCode).toBe(403);
    const [u] = await t.services.database.rows<{ status: string }>(sql`select status from users where username = 'open311_fixmycity_app'`);
    expect(u!.status).toBe('disabled');
    const res = await postForm('/open311/v2/requests.xml', { api_key: apiKey, service_code: '0301', description: '再报一次', address_string: '海甸岛' });
    expectErrors(res, 403, 'xml');
  });

  it('never returned the name or phone a client sent', () => {
    expect(seen.length).toBeGreaterThan(50);
    for (const body of seen) {
      expect(body).not.toContain(PHONE);
      expect(body).not.toContain(`${LAST}${FIRST}`);
      expect(body).not.toContain(FIRST);
      expect(body).not.toContain('460100199001011234');
      expect(body).not.toContain('ouyang@example.org');
    }
  });
});
