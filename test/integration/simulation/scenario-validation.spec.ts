import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simulateCli } from '../../../src/cli/simulate';
import { ScenarioError, loadScenario } from '../../../src/simulation';

/** A scenario with one mistake of each kind a researcher makes when writing one by hand. */
const BAD_SCENARIO = {
  name: 'typo-ridden',
  seed: 1,
  region: {
    settlementAsset: 'USD',
    parties: [
      { code: 'A', currency: 'USD' },
      { code: 'B', currency: 'usd' },
    ],
  },
  workload: {
    dayLengthSeconds: 36000,
    generate: {
      payments: 1000,
      topology: { kind: 'ring' },
      values: { components: [{ weight: 1, median: 25, sigma: 1 }] },
      reciprocity: 1.5,
      crossCurrencyShare: 0,
    },
  },
  liquidity: { levels: [0, 50] },
  rules: [
    { kind: 'gross', queue: 'fifo' },
    { kind: 'lsm', queue: 'fifo', offsetEverySeconds: 300, gridlock: 'fifo-exact' },
    { kind: 'multilateral', cycleSeconds: 0, shortfall: 'unwind' },
    { kind: 'bilateral', cycleSeconds: 3600 },
  ],
  outputs: { files: ['report.pdf'] },
  colour: 'blue',
};

/** Shape is right, but codes and amounts do not hold together. */
const INCONSISTENT_SCENARIO = {
  name: 'inconsistent',
  seed: 1,
  region: {
    settlementAsset: 'USD',
    rates: { KES: '129.50' },
    parties: [
      { code: 'CBK', currency: 'KES' },
      { code: 'CBK', currency: 'NGN' },
    ],
  },
  workload: {
    dayLengthSeconds: 36000,
    generate: {
      payments: 1000,
      topology: { kind: 'scale-free', attachment: 1 },
      values: { components: [{ weight: 1, median: '25.005', sigma: 1 }] },
      reciprocity: 0.5,
      crossCurrencyShare: 0.5,
    },
  },
  liquidity: { levels: [0.5], credit: { CBZ: { USD: '100.00' }, CBK: { KES: '100.00' } } },
  rules: [
    { kind: 'gross', queue: 'fifo' },
    { kind: 'gross', queue: 'fifo' },
  ],
  outputs: { focusLevel: 'alpha=1' },
};

describe('scenario validation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'corridor-scenario-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, document: unknown): string {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(document));
    return file;
  }

  function problemsOf(file: string): { field: string; message: string }[] {
    try {
      loadScenario(file);
    } catch (error) {
      if (error instanceof ScenarioError) return error.problems;
      throw error;
    }
    throw new Error(`${file} was accepted`);
  }

  it('reports every field the schema refuses at once, each named by its path', () => {
    const problems = problemsOf(write('bad.json', BAD_SCENARIO));

    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: expect.stringContaining('is not a scenario field') },
        { field: 'region.parties[1].currency', message: 'must be an ISO 4217 code such as "USD"' },
        { field: 'workload.generate.topology.kind', message: 'must be one of "core-periphery", "scale-free"' },
        { field: 'workload.generate.values.components[0].median', message: expect.stringContaining('not a JSON number') },
        { field: 'workload.generate.reciprocity', message: 'must be <= 1' },
        { field: 'liquidity.levels[1]', message: 'must be <= 1' },
        { field: 'rules[2].cycleSeconds', message: 'must be >= 1' },
        { field: 'rules[3].shortfall', message: 'is required' },
        { field: 'outputs.files[0]', message: expect.stringContaining('"report.html"') },
      ]),
    );
    expect(problems).toHaveLength(9);
  });

  it('then reports codes, amounts and labels that do not hold together', () => {
    const problems = problemsOf(write('inconsistent.json', INCONSISTENT_SCENARIO));

    expect(problems).toEqual([
      { field: 'region.parties[1].code', message: 'repeats region.parties[0].code' },
      { field: 'region.rates.NGN', message: 'is required: units of NGN per 1 USD' },
      { field: 'workload.generate.values.components[0].median', message: 'USD amounts have at most 2 decimal places' },
      { field: 'liquidity.credit.CBZ', message: 'is not a party of the region' },
      { field: 'liquidity.credit.CBK.KES', message: 'liquidity is held in the settlement asset USD when netting in it' },
      { field: 'rules[1]', message: 'has the same label as rules[0] ("Gross RTGS (FIFO)"): give one a "label"' },
      { field: 'outputs.focusLevel', message: 'must be the label of a liquidity level: "alpha=0.5"' },
    ]);
  });

  it('makes the command exit with code 2 and print the problems', () => {
    const file = write('bad-for-cli.json', BAD_SCENARIO);
    const out: string[] = [];
    const err: string[] = [];

    const code = simulateCli([file, '--out', path.join(dir, 'never-written')], {
      stdout: { write: (text: string) => out.push(text) },
      stderr: { write: (text: string) => err.push(text) },
    });

    expect(code).toBe(2);
    expect(out.join('')).toBe('');
    expect(err.join('')).toContain(`${file} has 9 problems:`);
    expect(err.join('')).toContain('  rules[2].cycleSeconds: must be >= 1');
  });

  it('reads YAML as well as JSON', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'name: yaml-scenario\nseed: 1\nregion: { settlementAsset: USD }\n');

    expect(problemsOf(file)).toEqual([
      { field: 'workload', message: 'is required' },
      { field: 'liquidity', message: 'is required' },
      { field: 'rules', message: 'is required' },
    ]);
  });
});
