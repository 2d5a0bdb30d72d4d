/**
 * Just enough XML for ISO 20022 documents: elements, one attribute (`Ccy`), text. A tree that skips
 * absent optional elements, written with a fixed layout so the same tree is always the same bytes.
 */
export interface XmlElement {
  name: string;
  attributes: readonly (readonly [name: string, value: string])[];
  children: readonly XmlElement[];
  text?: string;
}

/** An optional element or group that is absent. */
export type XmlChild = XmlElement | undefined | false | readonly XmlChild[];

/** An element holding other elements; absent children are skipped, so optional parts read inline. */
export function el(name: string, ...children: XmlChild[]): XmlElement {
  return { name, attributes: [], children: flatten(children) };
}

/** An element holding text, with optional attributes. */
export function text(name: string, value: string, attributes: readonly (readonly [string, string])[] = []): XmlElement {
  return { name, attributes, children: [], text: value };
}

function flatten(children: readonly XmlChild[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of children) {
    if (child === undefined || child === false) continue;
    if (Array.isArray(child)) out.push(...flatten(child as readonly XmlChild[]));
    else out.push(child as XmlElement);
  }
  return out;
}

/** A complete UTF-8 document whose root element `Document` is in the message's namespace. */
export function isoDocument(message: string, body: XmlElement): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const root: XmlElement = {
    name: 'Document',
    attributes: [['xmlns', `urn:iso:std:iso:20022:tech:xsd:${message}`]],
    children: [body],
  };
  write(root, 0, lines);
  return `${lines.join('\n')}\n`;
}

function write(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const attributes = element.attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  const open = `${indent}<${element.name}${attributes}`;
  if (element.text !== undefined) {
    lines.push(`${open}>${escapeText(element.text)}</${element.name}>`);
  } else if (element.children.length === 0) {
    lines.push(`${open}/>`);
  } else {
    lines.push(`${open}>`);
    for (const child of element.children) write(child, depth + 1, lines);
    lines.push(`${indent}</${element.name}>`);
  }
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF, unpaired surrogates) become
 * U+FFFD, one for one, so lengths checked against the schema still hold.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex -- matching the control characters XML forbids is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `>` is escaped too, so a `]]>` in text can never read as markup; `\r` would be lost to line-end normalisation. */
function escapeText(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Tabs and line breaks are escaped in attributes, which XML would otherwise normalise to spaces. */
function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
