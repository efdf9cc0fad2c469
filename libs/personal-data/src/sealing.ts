import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { CiphertextError } from './errors';

// AES-256-GCM with a random 96-bit IV per message (NIST SP 800-38D); random IVs stay safe far beyond the number of
// messages one citizen's key will ever seal.
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/**
 * `plaintext` sealed under `key` as `v1.<iv>.<tag>.<ciphertext>` (base64url). `context` is authenticated, not
 * stored: opening with another context fails, so a ciphertext cannot be moved to another citizen.
 */
export function sealText(key: KeyObject | Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${VERSION}.${b64(iv)}.${b64(cipher.getAuthTag())}.${b64(ciphertext)}`;
}

/** The plaintext of `sealed`; CiphertextError if it is malformed, altered, or sealed under another key or context. */
export function openText(key: KeyObject | Buffer, sealed: string, context: string): string {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new CiphertextError(`not a ${VERSION} ciphertext`);
  const [iv, tag, ciphertext] = parts.slice(1).map(fromB64) as [Buffer, Buffer, Buffer];
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new CiphertextError('malformed');
  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(context));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CiphertextError('it was altered, or sealed for another citizen or under another key');
  }
}

/** A data key wrapped under the key-encryption key: version byte, IV, tag, wrapped key; bound to `context`. */
export function wrapKey(kek: KeyObject, dataKey: Buffer, context: string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, kek, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(`key|${context}`));
  const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), wrapped]);
}

export function unwrapKey(kek: KeyObject, stored: Buffer, context: string): Buffer {
  if (stored.length !== 1 + IV_BYTES + TAG_BYTES + 32 || stored[0] !== 1) {
    throw new CiphertextError('stored data key is malformed');
  }
  const iv = stored.subarray(1, 1 + IV_BYTES);
  const tag = stored.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
  const decipher = createDecipheriv(ALGORITHM, kek, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad(`key|${context}`));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(stored.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new CiphertextError('stored data key does not open under the configured key-encryption key');
  }
}

// The version is authenticated along with the context, so a v1 ciphertext cannot be replayed as a later format.
function aad(context: string): Buffer {
  return Buffer.from(`${VERSION}|${context}`, 'utf8');
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}

function fromB64(text: string): Buffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new CiphertextError('malformed');
  return Buffer.from(text, 'base64url');
}
