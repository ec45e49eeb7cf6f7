/** Catalog rules: the price a clinic charges, and a new chain's catalog. */
import type { Procedure } from '../schemas/catalog.js';
import type { DefaultProcedure } from './catalog-defaults.js';

export const priceAt = (procedure: Pick<Procedure, 'priceFen' | 'clinicPrices'>, clinicId: string): number =>
  procedure.clinicPrices[clinicId] ?? procedure.priceFen;

export const catalogFromDefaults = (defaults: DefaultProcedure[], newId: () => string, now: string): Procedure[] =>
  defaults.map((d) => ({ ...d, procedureId: newId(), clinicPrices: {}, active: true, updatedAt: now }));
