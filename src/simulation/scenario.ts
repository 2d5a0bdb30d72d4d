import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { parse as parseYaml } from 'yaml';
import { DomainError } from '../core/errors';
import { currencyScale, findCurrency, parseAmount, parseDecimal, parseNonNegativeAmount, toMinorUnits } from '../core/money';
import { type Rule, ruleLabel } from '../core/simulation';
import {
  type Currency,
  type PartySpec,
  type PaymentBatch,
  type WorkloadSpec,
  assertWorkloadSpec,
  parsePaymentsCsv,
} from '../core/workload';
import scenarioSchema from './scenario.schema.json';
import { errorSegments } from '../adapters/http/schema-validator';

export const OUTPUT_FILES = ['report.json', 'metrics.csv', 'queue.csv', 'report.html'] as const;
export type OutputFile = (typeof OUTPUT_FILES)[number];

/** One problem found in a scenario file, with the field it concerns (`rules[2].cycleSeconds`). */
export interface ScenarioProblem {
  field: string;
  message: string;
}

/** A scenario file that cannot run, with every problem found (not just the first). */
export class ScenarioError extends DomainError {
  constructor(
    readonly source: string,
    readonly problems: ScenarioProblem[],
  ) {
    super(
      'invalid_scenario',
      `${source} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${p.field === '' ? '(file)' : p.field}: ${p.message}`).join('\n'),
    );
  }
}

/** A liquidity level: α on the [LB, UB] scale, or explicit opening balances in minor units. */
export type LiquidityLevel = { label: string; alpha: number } | { label: string; alpha: null; opening: Float64Array[] };

export type NettingCurrency = 'settlement-asset' | 'per-currency';

/** A scenario file checked and resolved: codes turned into indexes, amounts into minor units. */
export interface Scenario {
  name: string;
  description: string;
  /** The file it came from, for messages; `<inline>` for a scenario built in code. */
  source: string;
  seed: number;
  settlementAsset: string;
  netting: NettingCurrency;
  parties: PartySpec[];
  currencies: Currency[];
  /** Units of each other currency per settlement-asset unit (decimal strings), as the engine takes them. */
  rates: Record<string, string>;
  dayLengthSeconds: number;
  workload: { kind: 'generate'; spec: WorkloadSpec } | { kind: 'replay'; file: string; payments: PaymentBatch };
  levels: LiquidityLevel[];
  /** Per currency, per party (minor units); absent when the file gives none. */
  credit?: Float64Array[];
  netDebitCaps?: Float64Array[];
  rules: { label: string; rule: Rule }[];
  outputs: { dir: string; files: OutputFile[]; focusLevel: string };
}

/** What a command line or a test may change without editing the file. */
export interface ScenarioOverrides {
  seed?: number;
  /** Shrinks (or grows) a generated day; a replayed day keeps its first `payments` payments. */
  payments?: number;
  outputDir?: string;
}

