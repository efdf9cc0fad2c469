import { describe, expect, it } from '@jest/globals';
import type { StaffSession } from './api';
import { clearSession, loadSession, saveSession } from './session';

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    items,
  };
}

const session: StaffSession = {
  token: 't0k3n',
  user: { username: 'karin', displayName: 'Karin Sagsbehandler', roles: ['caseworker'] },
};

describe('session storage', () => {
  it('keeps the token and user until sign-out', () => {
    const storage = memoryStorage();
    saveSession(storage, session);
    expect(loadSession(storage)).toEqual(session);
    clearSession(storage);
    expect(loadSession(storage)).toBeNull();
  });

  it('ignores what is not a session', () => {
    const storage = memoryStorage();
    storage.items.set('puljeflow.session', '{not json');
    expect(loadSession(storage)).toBeNull();
    storage.items.set('puljeflow.session', JSON.stringify({ token: 'x', user: { username: 'a', roles: 'approver' } }));
    expect(loadSession(storage)).toBeNull();
  });
});
