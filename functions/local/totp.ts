/**
 * TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits) for the local issuer, which stands in for
 * Cognito's software-token MFA on the laptop. Secrets travel as base32, as authenticator apps and
 * Cognito's AssociateSoftwareToken give them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const stepSeconds = 30;
const digits = 6;

export const base32Encode = (bytes: Uint8Array): string => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
};

export const base32Decode = (text: string): Buffer => {
  const clean = text.toUpperCase().replace(/[\s=]/g, '');
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error('not base32');
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
};

/** A new 160-bit secret, base32 (what AssociateSoftwareToken returns). */
export const newTotpSecret = (): string => base32Encode(randomBytes(20));

/** The code of one time step (RFC 4226 HOTP with the step as counter). */
export const hotp = (key: Buffer, counter: number, length = digits): string => {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', key).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** length).padStart(length, '0');
};

export type TotpOptions = { at?: Date; length?: number };

export const totpCode = (secret: string, { at = new Date(), length = digits }: TotpOptions = {}): string =>
  hotp(base32Decode(secret), Math.floor(at.getTime() / 1000 / stepSeconds), length);

/** One step either side: a phone clock a little off, or a code typed as it rolled over. */
export const verifyTotp = (secret: string, code: string, at: Date = new Date()): boolean => {
  if (!/^\d{6}$/.test(code)) return false;
  const key = base32Decode(secret);
  const step = Math.floor(at.getTime() / 1000 / stepSeconds);
  return [-1, 0, 1].some((delta) => timingSafeEqual(Buffer.from(hotp(key, step + delta)), Buffer.from(code)));
};

/** What an authenticator app reads (as a QR code or pasted): otpauth://totp/Smileloop:<email>?… */
export const otpauthUri = ({ secret, account, issuer = 'Smileloop' }: { secret: string; account: string; issuer?: string }): string =>
  `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=${digits}&period=${stepSeconds}`;
