import { createContext, useContext } from 'react';
import type { UserDto } from '@coffer/sdk';

export interface Session {
  readonly user: UserDto;
  /** Re-reads the user (usage changes after uploads and deletions). */
  refresh(): void;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in screen');
  return session;
}
