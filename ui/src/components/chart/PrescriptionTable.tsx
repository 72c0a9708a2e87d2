import { Badge, Button, Checkbox, Group, Table, Text } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import type { PrescriptionEntry } from "../../bindings/PrescriptionEntry";
import { PRESCRIPTION_STATUS_LABELS, ROUTE_LABELS } from "../../lib/chartLabels";
import { shortDate, staffName } from "./chartFormat";

export interface PrescriptionTableProps {
  record: ChartRecord;
  prescriptions: PrescriptionEntry[];
  testId: string;
  /** With these, rows get a checkbox (for the PDF) and Complete / Stop actions. */
  actions?: {
    selected: ReadonlySet<string>;
    onToggle: (id: string) => void;
    onComplete: (p: PrescriptionEntry) => void;
    onStop: (p: PrescriptionEntry) => void;
    busyId: string | null;
  };
}

const STATUS_COLOURS = { active: "teal", completed: "gray", stopped: "orange" } as const;

function details(p: PrescriptionEntry): string {
  const parts = [p.dose, ROUTE_LABELS[p.route].toLowerCase(), p.frequency];
  if (p.durationDays !== null) parts.push(`for ${p.durationDays} days`);
  if (p.quantity !== null) parts.push(`qty ${p.quantity}`);
  if (p.refills > 0) parts.push(`${p.refills} refill${p.refills === 1 ? "" : "s"}`);
  return parts.join(", ");
}

/** Prescriptions as a table: medication, how to take it, who wrote it and when. */
export function PrescriptionTable({ record, prescriptions, testId, actions }: PrescriptionTableProps) {
  if (prescriptions.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        None.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {actions && <Table.Th w={40} />}
            <Table.Th>Medication</Table.Th>
            <Table.Th>Prescribed</Table.Th>
            <Table.Th>Status</Table.Th>
            {actions && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {prescriptions.map((p) => (
            <Table.Tr key={p.id} data-testid="rx-row" data-prescription-id={p.id}>
              {actions && (
                <Table.Td>
                  <Checkbox
                    aria-label={`Select ${p.medication} for the PDF`}
                    checked={actions.selected.has(p.id)}
                    onChange={() => actions.onToggle(p.id)}
                    data-testid="rx-select"
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Text fw={600} size="sm">
                  {p.medication}
                  {p.strength ? ` ${p.strength}` : ""}
                </Text>
                <Text size="sm">{details(p)}</Text>
                {p.instructions && (
                  <Text size="xs" c="dimmed">
                    {p.instructions}
                  </Text>
                )}
                {p.overrideReason && (
                  <Text size="xs" c="red" data-testid="rx-override-reason">
                    Allergy warning overridden: {p.overrideReason}
                  </Text>
                )}
                {p.stopReason && (
                  <Text size="xs" c="orange">
                    Stopped: {p.stopReason}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{shortDate(p.prescribedAt)}</Text>
                <Text size="xs" c="dimmed">
                  {staffName(record, p.prescriberId)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge color={STATUS_COLOURS[p.status]} variant="light">
                  {PRESCRIPTION_STATUS_LABELS[p.status]}
                </Badge>
              </Table.Td>
              {actions && (
                <Table.Td>
                  {p.status === "active" && (
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        loading={actions.busyId === p.id}
                        onClick={() => actions.onComplete(p)}
                        data-testid="rx-complete"
                      >
                        Complete
                      </Button>
                      <Button size="compact-xs" variant="light" color="orange" onClick={() => actions.onStop(p)} data-testid="rx-stop">
                        Stop
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
