import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const SCHEMA_FOLDER = join(__dirname, '..', '..', 'fixtures', 'iso20022');
const schemas = new Map<string, string>();

/**
 * libxml2's XML Schema validation of a message against its official schema (`pacs.008.001.09` reads
 * `test/fixtures/iso20022/pacs.008.001.09.xsd`): the errors, none when the message is valid.
 */
export async function schemaErrors(message: string, xml: string): Promise<string[]> {
  let schema = schemas.get(message);
  if (schema === undefined) {
    schema = readFileSync(join(SCHEMA_FOLDER, `${message}.xsd`), 'utf8');
    schemas.set(message, schema);
  }
  const result = await validateXML({
    xml: [{ fileName: 'message.xml', contents: xml }],
    schema: [{ fileName: `${message}.xsd`, contents: schema }],
  });
  const errors = result.errors.map((error) => error.message);
  return result.valid ? errors : errors.length > 0 ? errors : [result.rawOutput];
}

/** The text between the first `<name …>` and its `</name>`: enough to read one element of a message in a test. */
export function elementOf(xml: string, name: string): string {
  const open = new RegExp(`<${name}(\\s[^>]*)?>`).exec(xml);
  if (!open) throw new Error(`no <${name}> in the message`);
  const start = open.index + open[0].length;
  const end = xml.indexOf(`</${name}>`, start);
  if (end < 0) throw new Error(`<${name}> is not closed`);
  return xml.slice(start, end);
}

/** The text of every `<name>` element, in document order (for elements that hold text). */
export function textsOf(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`, 'g'))].map((match) => match[1] ?? '');
}
