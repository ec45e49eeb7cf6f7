/**
 * Ids reach DynamoDB keys straight from requests. Found by the fuzz (tests/integration/fuzz.test.ts):
 * POST /imports with `clinicId: "x#y"` answered 500, because a key value holding the separator
 * threw a plain Error. It is the caller's mistake: a 400 naming the field.
 */
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/domain/errors.js';
import { keyTemplate } from '../../functions/adapters/dynamo/entities/key-template.js';

const refusal = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('a key value holding the separator', () => {
  it('is refused as invalid input naming the field, in full keys and in prefixes', () => {
    const visit = keyTemplate('VISIT#{visitedAt}#{visitId}');
    for (const error of [refusal(() => visit.fill({ visitedAt: '2026', visitId: 'V#1' })), refusal(() => keyTemplate('{clinicId}#{patientId}').prefix({ clinicId: 'C#1' }))]) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).kind).toBe('invalid');
      expect((error as DomainError).fields).toEqual([{ path: expect.stringMatching(/^(visitId|clinicId)$/), message: 'is not a valid id', code: 'id.invalid' }]);
    }
  });
});
