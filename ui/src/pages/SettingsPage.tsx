import { useEffect, useState } from "react";
import { Button, NumberInput, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { saveSettings } from "../api";
import { fieldErrorsOf } from "../lib/fieldErrors";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** This computer's settings: the automatic lock time. */
export function SettingsPage() {
  const { session } = useSession();
  const client = useQueryClient();
  const [minutes, setMinutes] = useState<number | string>(session?.idleLockMinutes ?? 10);
  useEffect(() => setMinutes(session?.idleLockMinutes ?? 10), [session?.idleLockMinutes]);
  const save = useMutation({
    mutationFn: () => saveSettings({ idleLockMinutes: Number(minutes) }),
    onSuccess: (saved) => {
      notifications.show({ color: "green", message: `The screen now locks after ${saved.idleLockMinutes} idle minute(s)` });
      void client.invalidateQueries({ queryKey: queryKeys.session });
    },
  });
  const errors = fieldErrorsOf(save.error);
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
      <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="settings-save" w="fit-content">
        Save
      </Button>
    </Stack>
  );
}
