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

export const notFound = (what: string): DomainError => new DomainError('not-found', `${what} not found`);
