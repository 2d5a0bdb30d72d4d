import { Query, type PipeTransform } from '@nestjs/common';
import { findOperation, openApiDocument, parametersOf, type OperationId, type Parameter, type operations } from './openapi-document';
import { ProblemError } from './problem';
import { documentRef, SchemaValidator } from './schema-validator';

/** An operation's query parameters as the controller receives them from {@link ValidatedQuery}. */
export type QueryOf<K extends OperationId> = operations[K]['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

let coercing: SchemaValidator | undefined;

/** Query strings carry only strings: this validator turns `"20"` into `20` where the schema wants it. */
function queryValidator(): SchemaValidator {
  coercing ??= new SchemaValidator(openApiDocument(), { coerceTypes: true });
  return coercing;
}

interface QueryParameter {
  parameter: Parameter;
  schemaPointer: string;
}

/**
 * Validates a query object against parameters of the spec, converting their types and filling in
 * defaults; a mismatch is `422 validation_failed`. Returns a new object: Express's query is not touched.
 */
export class QueryValidationPipe implements PipeTransform<unknown, Record<string, unknown>> {
  private readonly schema: object;

  constructor(
    private readonly key: string,
    private readonly parameters: QueryParameter[],
    /** Whether parameters the spec does not name are errors (a typo must not silently list everything). */
    private readonly closed: boolean,
  ) {
    this.schema = {
      type: 'object',
      properties: Object.fromEntries(parameters.map((p) => [p.parameter.name, documentRef(p.schemaPointer)])),
      required: parameters.filter((p) => p.parameter.required).map((p) => p.parameter.name),
      additionalProperties: !closed,
    };
  }

  transform(value: unknown): Record<string, unknown> {
    const source = (value ?? {}) as Record<string, unknown>;
    const query = this.closed
      ? { ...source }
      : Object.fromEntries(
          this.parameters.filter((p) => source[p.parameter.name] !== undefined).map((p) => [p.parameter.name, source[p.parameter.name]]),
        );
    const errors = queryValidator().validateWith(this.key, this.schema, query);
    if (errors.length > 0) throw ProblemError.validationFailed('The query parameters are invalid.', errors);
    for (const { parameter } of this.parameters) {
      if (query[parameter.name] === undefined && parameter.schema.default !== undefined) {
        query[parameter.name] = parameter.schema.default;
      }
    }
    return query;
  }
}

const operationPipes = new Map<OperationId, QueryValidationPipe>();

/**
 * The query parameters of an operation, validated against its parameters in `openapi/corridor.yaml`,
 * with numbers converted and defaults filled in; an unknown parameter is an error:
 * `list(@ValidatedQuery('listPayments') query: QueryOf<'listPayments'>)`.
 */
export function ValidatedQuery(operationId: OperationId): ParameterDecorator {
  let pipe = operationPipes.get(operationId);
  if (!pipe) {
    const document = openApiDocument();
    const { path, method } = findOperation(document, operationId);
    const parameters = parametersOf(document, path, method).filter((p) => p.parameter.in === 'query');
    pipe = new QueryValidationPipe(`query:${operationId}`, parameters, true);
    operationPipes.set(operationId, pipe);
  }
  return Query(pipe);
}
