import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { appStatus, currentSession, logOut as logOutCommand } from "../api";
import type { Action } from "../bindings/Action";
import type { AppStatus } from "../bindings/AppStatus";
import type { SessionInfo } from "../bindings/SessionInfo";
import { queryKeys } from "./queryKeys";
import { onSessionEvent } from "./sessionEvents";

export interface SessionContextValue {
  status: ReturnType<typeof useQuery<AppStatus>>;
  session: SessionInfo | null | undefined;
  sessionLoading: boolean;
  /** Why the last session ended (shown on the login screen). */
  endedMessage: string | null;
  /** Whether the session's role may do `action` (the Rust side checks again). */
  can: (action: Action) => boolean;
  /** A login, setup, unlock or password change returned a new session. */
  setSession: (session: SessionInfo) => void;
  /** Shows the lock screen now (the Rust side is locked already). */
  markLocked: () => void;
  /** Logs out (or forgets an ended session) and clears everything cached for this user. */
  logOut: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const status = useQuery({ queryKey: queryKeys.appStatus, queryFn: appStatus, refetchInterval: 30_000 });
  const sessionQuery = useQuery({
    queryKey: queryKeys.session,
    queryFn: currentSession,
    enabled: status.isSuccess && !status.data.needsSetup && !status.data.joining,
    staleTime: Infinity,
  });
  const [endedMessage, setEndedMessage] = useState<string | null>(null);
  const session = sessionQuery.data;

  const forget = useCallback(
    (message: string | null) => {
      setEndedMessage(message);
      // The session query is set, not removed: its observers hear the change and show the
      // login (a removed query would leave them holding the old session until something else
      // re-rendered the gate).
      client.setQueryData(queryKeys.session, null);
      // Another person may log in next: nothing of this user's stays in memory.
      const keep = new Set<unknown>([queryKeys.appStatus[0], queryKeys.session[0]]);
      client.removeQueries({ predicate: (q) => !keep.has(q.queryKey[0]) });
    },
    [client],
  );

  const setSession = useCallback(
    (next: SessionInfo) => {
      setEndedMessage(null);
      client.setQueryData(queryKeys.session, next);
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
    },
    [client],
  );

  const markLocked = useCallback(() => {
    const current = client.getQueryData<SessionInfo | null>(queryKeys.session);
    if (current && !current.locked) client.setQueryData(queryKeys.session, { ...current, locked: true });
  }, [client]);

  useEffect(
    () =>
      onSessionEvent((event) => {
        if (event.kind === "locked") markLocked();
        else if (event.kind === "ended") forget(event.message);
        else void client.invalidateQueries({ queryKey: queryKeys.session });
      }),
    [client, forget, markLocked],
  );

  const logOut = useCallback(async () => {
    try {
      await logOutCommand();
    } catch {
      // An already-ended session has nothing to log out of.
    }
    forget(null);
  }, [forget]);

  const value = useMemo<SessionContextValue>(
    () => ({
      status,
      session,
      sessionLoading: sessionQuery.isPending && sessionQuery.fetchStatus !== "idle",
      endedMessage,
      can: (action) => session?.permissions.includes(action) ?? false,
      setSession,
      markLocked,
      logOut,
    }),
    [status, session, sessionQuery.isPending, sessionQuery.fetchStatus, endedMessage, setSession, markLocked, logOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}
