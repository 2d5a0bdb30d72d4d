import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { Schemas } from '../../src/adapters/http/openapi-document';
import { expectMatchesSpec } from '../support/openapi-contract';
import { expectProblem } from '../support/problems';
import { loadRegion, regionIndex, threePartyRegion } from '../support/regions';
import { MODES, startTestApp, type TestApp } from '../support/test-app';

/** The gridlock-prone example scenario, shrunk to a day a test can run in a second. */
function smallScenario(payments = 2000): Record<string, unknown> {
  const file = path.join(__dirname, '..', '..', 'examples', 'scenarios', 'gridlock-prone-interbank.json');
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as { workload: { generate: { payments: number } } } & Record<string, unknown>;
  delete scenario.$schema;
  scenario.workload.generate.payments = payments;
  return scenario;
}

async function finished(t: TestApp, id: string, key: string): Promise<Schemas['Simulation']> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const simulation = (await t.api.get(`/v1/simulations/${id}`, key)).body as Schemas['Simulation'];
    if (simulation.status === 'succeeded' || simulation.status === 'failed') return simulation;
    if (Date.now() > deadline) throw new Error(`simulation ${id} still ${simulation.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The netting laboratory through the API: a scenario runs as a job and its reports come back. */
describe.each(MODES)('simulations (%s)', (mode) => {
  let t: TestApp;
  let simulation: Schemas['Simulation'];

  beforeAll(async () => {
    t = await startTestApp(mode);
    const accepted = await t.api.post('/v1/simulations', t.operatorKey, { scenario: smallScenario() });
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ status: 'queued', name: 'gridlock-prone-interbank', results: null });
    simulation = await finished(t, (accepted.body as Schemas['Simulation']).id, t.operatorKey);
  });
  afterAll(() => t.close());

  it('runs every rule at every liquidity level and reports their metrics', () => {
    expect(simulation).toMatchObject({ status: 'succeeded', progress: 1, failure_reason: null });
    // 4 rules × 5 liquidity levels × 1 currency
    expect(simulation.results).toHaveLength(20);
    expect(new Set(simulation.results!.map((r) => r.rule)).size).toBe(4);
    for (const result of simulation.results!) {
      expect(Number(result.settled_value) + Number(result.unsettled_value)).toBeCloseTo(Number(result.gross), 2);
    }
  });

  it('serves the HTML report, the metrics CSV and the full JSON report', async () => {
    const server = t.app.getHttpServer();
    const html = await request(server).get(`/v1/simulations/${simulation.id}/report.html`).set('Authorization', `Bearer ${t.operatorKey}`);
    expectMatchesSpec(html, 'GET');
    expect(html.text).toContain('<svg');
    expect(html.text).not.toMatch(/<script\s+src|https?:\/\//);
    const csv = await request(server).get(`/v1/simulations/${simulation.id}/metrics.csv`).set('Authorization', `Bearer ${t.operatorKey}`);
    expectMatchesSpec(csv, 'GET');
    expect(csv.text.trim().split('\n')).toHaveLength(21);
    const json = await t.api.get(`/v1/simulations/${simulation.id}/report.json`, t.operatorKey);
    expect((json.body as { runs: unknown[] }).runs).toHaveLength(20);
  });

  it('gives the same results for the same scenario and seed', async () => {
    const again = await t.api.post('/v1/simulations', t.operatorKey, { scenario: smallScenario() });
    const second = await finished(t, (again.body as Schemas['Simulation']).id, t.operatorKey);
    expect(second.results).toEqual(simulation.results);
  });

  it('names every invalid field of a bad scenario, prefixed with scenario.', async () => {
    const bad = smallScenario();
    (bad.rules as Record<string, unknown>[])[2]!.offsetEverySeconds = 0;
    const res = await t.api.post('/v1/simulations', t.operatorKey, { scenario: bad });
    expectProblem(res, 422, 'validation_failed', 'scenario.rules[2].offsetEverySeconds');
  });

  it('refuses a replayed workload, which would read a file on the server', async () => {
    const replay = { ...smallScenario(), workload: { dayLengthSeconds: 36000, replay: { file: '/etc/passwd' } } };
    const res = await t.api.post('/v1/simulations', t.operatorKey, { scenario: replay });
    expectProblem(res, 422, 'validation_failed', 'scenario.workload.replay');
  });

  it('shows a simulation only to the key that asked for it and to the platform operator', async () => {
    const r = regionIndex(await loadRegion(t.api, t.operatorKey, threePartyRegion()));
    const mine = await t.api.post('/v1/simulations', r.keyOf('A'), { scenario: smallScenario(500) });
    const id = (mine.body as Schemas['Simulation']).id;
    await finished(t, id, r.keyOf('A'));
    expectProblem(await t.api.get(`/v1/simulations/${id}`, r.keyOf('B')), 404, 'not_found');
    expect((await t.api.get(`/v1/simulations/${id}`, t.operatorKey)).status).toBe(200);
    const listed = (await t.api.get('/v1/simulations', r.keyOf('A'))).body as Schemas['SimulationList'];
    expect(listed.data.map((s) => s.id)).toEqual([id]);
  });
});
