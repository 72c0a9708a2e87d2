import { useState } from "react";
import { Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { savePatientHistory } from "../../api";
import type { PatientHistory } from "../../bindings/PatientHistory";
import type { PatientHistoryInput } from "../../bindings/PatientHistoryInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { blankToNull, dateTime, errorTestId } from "./chartFormat";
import { useChartWrite } from "./useChartWrite";

const PLACED = ["familyHistory", "socialHistory"] as const;

/** Family and social history: free text a doctor keeps up to date; read-only for everyone else. */
export function HistoryForm({ patientId, history }: { patientId: string; history: PatientHistory }) {
  const { can } = useSession();
  const canWrite = can("write_clinical_notes");
  const [family, setFamily] = useState(history.familyHistory ?? "");
  const [social, setSocial] = useState(history.socialHistory ?? "");
  const save = useChartWrite(patientId, (input: PatientHistoryInput) => savePatientHistory(patientId, input), () =>
    notifications.show({ color: "green", message: "Family and social history saved" }),
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const changed = family !== (history.familyHistory ?? "") || social !== (history.socialHistory ?? "");

  return (
    <Paper withBorder p="md" radius="md" data-testid="history-form">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Family and social history</Title>
        {history.updatedAt && (
          <Text size="xs" c="dimmed">
            Last changed {dateTime(history.updatedAt)}
          </Text>
        )}
      </Group>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ familyHistory: blankToNull(family), socialHistory: blankToNull(social) });
        }}
        noValidate
      >
        <Stack gap="sm">
          <Textarea
            label="Family history"
            autosize
            minRows={3}
            readOnly={!canWrite}
            value={family}
            onChange={(e) => setFamily(e.currentTarget.value)}
            error={fields.familyHistory}
            errorProps={errorTestId("history", "familyHistory")}
            data-testid="history-family"
          />
          <Textarea
            label="Social history"
            description="Smoking, alcohol, work, living situation…"
            autosize
            minRows={3}
            readOnly={!canWrite}
            value={social}
            onChange={(e) => setSocial(e.currentTarget.value)}
            error={fields.socialHistory}
            errorProps={errorTestId("history", "socialHistory")}
            data-testid="history-social"
          />
          {general && (
            <Text c="red" size="sm" data-testid="history-error">
              {general}
            </Text>
          )}
          {canWrite && (
            <Group justify="flex-end">
              <Button type="submit" disabled={!changed} loading={save.isPending} data-testid="history-save">
                Save history
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
