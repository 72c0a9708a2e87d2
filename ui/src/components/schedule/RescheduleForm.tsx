import { useState } from "react";
import { Alert, Button, Group, Select, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { listProviders, rescheduleAppointment } from "../../api";
import type { Appointment } from "../../bindings/Appointment";
import type { RescheduleInput } from "../../bindings/RescheduleInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { formatClock, formatDay, joinLocal, localToDate, minutesBetween, splitLocal } from "../../lib/wallClock";
import { WhenFields } from "./WhenFields";

const PLACED = ["start", "providerId", "minutes"] as const;

export interface RescheduleFormProps {
  appointment: Appointment;
  onMoved: (updated: Appointment) => void;
}

/** Another time, length or provider for a scheduled appointment. */
export function RescheduleForm({ appointment, onMoved }: RescheduleFormProps) {
  const client = useQueryClient();
  const providers = useQuery({ queryKey: queryKeys.providers, queryFn: listProviders });
  const start = splitLocal(appointment.start);
  const [date, setDate] = useState(start.date);
  const [time, setTime] = useState(start.time);
  const [minutes, setMinutes] = useState<number | string>(minutesBetween(localToDate(appointment.start), localToDate(appointment.end)));
  const [providerId, setProviderId] = useState<string | null>(appointment.providerId);
  const [missing, setMissing] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: RescheduleInput) => rescheduleAppointment(appointment.id, input),
    onSuccess: (updated) => {
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
      notifications.show({ color: "green", message: `Moved to ${formatDay(updated.start)} ${formatClock(updated.start)} with ${updated.providerName}` });
      onMoved(updated);
    },
  });
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const errorProps = (key: string) => ({ "data-testid": `resched-error-${key}` });
  const startError = missing ?? fields.start;
  const providerOptions = (providers.data ?? [])
    .filter((p) => p.active || p.id === providerId)
    .map((p) => ({ value: p.id, label: p.displayName }));
  if (providerId && !providerOptions.some((o) => o.value === providerId))
    providerOptions.unshift({ value: providerId, label: appointment.providerName });

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const local = joinLocal(date, time);
        setMissing(local ? null : "Enter a date and a time");
        if (!local || !providerId) return;
        save.mutate({ providerId, start: local, minutes: Number(minutes) || 0 });
      }}
      noValidate
      data-testid="resched-form"
    >
      <Stack gap="xs">
        <WhenFields
          date={date}
          time={time}
          minutes={minutes}
          onDate={setDate}
          onTime={setTime}
          onMinutes={setMinutes}
          startError={startError}
          minutesError={fields.minutes}
          testIdPrefix="resched"
        />
        <Select
          label="Provider"
          data={providerOptions}
          value={providerId}
          onChange={setProviderId}
          allowDeselect={false}
          error={fields.providerId}
          errorProps={errorProps("providerId")}
          comboboxProps={{ withinPortal: false }}
          data-testid="resched-provider"
        />
        {general && (
          <Alert color="red" data-testid="resched-form-error">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={save.isPending} data-testid="resched-submit">
            Reschedule
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
