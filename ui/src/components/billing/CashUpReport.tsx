import { useState } from "react";
import { Group, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { cashUp } from "../../api";
import { PAYMENT_METHOD_LABELS } from "../../lib/billingLabels";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { formatMoney } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";
import { ChartTable } from "../chart/ChartTable";
import { todayDate } from "./billingDates";
import { ExportCsvButton } from "./ExportCsvButton";

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The payments received on a day, by method, with the day's totals (refunds count negative). */
export function CashUpReport() {
  const [date, setDate] = useState(todayDate);
  const valid = DATE_RE.test(date);
  const report = useQuery({ queryKey: queryKeys.cashUp(date), queryFn: () => cashUp(date), enabled: valid });
  return (
    <Stack gap="sm" data-testid="report-cash-up">
      <Group justify="space-between" align="flex-end">
        <Title order={4}>Cash-up</Title>
        <Group align="flex-end">
          <TextInput label="Day" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="cashup-date" />
          <ExportCsvButton report="cash_up" date={valid ? date : null} />
        </Group>
      </Group>
      {report.isError && (
        <Text size="sm" c="red">
          {errorSummaryOf(report.error)}
        </Text>
      )}
      {report.data && report.data.rows.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="cashup-empty">
          No payments on this day.
        </Text>
      )}
      {report.data && report.data.rows.length > 0 && (
        <ChartTable columns={["Method", "Payments", "Amount"]} minWidth={420} striped testId="cashup-table">
          {report.data.rows.map((r) => (
            <Table.Tr key={`${r.currency}-${r.method}`} data-testid="cashup-row">
              <Table.Td>{PAYMENT_METHOD_LABELS[r.method]}</Table.Td>
              <Table.Td>{r.count}</Table.Td>
              <Table.Td>{formatMoney(r.amountMinor, r.currency)}</Table.Td>
            </Table.Tr>
          ))}
          {report.data.totals.map((t) => (
            <Table.Tr key={`total-${t.currency}`} data-testid="cashup-total" fw={700}>
              <Table.Td>Total</Table.Td>
              <Table.Td />
              <Table.Td>{formatMoney(t.amountMinor, t.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
      )}
    </Stack>
  );
}
