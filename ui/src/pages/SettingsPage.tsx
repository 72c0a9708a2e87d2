import { useEffect, useMemo, useState } from "react";
import { Button, NumberInput, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getSettings, saveSettings } from "../api";
import type { WeeklyHours } from "../bindings/WeeklyHours";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { WeeklyHoursEditor } from "../components/providers/WeeklyHoursEditor";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { timeZoneNames } from "../lib/timeZones";

/** The site's settings: the automatic lock time, the clinic's time zone and opening hours. */
export function SettingsPage() {
  const client = useQueryClient();
  const current = useQuery({ queryKey: queryKeys.settings, queryFn: getSettings, staleTime: 0 });
  const [minutes, setMinutes] = useState<number | string>(10);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  const [openingHours, setOpeningHours] = useState<WeeklyHours[]>([]);
  useEffect(() => {
    if (!current.data) return;
    setMinutes(current.data.idleLockMinutes);
    setTimeZone(current.data.timeZone);
    setOpeningHours(current.data.openingHours);
  }, [current.data]);
  const zones = useMemo(() => {
    const names = timeZoneNames();
    return timeZone && !names.includes(timeZone) ? [timeZone, ...names] : names;
  }, [timeZone]);
  const save = useMutation({
    mutationFn: () => saveSettings({ idleLockMinutes: Number(minutes), timeZone: timeZone ?? "UTC", openingHours }),
    onSuccess: (saved) => {
      notifications.show({
        color: "green",
        message: `The screen now locks after ${saved.idleLockMinutes} idle minute(s); the clinic's time zone is ${saved.timeZone}`,
      });
      client.setQueryData(queryKeys.settings, saved);
      void client.invalidateQueries({ queryKey: queryKeys.session });
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
    },
  });
  if (current.isPending) return <LoadingState label="Loading settings…" />;
  if (current.isError) return <ErrorState error={current.error} title="Could not load the settings" onRetry={() => void current.refetch()} />;
  const errors = fieldErrorsOf(save.error);
  const general = generalErrorOf(save.error);
  return (
    <Stack gap="md" maw={560}>
      <Title order={2}>Settings</Title>
      <Text c="dimmed" size="sm">
        The lock time applies to this computer only: a shared front-desk PC may lock sooner than a doctor&apos;s laptop.
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
        error={errors.timeZone}
        errorProps={{ "data-testid": "settings-error-timeZone" }}
        limit={400}
        comboboxProps={{ withinPortal: false }}
        data-testid="settings-time-zone"
      />
      <Text size="sm" c="dimmed">
        Opening hours: no appointment is booked outside them, whatever a provider&apos;s hours. Leave every day empty for
        no clinic-wide limit.
      </Text>
      <WeeklyHoursEditor
        label="Opening hours"
        value={openingHours}
        onChange={setOpeningHours}
        error={errors.openingHours}
        errorTestId="settings-error-openingHours"
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
