import { Anchor, Badge, Table, Text } from "@mantine/core";
import { Link } from "react-router-dom";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { INVOICE_STATUS_COLORS, INVOICE_STATUS_LABELS } from "../../lib/billingLabels";
import { formatMoney } from "../../lib/money";
import { ChartTable } from "../chart/ChartTable";
import { shortDate } from "../chart/chartFormat";

/** A patient's invoices and credit notes, newest first; each opens its page. */
export function InvoicesTable({ invoices }: { invoices: InvoiceView[] }) {
  if (invoices.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="account-no-invoices">
        No invoices yet.
      </Text>
    );
  }
  return (
    <ChartTable columns={["Number", "Status", "Issued", "Due", "Total", "Paid", "Balance"]} minWidth={720} striped testId="account-invoices">
      {invoices.map((i) => (
        <Table.Tr key={i.id} data-testid="invoice-row" data-invoice-id={i.id} data-status={i.status}>
          <Table.Td>
            <Anchor component={Link} to={`/invoices/${i.id}`} data-testid="invoice-row-open">
              {i.number ?? "Draft"}
            </Anchor>
            {i.kind === "credit_note" && (
              <Text span size="xs" c="dimmed" ml={6}>
                credit note
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <Badge color={INVOICE_STATUS_COLORS[i.status]} variant="light">
              {INVOICE_STATUS_LABELS[i.status]}
            </Badge>
          </Table.Td>
          <Table.Td>{i.issuedOn ? shortDate(i.issuedOn) : "—"}</Table.Td>
          <Table.Td>{i.dueOn ? shortDate(i.dueOn) : "—"}</Table.Td>
          <Table.Td>{formatMoney(i.totals.totalMinor, i.currency)}</Table.Td>
          <Table.Td>{i.kind === "invoice" ? formatMoney(i.paidMinor, i.currency) : "—"}</Table.Td>
          <Table.Td fw={i.balanceMinor > 0 ? 600 : undefined}>{i.kind === "invoice" ? formatMoney(i.balanceMinor, i.currency) : "—"}</Table.Td>
        </Table.Tr>
      ))}
    </ChartTable>
  );
}
