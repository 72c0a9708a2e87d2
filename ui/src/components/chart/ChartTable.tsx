import type { ReactNode } from "react";
import { Button, Table } from "@mantine/core";

export interface ChartTableProps {
  /** The header cells, left to right. */
  columns: readonly string[];
  /** An empty header cell last, over the rows' action buttons. */
  actionColumn?: boolean;
  /** Below this width the table scrolls sideways. */
  minWidth: number;
  striped?: boolean;
  testId?: string;
  /** The rows (Table.Tr). */
  children: ReactNode;
}

/** A chart section's table: a scroll container, a plain text header row and the rows given. */
export function ChartTable({ columns, actionColumn = false, minWidth, striped, testId, children }: ChartTableProps) {
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table striped={striped} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c}>{c}</Table.Th>
            ))}
            {actionColumn && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export interface RowActionCellProps {
  label: string;
  onClick: () => void;
  testId: string;
  /** E.g. while the section's form is open: another record must not take it over. */
  disabled?: boolean;
}

/** The last cell of a row: one small button, e.g. "Correct" or "Update". */
export function RowActionCell({ label, onClick, testId, disabled = false }: RowActionCellProps) {
  return (
    <Table.Td>
      <Button size="compact-xs" variant="subtle" onClick={onClick} disabled={disabled} data-testid={testId}>
        {label}
      </Button>
    </Table.Td>
  );
}
