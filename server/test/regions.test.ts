import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { bearer, login, startTestApp, type TestContext } from './helpers/harness.js';
import { places, type Places } from './helpers/fixtures.js';
import { regions } from '../src/modules/regions/schema.js';
import { fromWgs84 } from '../src/platform/geo/crs.js';

let t: TestContext;
let p: Places;
let admin: string;
let community: string;

beforeAll(async () => {
  t = await startTestApp();
  p = await places(t);
  admin = await login(t.app, 'admin');
  community = await login(t.app, 'community');
});
afterAll(async () => t?.close());

const get = (url: string, token = admin) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const post = (url: string, payload: unknown, token = admin) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: bearer(token) });

async function buildingPoint(): Promise<[number, number]> {
  const [b] = await t.services.database.db.select().from(regions).where(eq(regions.id, p.in.building.id));
  return [b!.lng!, b!.lat!];
}

describe('regions', () => {
  it('shows a grid with its chain, staff and buildings', async () => {
    const res = await get(`/api/regions/${p.in.grid.id}`);
    expect(res.statusCode).toBe(200);
    const r = res.json().region;
    expect(r.level).toBe('grid');
    expect(r.ancestors.map((a: { level: string }) => a.level)).toEqual(['city', 'district', 'street', 'community']);
    expect(r.ancestors[3].name).toBe('新安社区');
    expect(r.workers.map((w: { role: string }) => w.role)).toContain('grid_worker');
    expect(r.buildings.length).toBeGreaterThan(0);
    expect(r.stats.buildings).toBe(r.buildings.length);
    const map = await get(`/api/regions/${p.in.community.id}/map`);
    const fc = map.json();
    expect(fc.features[0].properties.self).toBe(true);
    expect(fc.features.slice(1).every((f: { properties: { level: string } }) => f.properties.level === 'grid')).toBe(true);
  });

  it('locates a point to its grid, community, street and district, in any coordinate system', async () => {
    const [lng, lat] = await buildingPoint();
    const wgs = (await get(`/api/geo/locate?lng=${lng}&lat=${lat}`)).json();
    expect(wgs).toMatchObject({ status: 'inside', grid: { id: p.in.grid.id }, community: { name: '新安社区' }, street: { name: '海甸街道' } });
    const [gx, gy] = fromWgs84(lng, lat, 'gcj02');
    const gcj = (await get(`/api/geo/locate?lng=${gx}&lat=${gy}&crs=gcj02`)).json();
    expect(gcj.grid.id).toBe(p.in.grid.id);
    // The same numbers read as WGS-84 are ~500 m off: usually another grid.
    expect(Math.abs(gx - lng) + Math.abs(gy - lat)).toBeGreaterThan(0.003);
    expect((await get('/api/geo/locate?lng=100&lat=10')).json().status).toBe('outside');
    const bad = await get('/api/geo/locate?lng=abc&lat=10');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('lng');
  });

  it('creates, edits and deletes a grid; refuses a wrong level and a taken code', async () => {
    const ring = [
      [110.1, 19.9],
      [110.101, 19.9],
      [110.101, 19.901],
      [110.1, 19.9],
    ];
    const created = await post('/api/regions', { parentId: p.in.community.id, level: 'grid', name: '测试网格', code: 'TEST-G1', boundary: { type: 'Polygon', coordinates: [ring] }, crs: 'gcj02' }, community);
    expect(created.statusCode).toBe(201);
    const id = created.json().region.id;
    const [row] = await t.services.database.db.select().from(regions).where(eq(regions.id, id));
    expect(row!.sourceCrs).toBe('gcj02');
    expect(row!.path.startsWith(p.in.community.path)).toBe(true);
    expect((row!.boundary!.coordinates as number[][][])[0]![0]![0]).not.toBe(110.1); // stored in WGS-84
    const wrongLevel = await post('/api/regions', { parentId: p.in.community.id, level: 'street', name: 'x', code: 'TEST-S1' });
    expect(wrongLevel.json().error).toMatchObject({ code: 'region_parent_level', field: 'level' });
    const taken = await post('/api/regions', { parentId: p.in.community.id, level: 'grid', name: 'x', code: 'TEST-G1' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.field).toBe('code');
    const open = await post('/api/regions', { parentId: p.in.community.id, level: 'grid', name: 'x', code: 'TEST-G2', boundary: { type: 'Polygon', coordinates: [ring.slice(0, 3).concat([[110.2, 19.9]])] } });
    expect(open.statusCode).toBe(400);
    expect(open.json().error.field).toBe('boundary');
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/regions/${id}`, payload: { name: '改名网格' }, headers: bearer(community) });
    expect(patched.json().region.name).toBe('改名网格');
    const hasKids = await t.app.inject({ method: 'DELETE', url: `/api/regions/${p.in.grid.id}`, headers: bearer(admin) });
    expect(hasKids.statusCode).toBe(409);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/regions/${id}`, headers: bearer(community) });
    expect(del.statusCode).toBe(204);
  });

  it('exports a subtree to GeoJSON and Excel and imports it back unchanged', async () => {
    const gj = await get(`/api/regions/${p.in.community.id}/export?format=geojson&includeBuildings=true`);
    expect(gj.statusCode).toBe(200);
    const fc = JSON.parse(gj.body);
    const n = fc.features.length;
    expect(n).toBeGreaterThan(10);
    expect(fc.features[0].properties.parentCode).toBe((await get(`/api/regions/${p.in.street.id}`)).json().region.code);
    const again = await post('/api/regions/import', { format: 'geojson', crs: 'wgs84', data: fc });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ created: 0, updated: n });

    const xlsx = await get(`/api/regions/${p.in.community.id}/export?format=xlsx`);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toContain('parentCode');
    // Add a new grid row under the community and import: one created, the rest updated.
    ws.addRow(['NEW-G9', '新增网格', 'grid', ws.getRow(2).getCell(1).value, '', '', '', 10, 4, '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const imported = await post('/api/regions/import', { format: 'xlsx', crs: 'wgs84', data: buf.toString('base64') });
    expect(imported.statusCode).toBe(200);
    expect(imported.json().created).toBe(1);
  });

  it('imports nothing when any row is wrong, and names every bad row', async () => {
    const before = (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from regions`))[0]!.n;
    const res = await post('/api/regions/import', {
      format: 'geojson',
      crs: 'wgs84',
      data: {
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: 'OK-1', name: '好网格', level: 'grid', parentCode: p.in.community.code }, geometry: null },
          { type: 'Feature', properties: { code: 'BAD-1', name: '', level: 'grid', parentCode: p.in.community.code }, geometry: null },
          { type: 'Feature', properties: { code: 'BAD-2', name: '无上级', level: 'grid', parentCode: 'NOPE' }, geometry: null },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const errors = res.json().error.errors as Array<{ row: number; field: string }>;
    expect(errors).toEqual([
      { row: 2, field: 'name', message: 'required' },
      { row: 3, field: 'parentCode', message: 'no region with code NOPE' },
    ]);
    const after = (await t.services.database.rows<{ n: number }>(sql`select count(*)::int as n from regions`))[0]!.n;
    expect(after).toBe(before);
  });

  it('searches regions by name within the caller area', async () => {
    const all = (await get(`/api/regions/search?q=${encodeURIComponent('网格')}&level=grid&limit=50`)).json().items;
    expect(all.length).toBe(50);
    const mine = (await get(`/api/regions/search?q=${encodeURIComponent('网格')}&limit=50`, community)).json().items as Array<{ ancestors: Array<{ name: string }> }>;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.ancestors.some((a) => a.name === '新安社区'))).toBe(true);
  });

  it('lets a community secretary see only their community', async () => {
    expect((await get(`/api/regions/${p.in.community.id}`, community)).statusCode).toBe(200);
    expect((await get(`/api/regions/${p.in.street.id}`, community)).statusCode).toBe(403);
    expect((await get(`/api/regions/${p.out.community.id}`, community)).statusCode).toBe(403);
    expect((await get('/api/regions/00000000-0000-0000-0000-000000000000', community)).statusCode).toBe(404);
  });
});
