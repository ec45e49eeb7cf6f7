/**
 * What a template-only SMS provider is asked to send: never free text, a pre-approved template
 * with its parameters under the chain's registered 【signature】 (Alibaba names the parameters,
 * Tencent takes them in order: the list carries both). `reference` travels with the message and
 * comes back on the delivery receipt (Alibaba OutId, Tencent SessionContext), so a receipt finds
 * its ledger item without an index.
 */
import type { ProviderOutcome } from '../../../shared/domain/channels/provider-outcomes.js';

export type TemplateSms = {
  /** E.164, e.g. +8613800000000 */
  phone: string;
  signName: string;
  templateCode: string;
  params: readonly { name: string; value: string }[];
  reference: string;
};

export type SendDeps = {
  now?: Date;
  fetch?: typeof fetch;
  /** a fresh nonce per request (Alibaba's SignatureNonce) */
  nonce?: () => string;
};

export type TemplateSmsSender = (sms: TemplateSms, deps?: SendDeps) => Promise<ProviderOutcome>;

/** An answer that is not the provider's JSON (a proxy's 502, a timeout page): retry when the fault is theirs. */
export const transportRefusal = (status: number): ProviderOutcome => ({ kind: 'refused', code: `HTTP ${status}`, reason: 'provider-error', retryable: status >= 500 || status === 429 });
