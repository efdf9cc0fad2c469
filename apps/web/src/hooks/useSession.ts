import { createContext, useContext } from 'react';
import type { ApiClient, StaffUser } from '../lib/api';

export interface SessionContextValue {
  api: ApiClient;
  user: StaffUser;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

/** The signed-in person and the API client that carries their token. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in screen');
  return value;
}
