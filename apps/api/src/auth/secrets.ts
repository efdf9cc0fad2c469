import { createHash, randomBytes } from 'node:crypto';

/** API keys and session tokens are long random strings, so a plain SHA-256 is a safe lookup hash for them. */
export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export const newApiKey = (municipalityCode: string) => `pfk_${municipalityCode}_${randomBytes(24).toString('base64url')}`;
export const newSessionToken = () => `pfs_${randomBytes(32).toString('base64url')}`;
