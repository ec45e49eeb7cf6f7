/**
 * Errors the domain and adapters raise; the HTTP layer maps each kind to a status code.
 * `fields` name what a person must fix (invariant 10), each with a stable machine code that a
 * program translates or acts on; the English message is for people and may be reworded.
 */
import type { FieldErrorCode, FieldErrorParams } from '../schemas/error-codes.js';

export type FieldProblem = { path: string; message: string; code: FieldErrorCode; params?: FieldErrorParams } & FieldConflict;
/** A conflict names the record it is with (e.g. the patient who already has this phone). */
export type FieldConflict = {
  existing?: { id: string; name?: string };
  /** a booking clash: the appointment in the way, and free times nearby for that dentist and chair */
  blocking?: { appointmentId: string; startAt: string; endAt: string; patientName: string; dentistName: string; chair: string };
  suggestions?: string[];
};
export type ProblemKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not-found' | 'conflict' | 'too-large' | 'too-many-requests';

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

export type ProblemOptions = { code: FieldErrorCode; params?: FieldErrorParams };

/** One field problem, e.g. `problem('startAt', 'is in the past', { code: 'date.past' })`. */
export const problem = (path: string, message: string, options: ProblemOptions): FieldProblem => ({
  path,
  message,
  code: options.code,
  ...(options.params ? { params: options.params } : {}),
});

export const invalid = (path: string, message: string, options: ProblemOptions): DomainError =>
  new DomainError('invalid', `${path}: ${message}`, [problem(path, message, options)]);

/** Several problems at once: the message lists them all, `fields` names each. */
export const invalidFields = (problems: FieldProblem[]): DomainError =>
  new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);

/** A write at a version that is no longer current: someone else changed the record meanwhile (409). */
export const staleVersion = (what: string): DomainError =>
  new DomainError('conflict', `${what} was changed by someone else since you opened it; reload and try again`, [{ path: 'version', message: 'is not the current version: reload', code: 'conflict.changed' }]);

export const notFound = (what: string): DomainError => new DomainError('not-found', `${what} not found`);
