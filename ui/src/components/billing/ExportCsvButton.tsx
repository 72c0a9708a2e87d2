import { Alert, Button, Code, Group, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { exportBillingCsv } from "../../api";
import type { BillingReport } from "../../bindings/BillingReport";
import { errorSummaryOf } from "../../lib/fieldErrors";

/** "Export CSV" for one report; shows where the file was written. */
export function ExportCsvButton({ report, date = null }: { report: BillingReport; date?: string | null }) {
  const csv = useMutation({ mutationFn: () => exportBillingCsv(report, date) });
  return (
    <Group gap="sm">
      <Button size="xs" variant="light" loading={csv.isPending} onClick={() => csv.mutate()} data-testid={`export-${report}`}>
        Export CSV
      </Button>
      {csv.isSuccess && (
        <Text size="sm">
          {csv.data.rows} rows saved to <Code data-testid={`export-${report}-path`}>{csv.data.path}</Code>
        </Text>
      )}
      {csv.isError && (
        <Alert color="red" p="xs" data-testid={`export-${report}-error`}>
          {errorSummaryOf(csv.error)}
        </Alert>
      )}
    </Group>
  );
}
