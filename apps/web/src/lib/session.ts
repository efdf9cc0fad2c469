import type { StaffSession } from './api';

/** The signed-in session lives in sessionStorage: it ends with the tab and is never shared between tabs. */
const KEY = 'puljeflow.session';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function loadSession(storage: KeyValueStorage): StaffSession | null {
  const raw = storage.getItem(KEY);
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return isSession(value) ? value : null;
  } catch {
    return null;
  }
}

export function saveSession(storage: KeyValueStorage, session: StaffSession): void {
  storage.setItem(KEY, JSON.stringify(session));
}

export function clearSession(storage: KeyValueStorage): void {
  storage.removeItem(KEY);
}

function isSession(value: unknown): value is StaffSession {
  if (typeof value !== 'object' || value === null) return false;
  const { token, user } = value as Record<string, unknown>;
  if (typeof token !== 'string' || token === '' || typeof user !== 'object' || user === null) return false;
  const { username, displayName, roles } = user as Record<string, unknown>;
  return (
    typeof username === 'string' &&
    typeof displayName === 'string' &&
    Array.isArray(roles) &&
    roles.every((r) => typeof r === 'string')
  );
}
