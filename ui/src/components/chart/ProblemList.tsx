import { useState } from "react";
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import type { Condition } from "../../bindings/Condition";
import { CONDITION_STATUS_LABELS } from "../../lib/chartLabels";
import { useSession } from "../../lib/session";
import { shortDate } from "./chartFormat";
import { ChartTable, RowActionCell } from "./ChartTable";
import { ConditionForm } from "./ConditionForm";

/** The problem list (active first, then resolved); doctors add and update problems. */
export function ProblemList({ patientId, conditions }: { patientId: string; conditions: Condition[] }) {
  const { can } = useSession();
  const canWrite = can("write_clinical_notes");
  const [editing, setEditing] = useState<Condition | "new" | null>(null);
  return (
    <Paper withBorder p="md" radius="md" data-testid="problem-list">
      <Group justify="space-between" mb="sm">
        <Title order={4}>Problem list</Title>
        {canWrite && editing === null && (
          <Button size="xs" onClick={() => setEditing("new")} data-testid="condition-add">
            Add problem
          </Button>
        )}
      </Group>
      <Stack gap="sm">
        {editing !== null && (
          // Keyed by the record: a form never carries one problem's draft over to another.
          <ConditionForm
            key={editing === "new" ? "new" : editing.id}
            patientId={patientId}
            condition={editing === "new" ? null : editing}
            onClose={() => setEditing(null)}
          />
        )}
        {conditions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No problems recorded.
          </Text>
        ) : (
          <ChartTable columns={["Problem", "ICD-10", "Onset", "Status"]} actionColumn={canWrite} minWidth={480}>
            {conditions.map((c) => (
              <Table.Tr key={c.id} data-testid="condition-row">
                <Table.Td>{c.problem}</Table.Td>
                <Table.Td>{c.code ?? "—"}</Table.Td>
                <Table.Td>{c.onset ? shortDate(c.onset) : "—"}</Table.Td>
                <Table.Td>
                  <Badge color={c.status === "active" ? "blue" : "gray"} variant="light">
                    {CONDITION_STATUS_LABELS[c.status]}
                  </Badge>
                  {c.resolvedOn && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {shortDate(c.resolvedOn)}
                    </Text>
                  )}
                </Table.Td>
                {canWrite && (
                  // Off while a form is open: finish or cancel it first.
                  <RowActionCell label="Update" onClick={() => setEditing(c)} disabled={editing !== null} testId="condition-edit" />
                )}
              </Table.Tr>
            ))}
          </ChartTable>
        )}
      </Stack>
    </Paper>
  );
}
