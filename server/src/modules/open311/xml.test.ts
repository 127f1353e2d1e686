import { describe, expect, it } from 'vitest';
import { escapeXml, toXml } from './xml.js';
import { formatOfUrl, open311Status, parseIsoDate, redactPersonalNumbers, shanghaiIso, splitMediaUrl, statusNotes, withMediaUrl } from './format.js';
import { APPEAL_STATUSES } from '../appeals/states.js';

describe('xml', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(escapeXml('x\u0000\u0008y\tz\n\uFFFE\uD800')).toBe('xy\tz\n');
    expect(escapeXml('井盖 😀')).toBe('井盖 😀');
  });

  it('writes objects as elements and arrays as repeated singular elements', () => {
    expect(toXml('services', [{ service_code: '0301', metadata: true, group: null, n: 1.5 }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>0301</service_code><metadata>true</metadata><group></group><n>1.5</n></service></services>\n',
    );
    expect(toXml('service_requests', [{ token: 'a&b' }], { service_requests: 'request' })).toContain('<service_requests><request><token>a&amp;b</token></request></service_requests>');
    expect(toXml('discovery', { endpoints: [{ formats: ['text/xml', 'application/json'] }] })).toContain(
      '<endpoints><endpoint><formats><format>text/xml</format><format>application/json</format></formats></endpoint></endpoints>',
    );
    expect(() => toXml('bad name', 'x')).toThrow(/element name/);
    expect(() => toXml('ok', { '<script>': 1 })).toThrow(/element name/);
  });
});

describe('open311 format', () => {
  it('reads the format from the suffix', () => {
    expect(formatOfUrl('/open311/v2/services.xml?jurisdiction_id=x.json')).toBe('xml');
    expect(formatOfUrl('/open311/v2/services.json')).toBe('json');
    expect(formatOfUrl('/open311/v2/services')).toBe('json');
  });

  it('writes dates in Shanghai time with the offset', () => {
    expect(shanghaiIso(new Date('2026-07-01T01:30:00.999Z'))).toBe('2026-07-01T09:30:00+08:00');
    expect(shanghaiIso(new Date('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
    expect(shanghaiIso(null)).toBeNull();
  });

  it('reads ISO 8601 dates, in Shanghai time when they name no zone', () => {
    expect(parseIsoDate('2026-07-01', 'd').toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(parseIsoDate('2026-07-01T09:30:00+08:00', 'd').toISOString()).toBe('2026-07-01T01:30:00.000Z');
    expect(parseIsoDate('2026-07-01T09:30:00 08:00', 'd').toISOString()).toBe('2026-07-01T01:30:00.000Z');
    expect(parseIsoDate('2026-07-01T01:30:00Z', 'd').toISOString()).toBe('2026-07-01T01:30:00.000Z');
    expect(parseIsoDate('2026-07-01T01:30:00.5-0500', 'd').toISOString()).toBe('2026-07-01T06:30:00.500Z');
    expect(parseIsoDate('2026-07-01T09:30', 'd').toISOString()).toBe('2026-07-01T01:30:00.000Z');
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-07-01T24:00:00Z', '2026-7-1', '']) expect(() => parseIsoDate(bad, 'd')).toThrow();
  });

  it('maps every internal state to open or closed', () => {
    const closed = APPEAL_STATUSES.filter((s) => open311Status(s) === 'closed');
    expect(closed.sort()).toEqual(['answered', 'closed', 'merged', 'not_accepted']);
    expect(statusNotes('dispatched')).toBe('待签收 dispatched');
  });

  it('masks phone and ID numbers typed into public text', () => {
    expect(redactPersonalNumbers('电话13912345678或+86 13912345678')).toBe('电话139****5678或+86 139****5678');
    expect(redactPersonalNumbers('身份证46010019900101123X。')).toBe('身份证460100********123X。');
    expect(redactPersonalNumbers('工单 20260701-000123，门牌 12 号')).toBe('工单 20260701-000123，门牌 12 号');
  });

  it('carries media_url in the stored description and back', () => {
    const stored = withMediaUrl('井盖破损', 'https://img.example.org/a.jpg');
    expect(splitMediaUrl(stored)).toEqual({ description: '井盖破损', mediaUrl: 'https://img.example.org/a.jpg' });
    expect(splitMediaUrl('井盖破损')).toEqual({ description: '井盖破损', mediaUrl: null });
    expect(withMediaUrl('x', null)).toBe('x');
  });
});
