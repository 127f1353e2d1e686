/**
 * A tiny XML writer for the Open311 GeoReport v2 documents: elements only (no attributes), UTF-8, every text
 * escaped. Objects become elements named by their keys; arrays repeat a child element whose name is given by
 * `itemNames` for the array's own name, or its name without the trailing "s" (`services` → `service`).
 */

export type XmlScalar = string | number | boolean | null | undefined;
export type XmlValue = XmlScalar | readonly XmlValue[] | { readonly [key: string]: XmlValue };

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Characters XML 1.0 does not allow at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF): dropped. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Escapes text for element content or attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const singular = (name: string, itemNames: Readonly<Record<string, string>>) => itemNames[name] ?? (name.endsWith('s') ? name.slice(0, -1) : `${name}_item`);

function element(name: string, value: XmlValue, itemNames: Readonly<Record<string, string>>): string {
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === undefined) return `<${name}></${name}>`;
  if (Array.isArray(value)) {
    const child = singular(name, itemNames);
    return `<${name}>${value.map((v: XmlValue) => element(child, v, itemNames)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const body = Object.entries(value as Record<string, XmlValue>)
      .map(([k, v]) => element(k, v, itemNames))
      .join('');
    return `<${name}>${body}</${name}>`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return `<${name}></${name}>`;
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: the XML declaration and one root element. */
export function toXml(root: string, value: XmlValue, itemNames: Readonly<Record<string, string>> = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, itemNames)}\n`;
}
