import { useEffect, useState } from "react";
import { Modal, PasswordInput, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { resetUserPassword } from "../api";
import type { User } from "../bindings/User";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { PASSWORD_HINT } from "./GateCard";
import { FormActions } from "./FormActions";

/** Sets a temporary password; the user must choose a new one at their next login. */
export function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const client = useQueryClient();
  const [password, setPassword] = useState("");
  const reset = useMutation({
    mutationFn: () => resetUserPassword(user?.id ?? "", password),
    onSuccess: (u) => {
      void client.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ color: "green", message: `${u.username} must choose a new password at their next login` });
      onClose();
    },
  });
  useEffect(() => {
    setPassword("");
    reset.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when another user is picked only
  }, [user]);
  const errors = fieldErrorsOf(reset.error);
  const general = generalErrorOf(reset.error);
  return (
    <Modal opened={!!user} onClose={onClose} title={`Reset the password of ${user?.username ?? ""}`} centered>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Their session on this computer ends, and any lockout is lifted.
        </Text>
        <PasswordInput
          label="Temporary password"
          description={PASSWORD_HINT}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          errorProps={{ "data-testid": "user-error-password" }}
          autoComplete="new-password"
          data-testid="user-reset-password"
        />
        <FormActions
          error={general}
          onCancel={onClose}
          submitLabel="Reset password"
          submitTestId="user-reset-confirm"
          pending={reset.isPending}
          onSubmit={() => reset.mutate()}
        />
      </Stack>
    </Modal>
  );
}
