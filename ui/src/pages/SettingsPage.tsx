import { useEffect, useMemo, useState } from "react";
import { Button, NumberInput, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { saveSettings } from "../api";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";
import { timeZoneNames } from "../lib/timeZones";

/** This computer's settings: the automatic lock time and the clinic's time zone. */
export function SettingsPage() {
  const { session, status } = useSession();
  const client = useQueryClient();
  const [minutes, setMinutes] = useState<number | string>(session?.idleLockMinutes ?? 10);
  useEffect(() => setMinutes(session?.idleLockMinutes ?? 10), [session?.idleLockMinutes]);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  useEffect(() => {
    if (status.data) setTimeZone((tz) => tz ?? status.data.timeZone);
  }, [status.data]);
  const zones = useMemo(() => {
    const names = timeZoneNames();
    return timeZone && !names.includes(timeZone) ? [timeZone, ...names] : names;
  }, [timeZone]);
  const save = useMutation({
    mutationFn: () => saveSettings({ idleLockMinutes: Number(minutes), timeZone: timeZone ?? "UTC" }),
    onSuccess: (saved) => {
      notifications.show({
        color: "green",
        message: `The screen now locks after ${saved.idleLockMinutes} idle minute(s); the clinic's time zone is ${saved.timeZone}`,
      });
      void client.invalidateQueries({ queryKey: queryKeys.session });
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
    },
  });
  const errors = fieldErrorsOf(save.error);
  const general = generalErrorOf(save.error);
  return (
    <Stack gap="md" maw={420}>
      <Title order={2}>Settings</Title>
      <Text c="dimmed" size="sm">
        These apply to this computer only: a shared front-desk PC may lock sooner than a doctor&apos;s laptop.
      </Text>
      <NumberInput
        label="Lock the screen after this many idle minutes"
        min={1}
        max={120}
        value={minutes}
        onChange={setMinutes}
        error={errors.idleLockMinutes}
        data-testid="settings-idle-minutes"
      />
      <Select
        label="Clinic time zone"
        description="Working hours, the calendar and bookings use this wall clock"
        searchable
        allowDeselect={false}
        data={zones}
        value={timeZone}
        onChange={setTimeZone}
        placeholder={status.isPending ? "Loading…" : "Choose a time zone"}
        error={errors.timeZone}
        errorProps={{ "data-testid": "settings-error-timeZone" }}
        limit={400}
        comboboxProps={{ withinPortal: false }}
        data-testid="settings-time-zone"
      />
      {general && (
        <Text c="red" size="sm" data-testid="form-error">
          {general}
        </Text>
      )}
      <Button onClick={() => save.mutate()} loading={save.isPending} disabled={timeZone === null} data-testid="settings-save" w="fit-content">
        Save
      </Button>
    </Stack>
  );
}
