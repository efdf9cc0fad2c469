import { randomBytes } from 'node:crypto';
import { loadVaultKeys } from './keys';

const GENERATE = `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`;

describe('loadVaultKeys', () => {
  const pseudonymKey = randomBytes(48);
  const keyEncryptionKey = randomBytes(32);
  const env = {
    PULJEFLOW_PSEUDONYM_KEY: pseudonymKey.toString('base64'),
    PULJEFLOW_KEY_ENCRYPTION_KEY: keyEncryptionKey.toString('base64'),
  };

  it('decodes both keys from base64', () => {
    expect(loadVaultKeys(env)).toEqual({ pseudonymKey, keyEncryptionKey });
  });

  it.each(['PULJEFLOW_PSEUDONYM_KEY', 'PULJEFLOW_KEY_ENCRYPTION_KEY'])(
    'names %s when it is missing, and says how to make one',
    (name) => {
      expect(() => loadVaultKeys({ ...env, [name]: undefined })).toThrow(`${name} is not set`);
      expect(() => loadVaultKeys({ ...env, [name]: ' ' })).toThrow(GENERATE);
    },
  );

  it.each([
    ['PULJEFLOW_PSEUDONYM_KEY', randomBytes(31).toString('base64'), 'at least 32 bytes'],
    ['PULJEFLOW_KEY_ENCRYPTION_KEY', randomBytes(16).toString('base64'), 'exactly 32 bytes'],
    ['PULJEFLOW_KEY_ENCRYPTION_KEY', randomBytes(64).toString('base64'), 'exactly 32 bytes'],
    ['PULJEFLOW_PSEUDONYM_KEY', 'not base64 at all!', 'not valid base64'],
  ])('refuses a weak or malformed %s without echoing it', (name, value, complaint) => {
    let message = '';
    try {
      loadVaultKeys({ ...env, [name]: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(name);
    expect(message).toContain(complaint);
    expect(message).toContain(GENERATE);
    expect(message).not.toContain(value);
  });

  it('refuses one key for both purposes', () => {
    const same = randomBytes(32).toString('base64');
    expect(() => loadVaultKeys({ PULJEFLOW_PSEUDONYM_KEY: same, PULJEFLOW_KEY_ENCRYPTION_KEY: same })).toThrow(
      'must be different keys',
    );
  });
});
