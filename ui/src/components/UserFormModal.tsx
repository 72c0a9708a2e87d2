import { useEffect, useState } from "react";
import { Modal, PasswordInput, Select, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { createUser, updateUser } from "../api";
import type { Role } from "../bindings/Role";
import type { User } from "../bindings/User";
import { PASSWORD_HINT } from "./GateCard";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";
import { ROLE_LABELS, ROLES } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";
import { FormActions } from "./FormActions";

export interface UserFormModalProps {
  /** The account to edit, or null to create one. */
  user: User | null;
  opened: boolean;
  onClose: () => void;
}

/** Create an account (with a temporary password) or change an account's name and role. */
export function UserFormModal({ user, opened, onClose }: UserFormModalProps) {
  const client = useQueryClient();
  const [username, setUsername] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [role, setRole] = useState<Role | null>(null);
  const [password, setPassword] = useState("");
  useEffect(() => {
    if (!opened) return;
    setUsername(user?.username ?? "");
    setDisplayName(user?.displayName ?? "");
    setRole(user?.role ?? null);
    setPassword("");
  }, [opened, user]);
  const save = useMutation({
    mutationFn: () =>
      user ? updateUser(user.id, { displayName, role }) : createUser({ username, displayName, role, password }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.users });
      onClose();
    },
  });
  useEffect(() => {
    if (opened) save.reset();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reset when the dialog opens only
  }, [opened]);
  const errors = fieldErrorsOf(save.error);
  const general = generalErrorOf(save.error);
  const errorProps = (key: string) => ({ "data-testid": `user-error-${key}` });
  return (
    <Modal opened={opened} onClose={onClose} title={user ? `Edit ${user.username}` : "New staff account"} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Stack gap="sm">
          {!user && (
            <TextInput
              label="Username"
              description="Letters, digits, dots, dashes; used to log in"
              value={username}
              onChange={(e) => setUsername(e.currentTarget.value)}
              error={errors.username}
              errorProps={errorProps("username")}
              data-testid="user-field-username"
            />
          )}
          <TextInput
            label="Full name"
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            error={errors.displayName}
            errorProps={errorProps("displayName")}
            data-testid="user-field-displayName"
          />
          <Select
            label="Role"
            data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            value={role}
            onChange={(v) => setRole(v as Role | null)}
            error={errors.role}
            errorProps={errorProps("role")}
            comboboxProps={{ withinPortal: false }}
            data-testid="user-field-role"
          />
          {!user && (
            <PasswordInput
              label="Temporary password"
              description={`They choose their own at first login. ${PASSWORD_HINT}`}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={errors.password}
              errorProps={errorProps("password")}
              autoComplete="new-password"
              data-testid="user-field-password"
            />
          )}
          <FormActions
            error={general}
            onCancel={onClose}
            submitLabel={user ? "Save" : "Create account"}
            submitTestId="user-save"
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
