import { getContext } from 'svelte';

/** The wizard's "error at this schema path, in words", shared with its steps. */
export type FieldErrorOf = (path: string) => string | undefined;
export const getFieldError = (): FieldErrorOf => getContext<FieldErrorOf>('campaign-field-error');
