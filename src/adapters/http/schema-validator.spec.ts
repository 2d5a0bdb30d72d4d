import { openApiDocument, pointerTo, resolved, type MediaType, type Schemas } from './openapi-document';
import { validate } from './schema-validator';

/** The region document the spec shows as its example: a valid body to break one field at a time. */
function exampleRegion(): Schemas['RegionDefinition'] {
  const { node } = resolved<MediaType & { example: Schemas['RegionDefinition'] }>(
    openApiDocument(),
    pointerTo('paths', '/v1/regions', 'post', 'requestBody', 'content', 'application/json'),
  );
  return structuredClone(node.example);
}

describe('validate', () => {
  it('accepts the region document the spec gives as its example', () => {
    expect(validate('RegionDefinition', exampleRegion())).toEqual([]);
  });

  it('names a nested field by its dotted path with array indexes', () => {
    const region = exampleRegion() as { central_banks: { currency: string }[] };
    region.central_banks[1]!.currency = 'ugx';

    expect(validate('RegionDefinition', region)).toEqual([
      {
        field: 'central_banks[1].currency',
        reason: 'must be an ISO 4217 code of three capital letters, such as "KES"',
        code: 'unknown_currency',
      },
    ]);
  });

  it('names a missing property by its own path', () => {
    const region = exampleRegion() as { central_banks: Record<string, unknown>[] };
    delete region.central_banks[0]!['net_debit_cap'];

    expect(validate('RegionDefinition', region)).toEqual([
      { field: 'central_banks[0].net_debit_cap', reason: 'is required', code: 'missing_field' },
    ]);
  });

  it('names an unexpected property by its own path', () => {
    const region = exampleRegion() as { central_banks: { participants: Record<string, unknown>[] }[] };
    region.central_banks[0]!.participants[0]!['bic'] = 'KCBLKENX';

    expect(validate('RegionDefinition', region)).toEqual([
      { field: 'central_banks[0].participants[0].bic', reason: 'is not allowed', code: 'unexpected_field' },
    ]);
  });

  it('rejects an amount sent as a JSON number, which would pass through binary floating point', () => {
    const region = exampleRegion() as unknown as { central_banks: Record<string, unknown>[] };
    region.central_banks[0]!['prefunded_balance'] = 2000000.1;

    expect(validate('RegionDefinition', region)).toEqual([
      { field: 'central_banks[0].prefunded_balance', reason: 'must be a decimal string such as "1250.50"', code: 'invalid_amount' },
    ]);
  });

  it('rejects an amount string that is not a decimal number', () => {
    expect(validate('QuoteRequest', { payer_participant_id: 'par_1', amount: '1,250.00', currency: 'KES' })).toEqual([
      { field: 'amount', reason: 'must be a decimal string such as "1250.50"', code: 'invalid_amount' },
    ]);
  });

  it('says which values an enumerated field takes', () => {
    const region = exampleRegion() as { central_banks: { participants: { kind: string }[] }[] };
    region.central_banks[0]!.participants[0]!.kind = 'shop';

    expect(validate('RegionDefinition', region)).toEqual([
      { field: 'central_banks[0].participants[0].kind', reason: 'must be one of: "bank", "psp"', code: 'invalid_value' },
    ]);
  });

  it('says the bound a number is outside of', () => {
    expect(validate('RegionDefinition', { ...exampleRegion(), quote_ttl_seconds: 5 })).toEqual([
      { field: 'quote_ttl_seconds', reason: 'must be at least 10', code: 'out_of_range' },
    ]);
  });

  it('reports a body that is not an object as a whole', () => {
    expect(validate('QuoteRequest', undefined)).toEqual([{ field: '', reason: 'must be a JSON object', code: 'invalid_type' }]);
  });

  describe('a payment request, which pays a quote or an amount', () => {
    it('accepts either shape', () => {
      expect(validate('PaymentRequest', { quote_id: 'quo_1', capture_method: 'manual' })).toEqual([]);
      expect(validate('PaymentRequest', { payer_participant_id: 'par_1', amount: '10.00', currency: 'KES', reference: 'order-1' })).toEqual(
        [],
      );
    });

    it('judges a body with a quote_id as paying the quote', () => {
      expect(validate('PaymentRequest', { quote_id: 'quo_1', amount: '10.00' })).toEqual([
        { field: 'amount', reason: 'is not allowed', code: 'unexpected_field' },
      ]);
    });

    it('judges a body without a quote_id as paying an amount', () => {
      expect(validate('PaymentRequest', { amount: '10.00', currency: 'KES' })).toEqual([
        { field: 'payer_participant_id', reason: 'is required', code: 'missing_field' },
      ]);
    });
  });
});
