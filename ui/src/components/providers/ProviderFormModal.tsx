import { useState } from "react";
import { ColorInput, Modal, Select, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { listUsers, saveProvider } from "../../api";
import type { Provider } from "../../bindings/Provider";
import type { ProviderInput } from "../../bindings/ProviderInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { useSession } from "../../lib/session";
import { WeeklyHoursEditor } from "./WeeklyHoursEditor";
import { FormActions } from "../FormActions";

const PLACED = ["displayName", "userId", "specialty", "colour", "room", "weeklyHours"] as const;

export interface ProviderFormModalProps {
  /** The provider to edit, or null for a new one. */
  provider: Provider | null;
  onClose: () => void;
}

function initial(p: Provider | null): ProviderInput {
  return p
    ? { userId: p.userId, displayName: p.displayName, specialty: p.specialty, colour: p.colour, room: p.room, active: p.active, weeklyHours: p.weeklyHours }
    : { userId: null, displayName: "", specialty: null, colour: "#1c7ed6", room: null, active: true, weeklyHours: [] };
}

/** A provider's name, staff account, specialty, colour, room and weekly hours. */
export function ProviderFormModal({ provider, onClose }: ProviderFormModalProps) {
  const client = useQueryClient();
  const { can } = useSession();
  const [form, setForm] = useState<ProviderInput>(() => initial(provider));
  const set = (patch: Partial<ProviderInput>) => setForm((f) => ({ ...f, ...patch }));
  // Only admins may list staff accounts; anyone else keeps the link as it is.
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers, enabled: can("manage_users"), retry: false });
  const save = useMutation({
    mutationFn: (input: ProviderInput) => saveProvider(provider?.id ?? null, input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.providers });
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
      onClose();
    },
  });
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const errorProps = (key: string) => ({ "data-testid": `provider-error-${key}` });
  const blank = (s: string) => (s.trim() === "" ? null : s);
  const userOptions = (users.data ?? []).filter((u) => u.status === "active" || u.id === form.userId).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));

  return (
    <Modal opened onClose={onClose} title={provider ? `Edit ${provider.displayName}` : "New provider"} size="xl" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...form, displayName: form.displayName.trim() });
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Display name"
              required
              value={form.displayName}
              onChange={(e) => set({ displayName: e.currentTarget.value })}
              error={fields.displayName}
              errorProps={errorProps("displayName")}
              data-testid="provider-field-displayName"
            />
            {users.isSuccess ? (
              <Select
                label="Staff account"
                description="Optional"
                clearable
                searchable
                data={userOptions}
                value={form.userId}
                onChange={(v) => set({ userId: v })}
                error={fields.userId}
                errorProps={errorProps("userId")}
                comboboxProps={{ withinPortal: false }}
                data-testid="provider-field-userId"
              />
            ) : (
              <Stack gap={2}>
                <Text size="sm" fw={500}>
                  Staff account
                </Text>
                <Text size="sm" c="dimmed" data-testid="provider-user-unavailable">
                  {form.userId ? "Linked to a staff account. " : "Not linked. "}
                  Only an admin can change the link.
                </Text>
              </Stack>
            )}
            <TextInput
              label="Specialty"
              value={form.specialty ?? ""}
              onChange={(e) => set({ specialty: blank(e.currentTarget.value) })}
              error={fields.specialty}
              errorProps={errorProps("specialty")}
              data-testid="provider-field-specialty"
            />
            <TextInput
              label="Room"
              value={form.room ?? ""}
              onChange={(e) => set({ room: blank(e.currentTarget.value) })}
              error={fields.room}
              errorProps={errorProps("room")}
              data-testid="provider-field-room"
            />
            <ColorInput
              label="Calendar colour"
              format="hex"
              value={form.colour}
              onChange={(v) => set({ colour: v })}
              error={fields.colour}
              errorProps={errorProps("colour")}
              popoverProps={{ withinPortal: false }}
              data-testid="provider-field-colour"
            />
            <Switch
              label="Active (shown in the calendar and bookable)"
              checked={form.active}
              onChange={(e) => set({ active: e.currentTarget.checked })}
              mt="lg"
              data-testid="provider-field-active"
            />
          </SimpleGrid>
          <WeeklyHoursEditor value={form.weeklyHours} onChange={(weeklyHours) => set({ weeklyHours })} error={fields.weeklyHours} />
          <FormActions
            error={general}
            onCancel={onClose}
            submitLabel={provider ? "Save" : "Create provider"}
            submitTestId="provider-save"
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Modal>
  );
}
