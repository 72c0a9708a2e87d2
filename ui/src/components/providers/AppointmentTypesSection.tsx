import { useState } from "react";
import { Alert, Badge, Button, ColorInput, ColorSwatch, Group, Modal, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { listAppointmentTypes, saveAppointmentType } from "../../api";
import type { AppointmentType } from "../../bindings/AppointmentType";
import type { AppointmentTypeInput } from "../../bindings/AppointmentTypeInput";
import { errorSummaryOf, formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { FormActions } from "../FormActions";

const PLACED = ["name", "defaultMinutes", "colour"] as const;

function AppointmentTypeModal({ type, onClose }: { type: AppointmentType | null; onClose: () => void }) {
  const client = useQueryClient();
  const [form, setForm] = useState<AppointmentTypeInput>(() =>
    type ? { name: type.name, defaultMinutes: type.defaultMinutes, colour: type.colour, active: type.active } : { name: "", defaultMinutes: 15, colour: "#37b24d", active: true },
  );
  const set = (patch: Partial<AppointmentTypeInput>) => setForm((f) => ({ ...f, ...patch }));
  const save = useMutation({
    mutationFn: (input: AppointmentTypeInput) => saveAppointmentType(type?.id ?? null, input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.appointmentTypes });
      onClose();
    },
  });
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const errorProps = (k: string) => ({ "data-testid": `type-error-${k}` });
  return (
    <Modal opened onClose={onClose} title={type ? `Edit ${type.name}` : "New appointment type"} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...form, name: form.name.trim() });
        }}
        noValidate
      >
        <Stack gap="sm">
          <TextInput label="Name" required value={form.name} onChange={(e) => set({ name: e.currentTarget.value })} error={fields.name} errorProps={errorProps("name")} data-testid="type-field-name" />
          <NumberInput
            label="Default minutes"
            min={5}
            max={720}
            step={5}
            value={form.defaultMinutes}
            onChange={(v) => set({ defaultMinutes: Number(v) || 0 })}
            error={fields.defaultMinutes}
            errorProps={errorProps("defaultMinutes")}
            data-testid="type-field-defaultMinutes"
          />
          <ColorInput label="Colour" format="hex" value={form.colour} onChange={(v) => set({ colour: v })} error={fields.colour} errorProps={errorProps("colour")} popoverProps={{ withinPortal: false }} data-testid="type-field-colour" />
          <Switch label="Active (offered when booking)" checked={form.active} onChange={(e) => set({ active: e.currentTarget.checked })} data-testid="type-field-active" />
          <FormActions error={general} onCancel={onClose} submitLabel="Save" submitTestId="type-save" pending={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}

/** Appointment types: name, default length, colour. */
export function AppointmentTypesSection() {
  const types = useQuery({ queryKey: queryKeys.appointmentTypes, queryFn: listAppointmentTypes });
  const [editing, setEditing] = useState<AppointmentType | "new" | null>(null);
  return (
    <Stack gap="sm" data-testid="appointment-types">
      <Group justify="space-between">
        <Title order={3}>Appointment types</Title>
        <Button variant="light" onClick={() => setEditing("new")} data-testid="type-create">
          New type
        </Button>
      </Group>
      {types.isError && <Alert color="red">{errorSummaryOf(types.error)}</Alert>}
      {types.data?.length === 0 && <Text c="dimmed">No appointment types yet.</Text>}
      {types.data && types.data.length > 0 && (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Default length</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {types.data.map((t) => (
              <Table.Tr key={t.id} data-testid="type-row">
                <Table.Td>
                  <Group gap="xs">
                    <ColorSwatch color={t.colour} size={14} />
                    {t.name}
                  </Group>
                </Table.Td>
                <Table.Td>{t.defaultMinutes} min</Table.Td>
                <Table.Td>{!t.active && <Badge color="gray">Inactive</Badge>}</Table.Td>
                <Table.Td>
                  <Button size="xs" variant="default" onClick={() => setEditing(t)} data-testid="type-edit">
                    Edit
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <AppointmentTypeModal type={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
