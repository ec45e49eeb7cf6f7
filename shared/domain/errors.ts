/**
 * Errors the domain and adapters raise; the HTTP layer maps each kind to a status code.
 * `fields` name what a person must fix (invariant 10).
 */
export type FieldProblem = { path: string; message: string };
export type ProblemKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-large';

export class DomainError extends Error {
  constructor(
    readonly kind: ProblemKind,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (path: string, message: string): DomainError =>
  new DomainError('invalid', `${path}: ${message}`, [{ path, message }]);

/** A write at a version that is no longer current: someone else changed the record meanwhile (409). */
export const staleVersion = (what: string): DomainError =>
  new DomainError('conflict', `${what} was changed by someone else since you opened it; reload and try again`, [{ path: 'version', message: 'is not the current version: reload' }]);

export const notFound = (what: string): DomainError => new DomainError('not-found', `${what} not found`);
