import { Body, type PipeTransform } from '@nestjs/common';
import type { SchemaName } from './openapi-document';
import { ProblemError } from './problem';
import { schemaValidator } from './schema-validator';

export interface ValidatedBodyOptions {
  /** The operation's body is optional: an absent body is validated (and passed on) as `{}`. */
  optional?: boolean;
}

/** Checks a request body against one of the spec's schemas; a mismatch is `422 validation_failed`. */
export class SchemaValidationPipe implements PipeTransform<unknown, unknown> {
  constructor(
    private readonly schemaName: SchemaName,
    private readonly options: ValidatedBodyOptions = {},
  ) {}

  transform(value: unknown): unknown {
    const body = value === undefined && this.options.optional ? {} : value;
    const errors = schemaValidator().validate(this.schemaName, body);
    if (errors.length > 0) throw ProblemError.validationFailed('The request body is invalid.', errors);
    return body;
  }
}

/**
 * The request body, validated against `components.schemas[schemaName]` of `openapi/corridor.yaml`:
 * `create(@ValidatedBody('QuoteRequest') body: Schemas['QuoteRequest'])`. Defaults are not filled in.
 */
export function ValidatedBody(schemaName: SchemaName, options?: ValidatedBodyOptions): ParameterDecorator {
  return Body(new SchemaValidationPipe(schemaName, options));
}
