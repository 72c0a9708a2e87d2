import { useState } from "react";
import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import type { ReferenceRange } from "../../bindings/ReferenceRange";
import { LAB_FLAG_COLORS, LAB_FLAG_LABELS } from "../../lib/chartLabels";
import { useSession } from "../../lib/session";
import { dateTime, labValueText, shortDate, staffName } from "./chartFormat";
import { ChartTable } from "./ChartTable";
import { LabForm } from "./LabForm";

const LAB_COLUMNS = ["Collected", "Test", "Value", "Reference", "Flag", "Entered"];

function rangeText(r: ReferenceRange): string {
  if (r.low === null && r.high === null) return "—";
  if (r.low === null) return `≤ ${r.high}`;
  if (r.high === null) return `≥ ${r.low}`;
  return `${r.low}–${r.high}`;
}

/** Lab results, newest first, with their flag; nurses and doctors enter new ones. */
export function LabsTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const { can } = useSession();
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={4}>Lab results</Title>
        {can("record_observations") && !adding && (
          <Button onClick={() => setAdding(true)} data-testid="lab-add">
            Add result
          </Button>
        )}
      </Group>
      {adding && <LabForm patientId={patientId} onClose={() => setAdding(false)} />}
      {record.labs.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="lab-table">
          No lab results.
        </Text>
      ) : (
        <ChartTable columns={LAB_COLUMNS} minWidth={700} striped testId="lab-table">
          {record.labs.map((l) => (
            <Table.Tr key={l.id} data-testid="lab-row">
              <Table.Td>{l.collectedOn ? shortDate(l.collectedOn) : "—"}</Table.Td>
              <Table.Td>{l.test}</Table.Td>
              <Table.Td fw={l.flag === "normal" || l.flag === "not_applicable" ? undefined : 700}>
                {labValueText(l.value)}
                {l.unit ? ` ${l.unit}` : ""}
              </Table.Td>
              <Table.Td>{rangeText(l.range)}</Table.Td>
              <Table.Td>
                <Badge
                  color={LAB_FLAG_COLORS[l.flag]}
                  variant={l.flag.startsWith("critical") ? "filled" : "light"}
                  data-testid="lab-flag"
                  data-flag={l.flag}
                >
                  {LAB_FLAG_LABELS[l.flag]}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed">
                  {dateTime(l.recordedAt)} · {staffName(record, l.recordedBy)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
      )}
    </Stack>
  );
}
