import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, newTotpSecret, otpauthUri, totpCode, verifyTotp } from '../../functions/local/totp.js';

/** RFC 6238 appendix B, SHA-1: the key is the ASCII of "12345678901234567890". */
const rfcSecret = base32Encode(Buffer.from('12345678901234567890', 'ascii'));
const rfcVectors: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(rfcVectors)('gives the RFC 6238 SHA-1 code at T=%i', (seconds, code) => {
    expect(totpCode(rfcSecret, { at: new Date(seconds * 1000), length: 8 })).toBe(code);
    expect(totpCode(rfcSecret, { at: new Date(seconds * 1000) })).toBe(code.slice(2));
  });

  it('round-trips base32 (RFC 4648 vector)', () => {
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI');
    expect(base32Decode('MZXW6YTBOI').toString()).toBe('foobar');
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(base32Encode(base32Decode(secret))).toBe(secret);
  });

  it('accepts the code of the step before and after, not two away', () => {
    const at = new Date(1_700_000_000_000);
    const codeAt = (offsetSeconds: number) => totpCode(rfcSecret, { at: new Date(at.getTime() + offsetSeconds * 1000) });
    expect(verifyTotp(rfcSecret, codeAt(0), at)).toBe(true);
    expect(verifyTotp(rfcSecret, codeAt(-30), at)).toBe(true);
    expect(verifyTotp(rfcSecret, codeAt(30), at)).toBe(true);
    expect([-30, 0, 30].map(codeAt)).not.toContain(codeAt(-60));
    expect(verifyTotp(rfcSecret, codeAt(-60), at)).toBe(false);
    expect(verifyTotp(rfcSecret, '12345', at)).toBe(false);
    expect(verifyTotp(rfcSecret, 'abcdef', at)).toBe(false);
  });

  it('writes an otpauth URI an authenticator app reads', () => {
    expect(otpauthUri({ secret: 'ABC', account: 'owner@demo.local' })).toBe(
      'otpauth://totp/Smileloop:owner%40demo.local?secret=ABC&issuer=Smileloop&algorithm=SHA1&digits=6&period=30',
    );
  });
});
