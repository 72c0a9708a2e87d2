import { useState, type FormEvent } from "react";
import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { logIn, toCommandError } from "../api";
import type { AppStatus } from "../bindings/AppStatus";
import { GateCard } from "../components/GateCard";
import { useSession } from "../lib/session";

/** The login screen; after a failure the username stays and the password is cleared. */
export function LoginPage({ status }: { status: AppStatus }) {
  const { setSession, endedMessage } = useSession();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const login = useMutation({
    mutationFn: () => logIn(username, password),
    onSuccess: setSession,
    onError: () => setPassword(""),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate();
  };
  const error = login.error ? toCommandError(login.error).message : endedMessage;
  return (
    <GateCard title={status.clinicName} subtitle={`${status.siteName} · log in to continue`}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Username"
            value={username}
            onChange={(e) => setUsername(e.currentTarget.value)}
            autoComplete="username"
            autoFocus
            data-testid="login-username"
          />
          <PasswordInput
            label="Password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            autoComplete="current-password"
            data-testid="login-password"
          />
          {error && (
            <Alert color="red" data-testid="login-error" role="alert">
              {error}
            </Alert>
          )}
          <Button type="submit" loading={login.isPending} data-testid="login-submit">
            Log in
          </Button>
        </Stack>
      </form>
    </GateCard>
  );
}
