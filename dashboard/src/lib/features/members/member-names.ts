import { defaultCatalog } from '$shared/domain/catalog-defaults';
import type { Locale } from '../../i18n/i18n.svelte';

/** Catalog names by code, from the clinic's price list when it loaded, else the default catalog. */
export const procedureLabel = (code: string, locale: Locale, known: readonly { code: string; nameZh: string; nameEn: string }[] = []): string => {
  const found = known.find((p) => p.code === code) ?? defaultCatalog.find((p) => p.code === code);
  if (!found) return code;
  return locale === 'en' ? found.nameEn : found.nameZh;
};

/** A random key per dialog: a retried submit never sells or charges twice. */
export const newIdempotencyKey = (): string => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `ui-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
};

export type WalletAction = 'top-up' | 'refund' | 'transfer';