/** Reads a scenario file (JSON, or YAML for `.yaml`/`.yml`), validates and resolves it. */
export function loadScenario(file: string, overrides: ScenarioOverrides = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ScenarioError(file, [{ field: '', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
  }
  let document: unknown;
  try {
    document = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(file, [
      { field: '', message: `is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(error as Error).message}` },
    ]);
  }
  return resolveScenario(document, { source: file, baseDir: path.dirname(path.resolve(file)), overrides });
}

/**
 * Validates a scenario document against `scenario.schema.json`, then the rules a schema cannot say
 * (codes that must exist, amounts within a currency's scale, one of two alternatives), reporting
 * every problem at once.
 */
export function resolveScenario(
  document: unknown,
  context: { source?: string; baseDir?: string; overrides?: ScenarioOverrides } = {},
): Scenario {
  const source = context.source ?? '<inline>';
  const schemaProblems = validateShape(document);
  if (schemaProblems.length > 0) throw new ScenarioError(source, schemaProblems);
  const file = document as ScenarioDocument;
  const problems: ScenarioProblem[] = [];
  const overrides = context.overrides ?? {};
  checkOverrides(overrides, problems);

  const settlementAsset = file.region.settlementAsset;
  checkCurrency(settlementAsset, 'region.settlementAsset', problems);
  const netting = file.region.netting ?? 'settlement-asset';
  const parties = resolveParties(file, problems);
  const currencies = resolveCurrencies(settlementAsset, parties, file.region.rates ?? {}, problems);
  const rates = resolveRates(file, currencies, settlementAsset, netting, problems);
  const dayLengthSeconds = file.workload.dayLengthSeconds;
  const seed = overrides.seed ?? file.seed;
  const workload = resolveWorkload(
    file,
    { parties, currencies, rates, seed, settlementAsset, baseDir: context.baseDir ?? process.cwd(), overrides },
    problems,
  );
  const index = { parties: new Map(parties.map((p, i) => [p.code, i])), currencies: new Map(currencies.map((c, i) => [c.code, i])) };
  const allowedCurrency = netting === 'settlement-asset' ? settlementAsset : null;
  const levels = resolveLevels(file, index, allowedCurrency, problems);
  const credit = file.liquidity.credit && amountsByParty(file.liquidity.credit, 'liquidity.credit', index, allowedCurrency, 0, problems);
  const netDebitCaps =
    file.liquidity.netDebitCaps &&
    amountsByParty(file.liquidity.netDebitCaps, 'liquidity.netDebitCaps', index, allowedCurrency, Infinity, problems);
  const rules = resolveRules(file.rules, problems);

  const focusLevel = file.outputs?.focusLevel ?? levels[0]?.label ?? '';
  if (file.outputs?.focusLevel !== undefined && !levels.some((l) => l.label === focusLevel)) {
    problems.push({
      field: 'outputs.focusLevel',
      message: `must be the label of a liquidity level: ${levels.map((l) => JSON.stringify(l.label)).join(', ')}`,
    });
  }
  if (problems.length > 0 || workload === null) throw new ScenarioError(source, problems);

  return {
    name: file.name,
    description: file.description ?? '',
    source,
    seed,
    settlementAsset,
    netting,
    parties,
    currencies,
    rates,
    dayLengthSeconds,
    workload,
    levels,
    ...(credit ? { credit } : {}),
    ...(netDebitCaps ? { netDebitCaps } : {}),
    rules,
    outputs: {
      dir: overrides.outputDir ?? file.outputs?.dir ?? path.join('simulation-results', file.name),
      files: file.outputs?.files ?? [...OUTPUT_FILES],
      focusLevel,
    },
  };
}

/** The file's shape as the schema guarantees it. */
interface ScenarioDocument {
  name: string;
  description?: string;
  seed: number;
  region: {
    settlementAsset: string;
    netting?: NettingCurrency;
    rates?: Record<string, string>;
    parties?: { code: string; name?: string; currency: string; tier?: 'core' | 'periphery' }[];
    generate?: { count: number; currencies: string[] };
  };
  workload: {
    dayLengthSeconds: number;
    replay?: string;
    generate?: Pick<WorkloadSpec, 'payments' | 'topology' | 'reciprocity' | 'crossCurrencyShare'> & {
      arrivals?: WorkloadSpec['arrivals'];
      values: { components: { weight: number; median: string; sigma: number }[] };
    };
  };
  liquidity: {
    levels?: number[];
    fixed?: { label: string; opening: AmountsByParty }[];
    credit?: AmountsByParty;
    netDebitCaps?: AmountsByParty;
  };
  rules: (Rule & { label?: string })[];
  outputs?: { dir?: string; files?: OutputFile[]; focusLevel?: string };
}

type AmountsByParty = Record<string, Record<string, string>>;
type Indexes = { parties: Map<string, number>; currencies: Map<string, number> };

// verbose: errors carry their schema, from which a wrong `kind` learns the kinds there are.
const validateDocument = new Ajv2020({ allErrors: true, discriminator: true, verbose: true }).compile(scenarioSchema);

function validateShape(document: unknown): ScenarioProblem[] {
  if (validateDocument(document)) return [];
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  for (const error of validateDocument.errors ?? []) {
    // A missing `kind` is already reported by `required`.
    if (error.keyword === 'discriminator' && (error.params as { tagValue?: unknown }).tagValue === undefined) continue;
    const problem = describeSchemaError(error, document);
    const key = `${problem.field}\u0000${problem.message}`;
    // `propertyNames` reports the key twice (its own failure and the pattern's); say it once.
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function describeSchemaError(error: ErrorObject, root: unknown): ScenarioProblem {
  const segments = errorSegments(error);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'propertyNames' || (error.propertyName !== undefined && error.keyword === 'pattern')) {
    const name = (params['propertyName'] as string | undefined) ?? error.propertyName ?? '';
    return { field: fieldPath([...segments, name], root), message: `${JSON.stringify(name)} is not a valid code` };
  }
  if (error.keyword === 'discriminator') {
    const tag = String(params['tag']);
    const branches = ((error.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] }).oneOf ?? []).map(
      (b) => b.properties?.[tag]?.const,
    );
    return { field: fieldPath([...segments, tag], root), message: `must be one of ${branches.map((k) => JSON.stringify(k)).join(', ')}` };
  }
  return { field: fieldPath(segments, root), message: describeKeyword(error) };
}

/** `['rules', '2', 'cycleSeconds']` → `rules[2].cycleSeconds`, indexing only into arrays. */
function fieldPath(segments: string[], root: unknown): string {
  let result = '';
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) result += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) result += result === '' ? segment : `.${segment}`;
    else result += `[${JSON.stringify(segment)}]`;
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return result;
}

