import type { Response } from 'supertest';
import type { Schemas } from '../../src/adapters/http/openapi-document';

/** The status, content type, stable code and (when given) first offending field of an RFC 9457 problem. */
export function expectProblem(res: Response, status: number, code: string, field?: string): void {
  const problem = res.body as Schemas['Problem'];
  const contentType = String(res.headers['content-type']).split(';')[0];
  const seen = {
    status: res.status,
    problemStatus: problem.status,
    contentType,
    code: problem.code,
    ...(field === undefined ? {} : { field: problem.errors?.[0]?.field }),
  };
  expect(seen).toEqual({
    status,
    problemStatus: status,
    contentType: 'application/problem+json',
    code,
    ...(field === undefined ? {} : { field }),
  });
}
