import { Button, Group, Paper, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { savePatientHistory } from "../../api";
import type { PatientHistory } from "../../bindings/PatientHistory";
import type { PatientHistoryInput } from "../../bindings/PatientHistoryInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { blankToNull, dateTime } from "./chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { useChartWrite } from "./useChartWrite";

const PLACED = ["familyHistory", "socialHistory"] as const;

/** Family and social history: free text a doctor keeps up to date; read-only for everyone else. */
export function HistoryForm({ patientId, history }: { patientId: string; history: PatientHistory }) {
  const { can } = useSession();
  const canWrite = can("write_clinical_notes");
  const { draft, set } = useDraft(() => ({
    familyHistory: history.familyHistory ?? "",
    socialHistory: history.socialHistory ?? "",
  }));
  const save = useChartWrite(patientId, (input: PatientHistoryInput) => savePatientHistory(patientId, input), () =>
    notifications.show({ color: "green", message: "Family and social history saved" }),
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "history");
  const changed = draft.familyHistory !== (history.familyHistory ?? "") || draft.socialHistory !== (history.socialHistory ?? "");

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
          save.mutate({ familyHistory: blankToNull(draft.familyHistory), socialHistory: blankToNull(draft.socialHistory) });
        }}
        noValidate
      >
        <Stack gap="sm">
          <Textarea
            label="Family history"
            autosize
            minRows={3}
            readOnly={!canWrite}
            {...field("familyHistory", "history-family")}
          />
          <Textarea
            label="Social history"
            description="Smoking, alcohol, work, living situation…"
            autosize
            minRows={3}
            readOnly={!canWrite}
            {...field("socialHistory", "history-social")}
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
