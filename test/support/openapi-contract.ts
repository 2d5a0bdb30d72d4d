import type { Response } from 'supertest';
import {
  HTTP_METHODS,
  openApiDocument,
  pointerTo,
  resolved,
  type Header,
  type HttpMethod,
  type OpenApiDocument,
  type ResponseObject,
} from '../../src/adapters/http/openapi-document';
import { SchemaValidator, type FieldError } from '../../src/adapters/http/schema-validator';

/**
 * Throws unless `res` is a response the spec documents for the operation: its status is listed, its
 * content type is one the spec gives for that status (`application/problem+json` for every error),
 * its required headers are present and valid, and its body matches the schema. Bodies are held to
 * their documented properties: a field the spec does not name is a mismatch here, so a controller
 * cannot leak internal columns unnoticed.
 *
 * The operation is found from `method` and `pathTemplate` (`/v1/payments/{payment_id}`), or, without a
 * template, by matching the request's path against the spec's templates.
 */
export function expectMatchesSpec(res: Response, method: string, pathTemplate?: string): void {
  const document = closedDocument();
  const requestPath = new URL(res.request.url, 'http://localhost').pathname;
  const template = pathTemplate ?? templateMatching(document, requestPath);
  const where = `${method.toUpperCase()} ${requestPath} → ${res.status}`;
  if (template === undefined) throw contractError(where, [`no path in the spec matches ${requestPath}`], res);
  const lowerMethod = method.toLowerCase() as HttpMethod;
  const operation = HTTP_METHODS.includes(lowerMethod) ? document.paths[template]?.[lowerMethod] : undefined;
  if (operation === undefined) {
    throw contractError(where, [`the spec has no operation ${method.toUpperCase()} ${template}`], res);
  }
  const documented = Object.keys(operation.responses);
  const statusKey = [String(res.status), `${String(res.status).charAt(0)}XX`, 'default'].find((k) => documented.includes(k));
  if (statusKey === undefined) {
    throw contractError(
      where,
      [`status ${res.status} is not documented for ${operation.operationId} (documented: ${documented.join(', ')})`],
      res,
    );
  }

  const { node: response, pointer: responsePointer } = resolved<ResponseObject>(
    document,
    `${pointerTo('paths', template, lowerMethod)}/responses/${statusKey}`,
  );
  const mismatches = [...headerMismatches(document, res, response, responsePointer), ...bodyMismatches(res, response, responsePointer)];
  if (mismatches.length > 0) throw contractError(where, mismatches, res);
}

function headerMismatches(document: OpenApiDocument, res: Response, response: ResponseObject, responsePointer: string): string[] {
  const mismatches: string[] = [];
  for (const name of Object.keys(response.headers ?? {})) {
    const { node: header, pointer } = resolved<Header>(document, `${responsePointer}/headers/${escape(name)}`);
    const value: unknown = res.headers[name.toLowerCase()];
    if (value === undefined) {
      if (header.required) mismatches.push(`header ${name} is missing`);
      continue;
    }
    for (const error of validator().validateAt(`${pointer}/schema`, value)) {
      mismatches.push(`header ${name} ${error.reason} (got ${JSON.stringify(value)})`);
    }
  }
  return mismatches;
}

function bodyMismatches(res: Response, response: ResponseObject, responsePointer: string): string[] {
  const mediaTypes = Object.keys(response.content ?? {});
  const contentType =
    String(res.headers['content-type'] ?? '')
      .split(';')[0]
      ?.trim() ?? '';
  if (mediaTypes.length === 0) {
    return res.text ? [`the spec documents no body, but one was sent (${contentType})`] : [];
  }
  const mismatches: string[] = [];
  if (res.status >= 400 && contentType !== 'application/problem+json') {
    mismatches.push(`an error must be application/problem+json, not ${contentType || 'without a content type'}`);
  }
  if (!mediaTypes.includes(contentType)) {
    mismatches.push(`content type ${contentType || '(none)'} is not documented (documented: ${mediaTypes.join(', ')})`);
    return mismatches;
  }
  const body: unknown = contentType.endsWith('json') ? res.body : res.text;
  const errors = validator().validateAt(`${responsePointer}/content/${escape(contentType)}/schema`, body);
  return [...mismatches, ...errors.map(describe)];
}

function describe(error: FieldError): string {
  return `body${error.field === '' ? '' : error.field.startsWith('[') ? error.field : `.${error.field}`} ${error.reason} (${error.code})`;
}

function templateMatching(document: OpenApiDocument, path: string): string | undefined {
  // Literal segments win over parameters, as in routing: try templates with fewer parameters first.
  const templates = Object.keys(document.paths).sort((a, b) => parameterCount(a) - parameterCount(b));
  return templates.find((t) =>
    new RegExp(
      `^${t
        .split(/\{[^}]+\}/)
        .map(escapeRegExp)
        .join('[^/]+')}$`,
    ).test(path),
  );
}

function parameterCount(template: string): number {
  return (template.match(/\{/g) ?? []).length;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function contractError(where: string, mismatches: string[], res: Response): Error {
  const body = res.text && res.text.length > 2000 ? `${res.text.slice(0, 2000)}…` : res.text;
  return new Error(`${where} does not match openapi/corridor.yaml:\n  - ${mismatches.join('\n  - ')}\nbody: ${body}`);
}

let closed: OpenApiDocument | undefined;
let closedValidator: SchemaValidator | undefined;

function validator(): SchemaValidator {
  closedValidator ??= new SchemaValidator(closedDocument());
  return closedValidator;
}

/** The spec with every object schema that lists its properties closed to others. */
function closedDocument(): OpenApiDocument {
  closed ??= closeSchemasIn(structuredClone(openApiDocument())) as OpenApiDocument;
  return closed;
}

/** Walks the OpenAPI objects (not examples) and closes every schema it reaches. */
function closeSchemasIn(node: unknown, key?: string): unknown {
  if (Array.isArray(node)) node.forEach((item) => closeSchemasIn(item));
  else if (typeof node === 'object' && node !== null) {
    for (const [k, value] of Object.entries(node)) {
      if (k === 'example' || k === 'examples') continue;
      if (k === 'schema' || (key === 'schemas' && typeof value === 'object')) closeSchema(value);
      else closeSchemasIn(value, k);
    }
  }
  return node;
}

const SUBSCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'prefixItems'];
const SUBSCHEMAS = ['items', 'not', 'if', 'then', 'else', 'additionalProperties'];

function closeSchema(schema: unknown): void {
  if (typeof schema !== 'object' || schema === null) return;
  const s = schema as Record<string, unknown>;
  if (typeof s['properties'] === 'object' && s['properties'] !== null) {
    if (s['additionalProperties'] === undefined) s['additionalProperties'] = false;
    Object.values(s['properties'] as Record<string, unknown>).forEach(closeSchema);
  }
  for (const k of SUBSCHEMA_LISTS) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach(closeSchema);
  for (const k of SUBSCHEMAS) closeSchema(s[k]);
}
