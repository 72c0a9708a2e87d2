import { useState, type FormEvent } from "react";
import { Alert, Button, Group, PasswordInput, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { changeOwnPassword } from "../api";
import { GateCard, PASSWORD_HINT } from "../components/GateCard";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";
import { useSession } from "../lib/session";

/**
 * Changing one's own password: from the user menu, or forced after a manager set a temporary one
 * (`forced`), when nothing else is reachable until it is done.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { setSession, logOut } = useSession();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => changeOwnPassword(current, next),
    onSuccess: (session) => {
      setSession(session);
      setCurrent("");
      setNext("");
      setConfirm("");
      notifications.show({ color: "green", message: "Your password was changed" });
    },
  });
  const errors = fieldErrorsOf(change.error);
  const general = generalErrorOf(change.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== confirm);
    if (next === confirm) change.mutate();
  };
  const form = (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" maw={420}>
        <PasswordInput
          label={forced ? "Temporary password" : "Current password"}
          value={current}
          onChange={(e) => setCurrent(e.currentTarget.value)}
          error={errors.currentPassword}
          errorProps={{ "data-testid": "change-error-currentPassword" }}
          autoComplete="current-password"
          data-testid="change-current"
        />
        <PasswordInput
          label="New password"
          description={PASSWORD_HINT}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          error={errors.newPassword}
          errorProps={{ "data-testid": "change-error-newPassword" }}
          autoComplete="new-password"
          data-testid="change-new"
        />
        <PasswordInput
          label="Repeat the new password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={mismatch ? "The two passwords differ" : undefined}
          autoComplete="new-password"
          data-testid="change-confirm"
        />
        {general && (
          <Alert color="red" data-testid="form-error">
            {general}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={change.isPending} data-testid="change-submit">
            Change password
          </Button>
          {forced && (
            <Button variant="subtle" onClick={() => void logOut()} data-testid="log-out">
              Log out
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
  if (forced) {
    return (
      <GateCard title="Choose your own password" subtitle="A clinic manager set a temporary password for you. Choose a new one to go on.">
        {form}
      </GateCard>
    );
  }
  return form;
}
