import { Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { outstandingBalances } from "../../api";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { formatMoney } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";
import { ChartTable } from "../chart/ChartTable";
import { shortDate } from "../chart/chartFormat";
import { ExportCsvButton } from "./ExportCsvButton";

/** What each patient owes, by the age of the invoices from their day of issue. */
export function OutstandingReport() {
  const report = useQuery({ queryKey: queryKeys.outstanding, queryFn: outstandingBalances });
  return (
    <Stack gap="sm" data-testid="report-outstanding">
      <Group justify="space-between">
        <Title order={4}>Outstanding balances</Title>
        <ExportCsvButton report="outstanding" />
      </Group>
      {report.isError && (
        <Text size="sm" c="red">
          {errorSummaryOf(report.error)}
        </Text>
      )}
      {report.data?.length === 0 && (
        <Text size="sm" c="dimmed" data-testid="outstanding-empty">
          Nothing is owed.
        </Text>
      )}
      {report.data && report.data.length > 0 && (
        <ChartTable columns={["Patient", "MRN", "0–30 days", "31–60 days", "61–90 days", "Over 90 days", "Total", "Oldest issued"]} minWidth={860} striped testId="outstanding-table">
          {report.data.map((r) => (
            <Table.Tr key={`${r.patientId}-${r.currency}`} data-testid="outstanding-row">
              <Table.Td>
                <Anchor component={Link} to={`/patients/${r.patientId}/account`} size="sm">
                  {r.patientName}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.mrn}</Table.Td>
              <Table.Td>{formatMoney(r.days0To30Minor, r.currency)}</Table.Td>
              <Table.Td>{formatMoney(r.days31To60Minor, r.currency)}</Table.Td>
              <Table.Td>{formatMoney(r.days61To90Minor, r.currency)}</Table.Td>
              <Table.Td>{formatMoney(r.over90Minor, r.currency)}</Table.Td>
              <Table.Td fw={700}>{formatMoney(r.totalMinor, r.currency)}</Table.Td>
              <Table.Td>{r.oldestIssuedOn ? shortDate(r.oldestIssuedOn) : "—"}</Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
      )}
    </Stack>
  );
}
