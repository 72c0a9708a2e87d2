import { Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { claimsReport } from "../../api";
import { CLAIM_STATUS_LABELS } from "../../lib/billingLabels";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { formatMoney } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";
import { ChartTable } from "../chart/ChartTable";
import { ExportCsvButton } from "./ExportCsvButton";
import { useBillingCurrency } from "./useBillingCurrency";


/** The claims in each status, with what was claimed, approved and paid. */
export function ClaimsReport() {
  const currency = useBillingCurrency();
  const report = useQuery({ queryKey: queryKeys.claimsReport, queryFn: claimsReport });
  return (
    <Stack gap="sm" data-testid="report-claims">
      <Group justify="space-between">
        <Title order={4}>Claims by status</Title>
        <ExportCsvButton report="claims" />
      </Group>
      {report.isError && (
        <Text size="sm" c="red">
          {errorSummaryOf(report.error)}
        </Text>
      )}
      {report.data?.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="claims-report-empty">
          No claims.
        </Text>
      )}
      {report.data && report.data.length > 0 && (
        <ChartTable columns={["Status", "Claims", "Claimed", "Approved", "Paid"]} minWidth={560} striped testId="claims-report-table">
          {report.data.map((r) => (
            <Table.Tr key={r.status} data-testid="claims-report-row" data-status={r.status}>
              <Table.Td>{CLAIM_STATUS_LABELS[r.status]}</Table.Td>
              <Table.Td>{r.count}</Table.Td>
              <Table.Td>{formatMoney(r.claimedMinor, currency)}</Table.Td>
              <Table.Td>{formatMoney(r.approvedMinor, currency)}</Table.Td>
              <Table.Td>{formatMoney(r.paidMinor, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
      )}
    </Stack>
  );
}
