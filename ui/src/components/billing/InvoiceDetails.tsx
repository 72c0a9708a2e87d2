import { Alert, Badge, Group, Paper, Stack, Table, Text, Title } from "@mantine/core";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { INVOICE_KIND_LABELS, INVOICE_STATUS_COLORS, INVOICE_STATUS_LABELS, PAYMENT_METHOD_LABELS } from "../../lib/billingLabels";
import { formatMoney, formatPercent } from "../../lib/money";
import { orDash } from "../../lib/format";
import { shortDate } from "../chart/chartFormat";
import { ChartTable } from "../chart/ChartTable";
import { AmountRows, InvoiceTotalsBox } from "./InvoiceTotalsBox";

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

/** An invoice as Rust worked it out: read-only (issued invoices never change). */
export function InvoiceDetails({ invoice }: { invoice: InvoiceView }) {
  const c = invoice.currency;
  return (
    <Paper withBorder p="md" radius="md" data-testid="invoice-details" data-invoice-id={invoice.id}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <Group gap="sm">
            <Title order={3}>{INVOICE_KIND_LABELS[invoice.kind]}</Title>
            <Title order={3} data-testid="invoice-number">
              {invoice.number ?? "Draft"}
            </Title>
            <Badge color={INVOICE_STATUS_COLORS[invoice.status]} data-testid="invoice-status" data-status={invoice.status}>
              {INVOICE_STATUS_LABELS[invoice.status]}
            </Badge>
          </Group>
          <Group gap="xl">
            <Fact label="Issued" value={invoice.issuedOn ? shortDate(invoice.issuedOn) : "—"} testId="invoice-issued-on" />
            <Fact label="Due" value={invoice.dueOn ? shortDate(invoice.dueOn) : `${invoice.dueDays} days after issue`} testId="invoice-due-on" />
          </Group>
        </Group>
        {invoice.status === "void" && (
          <Alert color="red" title="Void" data-testid="invoice-void-reason">
            {orDash(invoice.voidReason)}
          </Alert>
        )}
        <ChartTable columns={["Description", "Qty", "Unit price", "Discount", "Tax", "Total"]} minWidth={640} striped testId="invoice-lines">
          {invoice.lines.map((l, i) => (
            <Table.Tr key={i} data-testid="invoice-line-row">
              <Table.Td>{l.description}</Table.Td>
              <Table.Td>{l.quantity}</Table.Td>
              <Table.Td>{formatMoney(l.unitPriceMinor, c)}</Table.Td>
              <Table.Td>{l.discountBp === 0 ? "—" : formatPercent(l.discountBp)}</Table.Td>
              <Table.Td>{formatPercent(l.taxRateBp)}</Table.Td>
              <Table.Td>{formatMoney(l.totalMinor, c)}</Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
        <Group justify="space-between" align="flex-start">
          <Text size="sm" c="dimmed" maw={420} style={{ whiteSpace: "pre-wrap" }} data-testid="invoice-notes-text">
            {invoice.notes ?? ""}
          </Text>
          <Stack gap="xs" align="flex-end">
            <InvoiceTotalsBox totals={invoice.totals} currency={c} />
            {invoice.kind === "invoice" && (
              <AmountRows
                currency={c}
                rows={[
                  { label: "Paid", minor: invoice.paidMinor, testId: "invoice-paid" },
                  ...(invoice.creditedMinor !== 0 ? [{ label: "Credited", minor: invoice.creditedMinor, testId: "invoice-credited" }] : []),
                  { label: "Balance due", minor: invoice.balanceMinor, testId: "invoice-balance", strong: true },
                ]}
              />
            )}
          </Stack>
        </Group>
        {invoice.payments.length > 0 && (
          <Stack gap="xs">
            <Title order={5}>Payments</Title>
            <ChartTable columns={["Date", "Method", "Reference", "Amount", "Refund reason"]} minWidth={560} testId="invoice-payments">
              {invoice.payments.map((p) => (
                <Table.Tr key={p.id} data-testid="payment-row">
                  <Table.Td>{shortDate(p.receivedOn)}</Table.Td>
                  <Table.Td>{PAYMENT_METHOD_LABELS[p.method]}</Table.Td>
                  <Table.Td>{orDash(p.reference)}</Table.Td>
                  <Table.Td c={p.amountMinor < 0 ? "red" : undefined}>{formatMoney(p.amountMinor, c)}</Table.Td>
                  <Table.Td>{orDash(p.refundReason)}</Table.Td>
                </Table.Tr>
              ))}
            </ChartTable>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
