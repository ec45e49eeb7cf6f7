/**
 * Campaigns (issue 12 item 2): one method per route of shared/api-routes/campaigns.ts. Results
 * are counts and money totals only; the types are the API's own (shared schemas and services).
 */
import type { z } from 'zod';
import type { Campaign, CampaignInput, campaignInputSchema, CampaignPreviewInput } from '$shared/schemas/campaigns';
import type { CampaignResults } from '$shared/domain/campaigns/results';
import type { SmsParts } from '$shared/domain/campaigns/sms-text';
import type { HttpClient } from './http-client';
import type { ApiFieldError } from './api-error';
import type { Items } from './types';

export type { Campaign, CampaignInput };
/** What the builder sends: defaults may be left out, as the schema fills them. */
export type CampaignBody = z.input<typeof campaignInputSchema>;
export type CampaignAction = 'submit' | 'approve' | 'reject' | 'pause' | 'resume' | 'cancel';
/** A run the results can be read for: a monthly campaign has one per month (`runKey` YYYY-MM), a one-off one `once`. */
export type CampaignRunSummary = { runKey: string; frozenAt: string; audience: number };
export type CampaignResultsView = CampaignResults & { campaignId: string; window: { from: string; until: string } | null; windowClosed: boolean; runKey?: string; runs: CampaignRunSummary[] };
export type CampaignSettingsView = { approvalRequired: boolean; updatedAt?: string; updatedBy?: string };
export type CampaignPreview = {
  variants: Array<{ key: string; text?: string; parts?: SmsParts; error?: string }>;
  problems: ApiFieldError[];
  sampleSize: { total: number | null; holdout: number | null; treated: number | null };
  enough?: boolean;
};

const seg = encodeURIComponent;

export class CampaignsApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  list(): Promise<Items<Campaign>> {
    return this.#http.request('GET', '/campaigns');
  }

  get(campaignId: string): Promise<Campaign> {
    return this.#http.request('GET', `/campaigns/${seg(campaignId)}`);
  }

  create(body: CampaignBody): Promise<Campaign> {
    return this.#http.request('POST', '/campaigns', { body });
  }

  /** 409 on `version` when someone saved it since it was read. */
  update(campaignId: string, body: CampaignBody & { version: number }): Promise<Campaign> {
    return this.#http.request('PUT', `/campaigns/${seg(campaignId)}`, { body });
  }

  preview(body: Partial<CampaignPreviewInput> & Pick<CampaignPreviewInput, 'variants'>): Promise<CampaignPreview> {
    return this.#http.request('POST', '/campaigns/preview', { body });
  }

  act(campaignId: string, action: CampaignAction): Promise<Campaign> {
    return this.#http.request('POST', `/campaigns/${seg(campaignId)}/${action}`);
  }

  settings(): Promise<CampaignSettingsView> {
    return this.#http.request('GET', '/campaign-settings');
  }

  /** The owner's choice: approval before anything is sent (on by default). */
  setSettings(body: { approvalRequired: boolean }): Promise<CampaignSettingsView> {
    return this.#http.request('PUT', '/campaign-settings', { body });
  }

  /** The latest run's results, or those of `run` (a monthly campaign's earlier month). */
  results(campaignId: string, run?: string): Promise<CampaignResultsView> {
    return this.#http.request('GET', `/campaigns/${seg(campaignId)}/results`, run ? { query: { run } } : {});
  }
}
