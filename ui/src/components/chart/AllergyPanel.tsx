import { useState } from "react";
import { Alert, Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { recordNoKnownAllergies } from "../../api";
import type { Allergy } from "../../bindings/Allergy";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { ALLERGY_SEVERITY_LABELS, ALLERGY_STATUS_LABELS } from "../../lib/chartLabels";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { AllergyForm } from "./AllergyForm";
import { ChartTable, RowActionCell } from "./ChartTable";
import { useChartWrite } from "./useChartWrite";

export interface AllergyPanelProps {
  patientId: string;
  record: ChartRecord;
}

const STATUS_COLOURS = { active: "red", inactive: "gray", entered_in_error: "gray" } as const;

/** Every allergy ever recorded; nurses and doctors add, correct, or record "no known allergies". */
export function AllergyPanel({ patientId, record }: AllergyPanelProps) {
  const { can } = useSession();
  const canRecord = can("record_observations");
  // null: no form; "new": a new allergy; an Allergy: correcting that one.
  const [editing, setEditing] = useState<Allergy | "new" | null>(null);
  const nka = useChartWrite(patientId, () => recordNoKnownAllergies(patientId), () =>
    notifications.show({ color: "green", message: "Recorded: no known allergies" }),
  );
  const hasActive = record.allergies.state === "known" && record.allergies.allergies.length > 0;

  return (
    <Paper withBorder p="md" radius="md" data-testid="allergy-panel">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Allergies</Title>
        {canRecord && editing === null && (
          <Group gap="xs">
            {!hasActive && record.allergies.state !== "no_known_allergies" && (
              <Button
                variant="light"
                color="green"
                size="xs"
                loading={nka.isPending}
                onClick={() => nka.mutate(undefined)}
                data-testid="nka-record"
              >
                No known allergies
              </Button>
            )}
            <Button size="xs" onClick={() => setEditing("new")} data-testid="allergy-add">
              Add allergy
            </Button>
          </Group>
        )}
      </Group>
      <Stack gap="sm">
        {nka.isError && (
          <Alert color="red" data-testid="nka-error">
            {errorSummaryOf(nka.error)}
          </Alert>
        )}
        {editing !== null && (
          // Keyed by the record: a form never carries one allergy's draft over to another.
          <AllergyForm
            key={editing === "new" ? "new" : editing.id}
            patientId={patientId}
            allergy={editing === "new" ? null : editing}
            onClose={() => setEditing(null)}
          />
        )}
        {record.allergyHistory.length === 0 ? (
          <Text size="sm" c="dimmed">
            {record.allergies.state === "no_known_allergies" ? "No known allergies." : "No allergies recorded."}
          </Text>
        ) : (
          <ChartTable
            columns={["Substance", "Reaction", "Severity", "Status"]}
            actionColumn={canRecord}
            minWidth={480}
            testId="allergy-list"
          >
            {record.allergyHistory.map((a) => (
              <Table.Tr key={a.id} data-testid="allergy-row" c={a.status === "active" ? undefined : "dimmed"}>
                <Table.Td td={a.status === "entered_in_error" ? "line-through" : undefined}>{a.substance}</Table.Td>
                <Table.Td>{a.reaction ?? "—"}</Table.Td>
                <Table.Td>{ALLERGY_SEVERITY_LABELS[a.severity]}</Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOURS[a.status]} variant="light">
                    {ALLERGY_STATUS_LABELS[a.status]}
                  </Badge>
                </Table.Td>
                {canRecord && (
                  // Off while a form is open: finish or cancel it first.
                  <RowActionCell label="Correct" onClick={() => setEditing(a)} disabled={editing !== null} testId="allergy-edit" />
                )}
              </Table.Tr>
            ))}
          </ChartTable>
        )}
      </Stack>
    </Paper>
  );
}
