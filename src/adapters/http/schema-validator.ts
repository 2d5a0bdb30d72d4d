import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument, pointerTo, type OpenApiDocument, type SchemaName } from './openapi-document';

/** One offending input field, as it appears in a problem's `errors`. */
export interface FieldError {
  /** Dotted path with array indexes, e.g. `central_banks[0].currency`; empty for the whole value. */
  field: string;
  reason: string;
  code: string;
}

export interface SchemaValidatorOptions {
  /** Convert strings to the schema's type in place (`"20"` → `20`), as query parameters need. */
  coerceTypes?: boolean;
}

/** The `$id` the document is registered under, so `#/components/...` refs resolve inside it. */
const DOCUMENT_ID = 'corridor-openapi';

/**
 * Keywords Ajv must accept without checking: the OpenAPI document's own top-level fields (the
 * document is registered whole so that any pointer into it compiles), OpenAPI's `example`, and our
 * `x-error-code` / `x-error-reason`, which say how a failing schema is reported.
 */
const NON_VALIDATING_KEYWORDS = [
  'openapi',
  'info',
  'servers',
  'paths',
  'components',
  'security',
  'tags',
  'webhooks',
  'jsonSchemaDialect',
  'externalDocs',
  'example',
  'x-error-code',
  'x-error-reason',
];

/**
 * A request body that is one of several shapes gets the errors of the shape the caller evidently
 * meant, not Ajv's report of every branch failing.
 */
const BRANCH_OF: { [S in SchemaName]?: (value: unknown) => SchemaName } = {
  PaymentRequest: (value) => (isObject(value) && 'quote_id' in value ? 'PaymentFromQuote' : 'PaymentFromAmount'),
};

/** Validates values against the OpenAPI document's schemas, compiling each schema once. */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(document: OpenApiDocument, options: SchemaValidatorOptions = {}) {
    this.ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      allowUnionTypes: true,
      coerceTypes: options.coerceTypes ?? false,
    });
    addFormats(this.ajv);
    this.ajv.addVocabulary(NON_VALIDATING_KEYWORDS);
    this.ajv.addSchema({ ...document, $id: DOCUMENT_ID });
  }

  /** Errors of `value` against `components.schemas[schemaName]`; empty when it is valid. */
  validate(schemaName: SchemaName, value: unknown): FieldError[] {
    const branch = BRANCH_OF[schemaName]?.(value) ?? schemaName;
    return this.validateAt(pointerTo('components', 'schemas', branch), value);
  }

  /** Errors of `value` against the schema at a pointer into the document, e.g. a response's schema. */
  validateAt(pointer: string, value: unknown): FieldError[] {
    let validator = this.validators.get(pointer);
    if (!validator) {
      validator = this.ajv.getSchema(DOCUMENT_ID + pointer);
      if (!validator) throw new Error(`No schema at ${pointer} in the OpenAPI document`);
      this.validators.set(pointer, validator);
    }
    return validator(value) ? [] : fieldErrors(validator.errors ?? [], value);
  }

  /**
   * Errors of `value` against a schema built at run time (cached under `key`), whose `$ref`s may
   * point into the document with {@link documentRef}.
   */
  validateWith(key: string, schema: object, value: unknown): FieldError[] {
    let validator = this.validators.get(key);
    if (!validator) {
      validator = this.ajv.compile(schema);
      this.validators.set(key, validator);
    }
    return validator(value) ? [] : fieldErrors(validator.errors ?? [], value);
  }
}

/** A `$ref` to a pointer inside the document, usable from schemas given to `validateWith`. */
export function documentRef(pointer: string): { $ref: string } {
  return { $ref: DOCUMENT_ID + pointer };
}

let shared: SchemaValidator | undefined;

/** The validator over `openapi/corridor.yaml`, shared by the whole process. */
export function schemaValidator(): SchemaValidator {
  shared ??= new SchemaValidator(openApiDocument());
  return shared;
}

/** Errors of `value` against the named schema of `openapi/corridor.yaml`; empty when it is valid. */
export function validate(schemaName: SchemaName, value: unknown): FieldError[] {
  return schemaValidator().validate(schemaName, value);
}

function fieldErrors(errors: ErrorObject[], value: unknown): FieldError[] {
  const seen = new Set<string>();
  const result: FieldError[] = [];
  for (const error of errors) {
    const fieldError = toFieldError(error, value);
    const key = `${fieldError.field}\u0000${fieldError.code}`;
    // A value can fail several keywords of one schema (pattern and maxLength); say it once.
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(fieldError);
  }
  return result;
}

/**
 * The path of the value an Ajv error is about, as property names and indexes: the instance path, plus
 * the missing or unexpected property itself for `required` and `additionalProperties`.
 */
export function errorSegments(error: ErrorObject): string[] {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required') segments.push(String(params['missingProperty']));
  if (error.keyword === 'additionalProperties') segments.push(String(params['additionalProperty']));
  return segments;
}

function toFieldError(error: ErrorObject, root: unknown): FieldError {
  const segments = errorSegments(error);
  const field = dottedPath(segments, root);

  const schema = (error.parentSchema ?? {}) as Record<string, unknown>;
  const ownCode = schema['x-error-code'];
  const ownReason = schema['x-error-reason'];
  if (typeof ownCode === 'string' && (error.keyword === 'type' || error.keyword === 'pattern')) {
    return { field, code: ownCode, reason: typeof ownReason === 'string' ? ownReason : describe(error, field) };
  }
  return { field, code: codeOf(error.keyword), reason: describe(error, field) };
}

/** `['central_banks', '0', 'currency']` → `central_banks[0].currency`, indexing only into arrays. */
function dottedPath(segments: string[], root: unknown): string {
  let path = '';
  let node = root;
  for (const segment of segments) {
    if (Array.isArray(node)) path += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) path += path === '' ? segment : `.${segment}`;
    else path += `[${JSON.stringify(segment)}]`;
    node = isObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[segment] : undefined;
  }
  return path;
}

function codeOf(keyword: string): string {
  switch (keyword) {
    case 'required':
      return 'missing_field';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'unexpected_field';
    case 'type':
      return 'invalid_type';
    case 'pattern':
    case 'format':
      return 'invalid_format';
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return 'out_of_range';
    default:
      return 'invalid_value';
  }
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  'date-time': 'an RFC 3339 date-time such as "2026-11-23T10:00:00Z"',
  'uri-reference': 'a URI reference',
  uri: 'a URI',
};

function describe(error: ErrorObject, field: string): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'is not allowed';
    case 'type': {
      const types = ([] as unknown[]).concat(params['type'] ?? error.schema).map((t) => TYPE_NAMES[String(t)] ?? String(t));
      // The whole body being of the wrong shape is usually a missing JSON content type.
      if (field === '' && types.includes('an object')) return 'must be a JSON object';
      return `must be ${types.join(' or ')}`;
    }
    case 'pattern':
      return `must match the pattern ${String(params['pattern'])}`;
    case 'format':
      return `must be ${FORMAT_NAMES[String(params['format'])] ?? `in ${String(params['format'])} format`}`;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'minimum':
      return `must be at least ${String(params['limit'])}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params['limit'])}`;
    case 'maximum':
      return `must be at most ${String(params['limit'])}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params['limit'])}`;
    case 'minLength':
      return `must be at least ${String(params['limit'])} characters long`;
    case 'maxLength':
      return `must be at most ${String(params['limit'])} characters long`;
    case 'minItems':
      return `must have at least ${String(params['limit'])} items`;
    case 'maxItems':
      return `must have at most ${String(params['limit'])} items`;
    default:
      return error.message ?? 'is invalid';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