function describeKeyword(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const limit = String(params['limit']);
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a scenario field (check its spelling in docs/simulation.md)';
    case 'type':
      // Amounts are strings so that no binary float ever holds one; a JSON number here is the usual slip.
      if (error.schemaPath.includes('decimalString')) return 'must be a decimal string such as "1250.50", not a JSON number';
      return `must be ${String(params['type'])
        .replace(/^(integer|array|object)$/, 'an $1')
        .replace(/^(number|string)$/, 'a $1')}`;
    case 'enum':
      return `must be one of ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'pattern':
      if (error.schemaPath.includes('decimalString')) return 'must be a decimal string such as "1250.50" (no sign, no exponent)';
      if (error.schemaPath.includes('currencyCode')) return 'must be an ISO 4217 code such as "USD"';
      return 'must be letters, digits, ".", "_" or "-" (no spaces), starting with a letter or digit';
    case 'minimum':
      return `must be >= ${limit}`;
    case 'maximum':
      return `must be <= ${limit}`;
    case 'exclusiveMinimum':
      return `must be > ${limit}`;
    case 'exclusiveMaximum':
      return `must be < ${limit}`;
    case 'minItems':
      return `must have at least ${limit} item${limit === '1' ? '' : 's'}`;
    case 'maxItems':
      return `must have at most ${limit} items`;
    case 'minLength':
      return limit === '1' ? 'must not be empty' : `must be at least ${limit} characters long`;
    case 'maxLength':
      return `must be at most ${limit} characters long`;
    case 'uniqueItems':
      return `must not repeat a value (items ${String(params['j'])} and ${String(params['i'])} are equal)`;
    default:
      return error.message ?? 'is invalid';
  }
}

function checkOverrides(overrides: ScenarioOverrides, problems: ScenarioProblem[]): void {
  if (overrides.seed !== undefined && !(Number.isInteger(overrides.seed) && overrides.seed >= 0 && overrides.seed <= 0xffffffff)) {
    problems.push({ field: '--seed', message: 'must be an integer from 0 to 4294967295' });
  }
  if (overrides.payments !== undefined && !(Number.isInteger(overrides.payments) && overrides.payments >= 1)) {
    problems.push({ field: '--payments', message: 'must be a positive integer' });
  }
}

function checkCurrency(code: string, field: string, problems: ScenarioProblem[]): boolean {
  if (findCurrency(code)) return true;
  problems.push({ field, message: `${JSON.stringify(code)} is not an ISO 4217 currency with a defined minor unit` });
  return false;
}

function resolveParties(file: ScenarioDocument, problems: ScenarioProblem[]): PartySpec[] {
  const { parties, generate } = file.region;
  if ((parties === undefined) === (generate === undefined)) {
    problems.push({
      field: 'region',
      message: 'give either "parties" (a list) or "generate" (a count and currencies), not both or neither',
    });
    return [];
  }
  if (parties) {
    const firstAt = new Map<string, number>();
    parties.forEach((party, i) => {
      const earlier = firstAt.get(party.code);
      if (earlier !== undefined) problems.push({ field: `region.parties[${i}].code`, message: `repeats region.parties[${earlier}].code` });
      else firstAt.set(party.code, i);
      checkCurrency(party.currency, `region.parties[${i}].currency`, problems);
    });
    return parties.map((p) => ({
      code: p.code,
      ...(p.name === undefined ? {} : { name: p.name }),
      currency: p.currency,
      tier: p.tier ?? 'periphery',
    }));
  }
  const { count, currencies } = generate!;
  currencies.forEach((code, i) => checkCurrency(code, `region.generate.currencies[${i}]`, problems));
  // Named as the workload generator names the parties it makes (P01…, home currencies in turn), but
  // made here because liquidity entries refer to them; with no party marked core, the generator puts
  // the first coreShare of them in the core.
  const width = Math.max(2, String(count).length);
  return Array.from({ length: count }, (_, i) => ({
    code: `P${String(i + 1).padStart(width, '0')}`,
    currency: currencies[i % currencies.length]!,
    tier: 'periphery',
  }));
}

/** The settlement asset first, then the parties' home currencies and any other rated currency, in file order. */
function resolveCurrencies(
  settlementAsset: string,
  parties: PartySpec[],
  rates: Record<string, string>,
  problems: ScenarioProblem[],
): Currency[] {
  const codes = [settlementAsset, ...parties.map((p) => p.currency), ...Object.keys(rates)];
  for (const code of Object.keys(rates)) checkCurrency(code, `region.rates.${code}`, problems);
  return [...new Set(codes)].filter((code) => findCurrency(code)).map((code) => ({ code, scale: currencyScale(code) }));
}

function resolveRates(
  file: ScenarioDocument,
  currencies: Currency[],
  settlementAsset: string,
  netting: NettingCurrency,
  problems: ScenarioProblem[],
): Record<string, string> {
  const given = file.region.rates ?? {};
  const rates: Record<string, string> = {};
  for (const [code, text] of Object.entries(given)) {
    try {
      const rate = parseDecimal(text, `region.rates.${code}`).toFixed();
      // The engine knows the settlement asset as the one currency without a rate.
      if (code !== settlementAsset) rates[code] = rate;
    } catch (error) {
      problems.push(asProblem(error, `region.rates.${code}`));
    }
  }
  const own = given[settlementAsset];
  if (own !== undefined && !/^1(\.0+)?$/.test(own)) {
    problems.push({ field: `region.rates.${settlementAsset}`, message: 'the settlement asset is worth exactly 1 of itself' });
  }
  // Generated values are drawn in the settlement asset and converted, and netting in the settlement
  // asset converts every payment: both need a rate for every other currency.
  if (file.workload.generate !== undefined || netting === 'settlement-asset') {
    for (const currency of currencies) {
      if (currency.code !== settlementAsset && given[currency.code] === undefined) {
        problems.push({
          field: `region.rates.${currency.code}`,
          message: `is required: units of ${currency.code} per 1 ${settlementAsset}`,
        });
      }
    }
  }
  return rates;
}

function resolveWorkload(
  file: ScenarioDocument,
  context: {
    parties: PartySpec[];
    currencies: Currency[];
    rates: Record<string, string>;
    seed: number;
    settlementAsset: string;
    baseDir: string;
    overrides: ScenarioOverrides;
  },
  problems: ScenarioProblem[],
): Scenario['workload'] | null {
  const { replay, generate, dayLengthSeconds } = file.workload;
  if ((replay === undefined) === (generate === undefined)) {
    problems.push({ field: 'workload', message: 'give either "generate" (a synthetic day) or "replay" (a CSV file), not both or neither' });
    return null;
  }
  if (generate) {
    const components = generate.values.components.map((component, i) => {
      const field = `workload.generate.values.components[${i}].median`;
      try {
        const median = toMinorUnits(parseAmount(component.median, context.settlementAsset, field), context.settlementAsset);
        return { weight: component.weight, medianMinor: Number(median), sigma: component.sigma };
      } catch (error) {
        problems.push(asProblem(error, field));
        return { weight: component.weight, medianMinor: 0, sigma: component.sigma };
      }
    });
    const spec: WorkloadSpec = {
      seed: context.seed,
      parties: context.parties,
      currencies: context.currencies,
      payments: context.overrides.payments ?? generate.payments,
      dayLengthSeconds,
      topology: generate.topology,
      arrivals: generate.arrivals ?? { profile: [] },
      values: { components },
      reciprocity: generate.reciprocity,
      crossCurrencyShare: generate.crossCurrencyShare,
      ratesPerAsset: context.rates,
    };
    // The generator's own limits (e.g. attachment below the number of parties), said before the run.
    if (problems.length === 0) {
      try {
        assertWorkloadSpec(spec);
      } catch (error) {
        const problem = asProblem(error, '');
        problems.push({ field: scenarioFieldOfSpec(problem.field), message: problem.message });
      }
    }
    return { kind: 'generate', spec };
  }
  const csvFile = path.resolve(context.baseDir, replay!);
  if (!existsSync(csvFile)) {
    problems.push({ field: 'workload.replay', message: `file not found: ${csvFile}` });
    return null;
  }
  if (problems.length > 0) return null;
  try {
    let payments = parsePaymentsCsv(readFileSync(csvFile, 'utf8'), context.parties, context.currencies);
    if (context.overrides.payments !== undefined && context.overrides.payments < payments.count)
      payments = firstPayments(payments, context.overrides.payments);
    const late = payments.count > 0 ? payments.arrival[payments.count - 1]! : 0;
    if (late > dayLengthSeconds)
      problems.push({ field: 'workload.dayLengthSeconds', message: `must cover the last arrival in ${replay} (${late} s)` });
    return { kind: 'replay', file: csvFile, payments };
  } catch (error) {
    const problem = asProblem(error, '');
    problems.push({ field: `workload.replay${problem.field === '' ? '' : ` (${problem.field})`}`, message: problem.message });
    return null;
  }
}

/** A `WorkloadSpec` field as the scenario file spells it. */
function scenarioFieldOfSpec(field: string): string {
  if (field === 'seed') return 'seed';
  if (field === 'dayLengthSeconds') return 'workload.dayLengthSeconds';
  if (field.startsWith('parties') || field.startsWith('currencies')) return `region.${field}`;
  return `workload.generate.${field.replace(/\.medianMinor$/, '.median')}`;
}

function firstPayments(batch: PaymentBatch, count: number): PaymentBatch {
  return {
    count,
    sender: batch.sender.slice(0, count),
    receiver: batch.receiver.slice(0, count),
    currency: batch.currency.slice(0, count),
    amount: batch.amount.slice(0, count),
    arrival: batch.arrival.slice(0, count),
  };
}

function resolveLevels(
  file: ScenarioDocument,
  index: Indexes,
  allowedCurrency: string | null,
  problems: ScenarioProblem[],
): LiquidityLevel[] {
  const { levels = [], fixed = [] } = file.liquidity;
  if (levels.length + fixed.length === 0) {
    problems.push({ field: 'liquidity', message: 'give at least one level: "levels" (α values) or "fixed" (opening balances)' });
  }
  const result: LiquidityLevel[] = levels.map((alpha) => ({ label: alphaLabel(alpha), alpha }));
  const labels = new Set(result.map((l) => l.label));
  fixed.forEach((level, i) => {
    if (labels.has(level.label))
      problems.push({ field: `liquidity.fixed[${i}].label`, message: `repeats the level label ${JSON.stringify(level.label)}` });
    labels.add(level.label);
    result.push({
      label: level.label,
      alpha: null,
      opening: amountsByParty(level.opening, `liquidity.fixed[${i}].opening`, index, allowedCurrency, 0, problems),
    });
  });
  return result;
}

export function alphaLabel(alpha: number): string {
  return `alpha=${alpha}`;
}

/** `{ party: { currency: "amount" } }` → minor units as `[currency][party]`, `absent` where not given. */
function amountsByParty(
  amounts: AmountsByParty,
  field: string,
  index: Indexes,
  allowedCurrency: string | null,
  absent: number,
  problems: ScenarioProblem[],
): Float64Array[] {
  const table = Array.from({ length: index.currencies.size }, () => new Float64Array(index.parties.size).fill(absent));
  for (const [party, byCurrency] of Object.entries(amounts)) {
    const partyIndex = index.parties.get(party);
    if (partyIndex === undefined) {
      problems.push({ field: `${field}.${party}`, message: `is not a party of the region` });
      continue;
    }
    for (const [currency, text] of Object.entries(byCurrency)) {
      const at = `${field}.${party}.${currency}`;
      const currencyIndex = index.currencies.get(currency);
      if (allowedCurrency !== null && currency !== allowedCurrency) {
        problems.push({ field: at, message: `liquidity is held in the settlement asset ${allowedCurrency} when netting in it` });
        continue;
      }
      if (currencyIndex === undefined) {
        problems.push({ field: at, message: `is not a currency of the region` });
        continue;
      }
      try {
        const minor = toMinorUnits(parseNonNegativeAmount(text, currency, at), currency);
        if (minor > BigInt(Number.MAX_SAFE_INTEGER))
          throw new DomainError('amount_too_large', 'is too large for the simulation engine', at);
        table[currencyIndex]![partyIndex] = Number(minor);
      } catch (error) {
        problems.push(asProblem(error, at));
      }
    }
  }
  return table;
}

function resolveRules(rules: ScenarioDocument['rules'], problems: ScenarioProblem[]): Scenario['rules'] {
  const firstAt = new Map<string, number>();
  return rules.map(({ label, ...rule }, i) => {
    const name = label ?? ruleLabel(rule);
    const earlier = firstAt.get(name);
    if (earlier !== undefined) {
      problems.push({
        field: `rules[${i}]`,
        message: `has the same label as rules[${earlier}] (${JSON.stringify(name)}): give one a "label"`,
      });
    } else firstAt.set(name, i);
    return { label: name, rule };
  });
}

function asProblem(error: unknown, field: string): ScenarioProblem {
  if (error instanceof DomainError) return { field: error.field ?? field, message: error.message };
  throw error;
}
