import { useState, type FormEvent } from "react";
import { Alert, Box, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { toCommandError, unlockSession } from "../api";
import type { SessionInfo } from "../bindings/SessionInfo";
import { useSession } from "../lib/session";

/**
 * Covers the app while the session is locked. The app stays mounted underneath (inert), so a
 * half-filled form is still there after the password is entered again.
 */
export function LockScreen({ session }: { session: SessionInfo }) {
  const { setSession, logOut } = useSession();
  const [password, setPassword] = useState("");
  const unlock = useMutation({
    mutationFn: () => unlockSession(password),
    onSuccess: (s) => {
      setPassword("");
      setSession(s);
    },
    onError: () => setPassword(""),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    unlock.mutate();
  };
  return (
    <Box
      pos="fixed"
      inset={0}
      bg="gray.1"
      style={{ zIndex: 10_000 }}
      data-testid="lock-screen"
      role="dialog"
      aria-modal="true"
      aria-label="Screen locked"
    >
      <Center h="100%" p="md">
        <Paper withBorder shadow="md" p="xl" radius="md" w="100%" maw={400}>
          <form onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Title order={3}>Locked</Title>
              <Text c="dimmed" size="sm">
                {session.displayName} ({session.username}) · enter your password to go on where you left off.
              </Text>
              <PasswordInput
                label="Password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoFocus
                autoComplete="current-password"
                data-testid="lock-password"
              />
              {unlock.error && (
                <Alert color="red" data-testid="lock-error" role="alert">
                  {toCommandError(unlock.error).message}
                </Alert>
              )}
              <Group justify="space-between">
                <Button type="submit" loading={unlock.isPending} data-testid="lock-unlock">
                  Unlock
                </Button>
                <Button variant="subtle" onClick={() => void logOut()} data-testid="lock-switch-user">
                  Switch user
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      </Center>
    </Box>
  );
}
