import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  HTTP_METHODS,
  isReference,
  openApiDocument,
  pointerTo,
  projectRoot,
  resolved,
  valueAt,
  type MediaType,
  type Operation,
  type Parameter,
  type ResponseObject,
} from '../../../src/adapters/http/openapi-document';

/** Every operation of the spec, with where it lives. */
function operations(): { path: string; method: string; operation: Operation; pointer: string }[] {
  const document = openApiDocument();
  return Object.entries(document.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ path, method, operation, pointer: pointerTo('paths', path, method) }] : [];
    }),
  );
}

function responsesOf(pointer: string, operation: Operation): [string, ResponseObject][] {
  return Object.keys(operation.responses).map((status) => [
    status,
    resolved<ResponseObject>(openApiDocument(), `${pointer}/responses/${status}`).node,
  ]);
}

/** Object schemas reachable from a schema through properties, items and references. */
function objectSchemasUnder(schema: unknown, seen = new Set<unknown>()): Record<string, unknown>[] {
  if (typeof schema !== 'object' || schema === null || seen.has(schema)) return [];
  seen.add(schema);
  if (isReference(schema)) return objectSchemasUnder(valueAt(openApiDocument(), schema.$ref), seen);
  const s = schema as Record<string, unknown>;
  const children = [
    ...Object.values((s['properties'] as object | undefined) ?? {}),
    s['items'],
    ...((s['oneOf'] as unknown[] | undefined) ?? []),
  ];
  return [...(s['properties'] ? [s] : []), ...children.flatMap((c) => objectSchemasUnder(c, seen))];
}

function runTool(script: string, args: string[]) {
  return spawnSync(process.execPath, [join(projectRoot(), 'node_modules', script), ...args], { cwd: projectRoot(), encoding: 'utf8' });
}

describe('openapi/corridor.yaml', () => {
  it('asks for an API key, and documents 401, on every operation under /v1', () => {
    const document = openApiDocument() as unknown as { security: unknown };
    for (const { path, operation } of operations().filter((o) => o.path.startsWith('/v1/'))) {
      expect([path, (operation as { security?: unknown }).security ?? document.security]).toEqual([path, [{ apiKey: [] }]]);
      expect([path, Object.keys(operation.responses)]).toEqual([path, expect.arrayContaining(['401'])]);
    }
  });

  it('documents X-Request-Id on every response', () => {
    for (const { pointer, operation } of operations()) {
      for (const [status, response] of responsesOf(pointer, operation)) {
        expect([pointer, status, Object.keys(response.headers ?? {})]).toEqual([pointer, status, expect.arrayContaining(['X-Request-Id'])]);
      }
    }
  });

  it('answers every error as an application/problem+json Problem', () => {
    for (const { pointer, operation } of operations()) {
      for (const [status, response] of responsesOf(pointer, operation).filter(([s]) => Number(s) >= 400)) {
        expect([pointer, status, response.content]).toEqual([
          pointer,
          status,
          { 'application/problem+json': expect.objectContaining({ schema: { $ref: '#/components/schemas/Problem' } }) },
        ]);
      }
    }
  });

  it('rejects properties it does not know in every request body', () => {
    for (const { pointer } of operations().filter((o) => o.operation.requestBody)) {
      const { node: body } = resolved<{ content: Record<string, MediaType> }>(openApiDocument(), `${pointer}/requestBody`);
      for (const object of objectSchemasUnder(body.content['application/json']?.schema)) {
        expect([pointer, object['additionalProperties']]).toEqual([pointer, false]);
      }
    }
  });

  it('pages every list with limit and starting_after', () => {
    const lists = operations().filter((o) => o.operation.operationId.startsWith('list'));
    expect(lists.length).toBeGreaterThan(0);
    for (const { path, method, operation } of lists) {
      const names = [...(operation.parameters ?? [])].map((p) =>
        isReference(p) ? resolved<Parameter>(openApiDocument(), p.$ref).node.name : p.name,
      );
      expect([path, method, names]).toEqual([path, method, expect.arrayContaining(['limit', 'starting_after'])]);
    }
  });

  it('describes every operation and shows an example of every success response', () => {
    for (const { pointer, operation } of operations()) {
      expect([pointer, typeof (operation as { description?: unknown }).description]).toEqual([pointer, 'string']);
      for (const [status, response] of responsesOf(pointer, operation).filter(([s]) => s.startsWith('2'))) {
        for (const media of Object.values(response.content ?? {})) {
          const shown = 'example' in media || 'examples' in media;
          expect([pointer, status, shown]).toEqual([pointer, status, true]);
        }
      }
    }
  });

  it('passes the Redocly linter without a warning', () => {
    const lint = runTool('@redocly/cli/bin/cli.js', ['lint', 'openapi/corridor.yaml']);

    expect(lint.status).toBe(0);
    expect(`${lint.stdout}${lint.stderr}`).toContain('Your API description is valid');
    expect(`${lint.stdout}${lint.stderr}`).not.toMatch(/You have \d+ warnings?/);
  }, 60_000);
});
