import { useCallback } from "react";
import { Container } from "@mantine/core";
import { AppRoutes } from "../AppRoutes";
import { ChangePasswordPage } from "../pages/ChangePasswordPage";
import { LoginPage } from "../pages/LoginPage";
import { SetupPage } from "../pages/SetupPage";
import { useSession } from "../lib/session";
import { useIdleLock } from "../lib/useIdleLock";
import { DatabaseProblem } from "./DatabaseProblem";
import { JoiningScreen } from "./JoiningScreen";
import { LoadingState } from "./LoadingState";
import { LockScreen } from "./LockScreen";

/**
 * Which screen the app shows: setup, a joining site's progress, login, a forced password change,
 * or the app itself.
 */
export function SessionGate() {
  const { status, session, sessionLoading, markLocked } = useSession();
  const unlocked = !!session && !session.locked && !session.mustChangePassword;
  const onLocked = useCallback(() => markLocked(), [markLocked]);
  useIdleLock(session?.idleLockMinutes ?? 10, unlocked, onLocked);

  if (status.isError) {
    return (
      <Container size="sm" py="xl">
        <DatabaseProblem error={status.error} />
      </Container>
    );
  }
  // A joining site has no accounts until the clinic's records arrive: nobody can log in yet.
  if (status.data?.joining) return <JoiningScreen status={status.data} />;
  if (!status.data || sessionLoading || session === undefined) {
    if (status.data?.needsSetup) return <SetupPage status={status.data} />;
    return <LoadingState />;
  }
  if (status.data.needsSetup) return <SetupPage status={status.data} />;
  if (!session) return <LoginPage status={status.data} />;
  if (session.mustChangePassword) return <ChangePasswordPage forced />;
  return (
    <>
      {/* Locked: the app stays mounted (forms keep their text) but cannot be seen or used. */}
      <div inert={session.locked} aria-hidden={session.locked} style={session.locked ? { visibility: "hidden" } : undefined}>
        <AppRoutes />
      </div>
      {session.locked && <LockScreen session={session} />}
    </>
  );
}
