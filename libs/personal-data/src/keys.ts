export interface VaultKeys {
  pseudonymKey: Buffer;
  keyEncryptionKey: Buffer;
}

const GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

/**
 * The vault's two secrets from the environment the process hands in, checked once at start (docs/style.md, Glue): a missing or weak one fails
 * with its name and how to make one, never with its value.
 * - PULJEFLOW_PSEUDONYM_KEY: base64, at least 32 bytes. Never change it: every pseudonym depends on it.
 * - PULJEFLOW_KEY_ENCRYPTION_KEY: base64, exactly 32 bytes (AES-256); wraps each citizen's data key.
 */
export function loadVaultKeys(env: Record<string, string | undefined>): VaultKeys {
  const pseudonymKey = decodeKey(env, 'PULJEFLOW_PSEUDONYM_KEY', (n) => n >= 32, 'at least 32 bytes');
  const keyEncryptionKey = decodeKey(env, 'PULJEFLOW_KEY_ENCRYPTION_KEY', (n) => n === 32, 'exactly 32 bytes');
  if (pseudonymKey.equals(keyEncryptionKey)) {
    throw new Error(
      'PULJEFLOW_PSEUDONYM_KEY and PULJEFLOW_KEY_ENCRYPTION_KEY must be different keys. ' +
        `Generate each with: ${GENERATE}`,
    );
  }
  return { pseudonymKey, keyEncryptionKey };
}

function decodeKey(
  env: Record<string, string | undefined>,
  name: string,
  sizeOk: (bytes: number) => boolean,
  size: string,
): Buffer {
  const value = env[name]?.trim();
  const howTo = `Generate one with: ${GENERATE}`;
  if (!value) throw new Error(`${name} is not set: it must be ${size} of random data in base64. ${howTo}`);
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0 ? Buffer.from(value, 'base64') : null;
  if (!bytes) throw new Error(`${name} is not valid base64. ${howTo}`);
  if (!sizeOk(bytes.length)) {
    throw new Error(`${name} must be ${size} of random data in base64 (it decodes to ${bytes.length}). ${howTo}`);
  }
  return bytes;
}
