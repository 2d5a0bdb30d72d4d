import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import type { components, operations, paths } from '../../../openapi/corridor';

/** The API's schemas as TypeScript types, generated from `openapi/corridor.yaml`. */
export type Schemas = components['schemas'];
export type SchemaName = keyof Schemas;
export type OperationId = keyof operations;
export type { components, operations, paths };

/** The slice of an OpenAPI 3.1 document that the HTTP edge reads. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components: {
    schemas: Record<string, object>;
    parameters?: Record<string, Parameter | Reference>;
    responses?: Record<string, ResponseObject | Reference>;
    headers?: Record<string, Header | Reference>;
  };
}
export interface Reference {
  $ref: string;
}
export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema: { default?: unknown } & object;
}
export interface Header {
  required?: boolean;
  schema: object;
}
export interface MediaType {
  schema?: object;
}
export interface ResponseObject {
  description: string;
  headers?: Record<string, Header | Reference>;
  content?: Record<string, MediaType>;
}
export interface Operation {
  operationId: string;
  parameters?: (Parameter | Reference)[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> } | Reference;
  responses: Record<string, ResponseObject | Reference>;
}
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type PathItem = { parameters?: (Parameter | Reference)[] } & { [M in HttpMethod]?: Operation };

/**
 * The folder holding `package.json`. Walking up from this file finds it both from `src/` under
 * ts/jest and from `dist/src/` after a build, so the YAML is never copied into `dist/`.
 */
export function projectRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

let cached: OpenApiDocument | undefined;

/** The parsed `openapi/corridor.yaml`, read once per process. Treat it as read-only. */
export function openApiDocument(): OpenApiDocument {
  cached ??= parse(readFileSync(join(projectRoot(), 'openapi', 'corridor.yaml'), 'utf8')) as OpenApiDocument;
  return cached;
}

/** `['paths', '/v1/payments', 'post']` → `#/paths/~1v1~1payments/post` (RFC 6901 escaping). */
export function pointerTo(...segments: string[]): string {
  return '#' + segments.map((s) => '/' + s.replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** The value at a local JSON pointer such as `#/components/schemas/Amount`. */
export function valueAt(document: OpenApiDocument, pointer: string): unknown {
  if (!pointer.startsWith('#')) throw new Error(`Only local references are supported: ${pointer}`);
  let node: unknown = document;
  for (const raw of pointer.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null || !(key in node)) {
      throw new Error(`Nothing at ${pointer} in the OpenAPI document`);
    }
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Follows `$ref`s from `pointer` until a real object, returning it and where it lives. */
export function resolved<T>(document: OpenApiDocument, pointer: string): { node: T; pointer: string } {
  let node = valueAt(document, pointer);
  while (isReference(node)) {
    pointer = node.$ref;
    node = valueAt(document, pointer);
  }
  return { node: node as T, pointer };
}

export function isReference(node: unknown): node is Reference {
  return typeof node === 'object' && node !== null && typeof (node as Reference).$ref === 'string';
}

/** Where an operation lives in the document, found by its `operationId`. */
export function findOperation(document: OpenApiDocument, operationId: string): { path: string; method: HttpMethod; operation: Operation } {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation?.operationId === operationId) return { path, method, operation };
    }
  }
  throw new Error(`No operation ${operationId} in the OpenAPI document`);
}

/**
 * An operation's parameters with path-level ones included, each resolved, with the pointer of its
 * schema so a validator can compile it in place (its own `$ref`s then resolve against the document).
 */
export function parametersOf(
  document: OpenApiDocument,
  path: string,
  method: HttpMethod,
): { parameter: Parameter; schemaPointer: string }[] {
  const lists: [string[], (Parameter | Reference)[] | undefined][] = [
    [['paths', path, 'parameters'], document.paths[path]?.parameters],
    [['paths', path, method, 'parameters'], document.paths[path]?.[method]?.parameters],
  ];
  const byKey = new Map<string, { parameter: Parameter; schemaPointer: string }>();
  for (const [segments, list] of lists) {
    (list ?? []).forEach((_, index) => {
      const { node, pointer } = resolved<Parameter>(document, pointerTo(...segments, String(index)));
      // An operation's parameter overrides a path-level one with the same name and location.
      byKey.set(`${node.in}:${node.name}`, { parameter: node, schemaPointer: `${pointer}/schema` });
    });
  }
  return [...byKey.values()];
}
