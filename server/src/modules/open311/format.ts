import type { FastifyReply } from 'fastify';
import type { Lang } from '../../platform/i18n/messages.js';
import { STATUS_LABELS, TERMINAL_STATUSES, isAppealStatus } from '../appeals/states.js';
import { URGENCIES } from '../appeals/schema.js';
import { toXml, type XmlValue } from './xml.js';

/**
 * What the Open311 GeoReport v2 endpoints answer, in both formats: the documents' shapes, the status mapping,
 * dates with the Shanghai offset, and the spec's error array. Nothing here reads the database.
 */

export const FORMATS = ['json', 'xml'] as const;
export type Format = (typeof FORMATS)[number];

export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** Element names of list items where the list's name without its "s" is not the spec's name. */
const ITEM_NAMES: Readonly<Record<string, string>> = { service_requests: 'request' };

const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** The format a URL asks for by its suffix (…/services.xml); JSON when it names none we speak. */
export function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return /\.xml$/i.test(path) ? 'xml' : 'json';
}

/** Sends a document: JSON as is, XML under the given root element. */
export function sendDocument(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  reply.code(status).type(CONTENT_TYPE[format]);
  return reply.send(format === 'xml' ? toXml(root, value, ITEM_NAMES) : JSON.stringify(value));
}

/** An error the spec defines: HTTP status, a machine code for the audit trail, and the text in both languages. */
export class Open311Error extends Error {
  constructor(
    public readonly status: 400 | 403 | 404,
    public readonly code: string,
    public readonly text: Readonly<Record<Lang, string>>,
  ) {
    super(text.en);
    this.name = 'Open311Error';
  }
}

export const open311Error = (status: 400 | 403 | 404, code: string, zh: string, en: string) => new Open311Error(status, code, { 'zh-CN': zh, en });

/** The spec's error document: `[{ code, description }]`, `<errors><error>…`; the code is the HTTP status. */
export function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  return sendDocument(reply, format, 'errors', [{ code: status, description }], status);
}

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** ISO 8601 with the zone offset the spec requires, in Shanghai time: 2026-07-01T09:30:00+08:00. */
export function shanghaiIso(d: Date | null | undefined): string | null {
  if (!d) return null;
  return `${new Date(d.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?(Z|[+\- ]\d{2}:?\d{2})?$/;

/**
 * Parses an ISO 8601 date or date-time. Without a zone it is read in the jurisdiction's time (+08:00);
 * a date alone is the start of that day. A space before the offset is a "+" a client forgot to encode.
 */
export function parseIsoDate(value: string, field: string): Date {
  const m = ISO_DATE.exec(value.trim());
  const bad = () => open311Error(400, 'invalid_date', `${field} 不是有效的 ISO 8601 日期时间`, `${field} is not a valid ISO 8601 date-time`);
  if (!m) throw bad();
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', given] = m;
  const zone = given?.replace(/^ /, '+');
  const z = !zone ? '+08:00' : zone === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const t = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${z}`);
  // Date.parse rolls 2026-02-30 over to March; a round trip through the fields catches it.
  if (!Number.isFinite(t) || Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw bad();
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1) throw bad();
  return new Date(t);
}

/** Open311 knows two statuses: a case that can no longer change is closed, every other one is open. */
export function open311Status(status: string): 'open' | 'closed' {
  return (TERMINAL_STATUSES as readonly string[]).includes(status) ? 'closed' : 'open';
}

/** The internal states that make up each Open311 status (for filtering). */
export const CLOSED_STATUSES: readonly string[] = TERMINAL_STATUSES;

/** A short note from the internal state, in Chinese and English: "待签收 dispatched". */
export function statusNotes(status: string): string {
  if (!isAppealStatus(status)) return status;
  const l = STATUS_LABELS[status];
  return `${l.zh} ${l.en.toLowerCase()}`;
}

/** What a client is told to expect after filing: the category's time limit. */
export function serviceNotice(workingDays: number | null | undefined): string | null {
  if (!workingDays) return null;
  return `${workingDays} 个工作日内办结 (to be resolved within ${workingDays} working days)`;
}

/**
 * Mobile and ID-card numbers a reporter typed into the problem text are masked before the text is published:
 * the description is public, the reporter's contact never is.
 */
export function redactPersonalNumbers(text: string): string {
  return text
    .replace(/(?<![\dA-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![\dA-Za-z])/g, '$1********$2')
    .replace(/(?<!\d)((?:\+?86[-\s]?)?1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2');
}

/** The client's media_url travels with the case as the last line of its description (there is no column for it). */
const MEDIA_MARK = '\n\n[media_url] ';

export function withMediaUrl(description: string, mediaUrl: string | null): string {
  return mediaUrl ? `${description}${MEDIA_MARK}${mediaUrl}` : description;
}

export function splitMediaUrl(stored: string): { description: string; mediaUrl: string | null } {
  const at = stored.lastIndexOf(MEDIA_MARK);
  if (at < 0) return { description: stored, mediaUrl: null };
  const url = stored.slice(at + MEDIA_MARK.length);
  if (!/^https?:\/\/\S+$/.test(url)) return { description: stored, mediaUrl: null };
  return { description: stored.slice(0, at), mediaUrl: url };
}

/** The columns a public request is built from: explicitly no reporter, caller or contact. */
export interface RequestRow {
  number: string;
  status: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  receivedAt: Date;
  updatedAt: Date;
  dueBy: Date | null;
  serviceCode: string | null;
  serviceName: string | null;
  workingDays: number | null;
  agency: string | null;
}

/** One service request as GET requests answers it, fields in the spec's order. */
export function presentRequest(r: RequestRow) {
  const { description, mediaUrl } = splitMediaUrl(r.description);
  return {
    service_request_id: r.number,
    status: open311Status(r.status),
    status_notes: statusNotes(r.status),
    service_name: r.serviceName,
    service_code: r.serviceCode,
    description: redactPersonalNumbers(description),
    agency_responsible: r.agency,
    service_notice: serviceNotice(r.workingDays),
    requested_datetime: shanghaiIso(r.receivedAt),
    updated_datetime: shanghaiIso(r.updatedAt),
    expected_datetime: shanghaiIso(r.dueBy),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: mediaUrl,
  };
}

/** A leaf category as an Open311 service. */
export function presentService(c: { code: string; name: string; workingDays: number }, ancestors: readonly string[]) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: `${[...ancestors, c.name].join(' / ')}：${serviceNotice(c.workingDays)}`,
    metadata: true,
    type: 'realtime',
    keywords: [...ancestors, c.name].join(','),
    group: ancestors.at(-1) ?? null,
  };
}

const URGENCY_NAMES: Record<(typeof URGENCIES)[number], string> = { normal: '一般 normal', urgent: '紧急 urgent', emergency: '特急 emergency' };

/** The one attribute every service takes: how urgent the problem is (it shortens the time limits). */
export function serviceDefinition(code: string) {
  return {
    service_code: code,
    attributes: [
      {
        variable: true,
        code: 'urgency',
        datatype: 'singlevaluelist',
        required: false,
        datatype_description: 'normal | urgent | emergency; normal when omitted',
        order: 1,
        description: '紧急程度 Urgency',
        values: URGENCIES.map((u) => ({ key: u, name: URGENCY_NAMES[u] })),
      },
    ],
  };
}
