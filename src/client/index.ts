import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../../openapi/corridor';

export type CorridorClient = Client<paths>;
export type CorridorSchemas = components['schemas'];

/**
 * A typed client for the Corridor API, generated from `openapi/corridor.yaml`: request bodies, query
 * parameters and responses are checked by the compiler against the spec.
 */
export function createCorridorClient(baseUrl: string, apiKey: string, options: { fetch?: typeof fetch } = {}): CorridorClient {
  return createClient<paths>({
    baseUrl,
    headers: { Authorization: `Bearer ${apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}

export {
  type CorridorEvent,
  signWebhookPayload,
  type VerifyWebhookSignatureOptions,
  verifyWebhookSignature,
  WebhookSignatureError,
} from './webhooks';
