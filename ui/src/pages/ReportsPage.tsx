import { Paper, Stack, Title } from "@mantine/core";
import { CashUpReport } from "../components/billing/CashUpReport";
import { ClaimsReport } from "../components/billing/ClaimsReport";
import { NoAccess } from "../components/NoAccess";
import { OutstandingReport } from "../components/billing/OutstandingReport";
import { useSession } from "../lib/session";

/** The managers' billing reports, each with its CSV export. */
export function ReportsPage() {
  const { can } = useSession();
  if (!can("view_billing_reports")) return <NoAccess what="the billing reports" />;
  return (
    <Stack gap="md" data-testid="reports-page">
      <Title order={2}>Billing reports</Title>
      <Paper withBorder p="md" radius="md">
        <CashUpReport />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <OutstandingReport />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <ClaimsReport />
      </Paper>
    </Stack>
  );
}
