import { Anchor, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { getPatient, patientAccount } from "../api";
import { AccountClaims } from "../components/billing/AccountClaims";
import { InvoicesTable } from "../components/billing/InvoicesTable";
import { NoAccess } from "../components/NoAccess";
import { PoliciesSection } from "../components/billing/PoliciesSection";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { fullName } from "../lib/format";
import { formatMoney } from "../lib/money";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** A patient's billing account: balance due, invoices, insurance policies and claims. */
export function PatientAccountPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const allowed = can("view_billing");
  const patient = useQuery({ queryKey: queryKeys.patient(id), queryFn: () => getPatient(id), enabled: allowed });
  const account = useQuery({ queryKey: queryKeys.account(id), queryFn: () => patientAccount(id), enabled: allowed });

  if (!allowed) return <NoAccess what="billing" />;
  if (account.isPending) return <LoadingState label="Loading the account…" />;
  if (account.isError) return <ErrorState error={account.error} title="Could not load the account" onRetry={() => void account.refetch()} />;

  const a = account.data;
  return (
    <Stack gap="md" data-testid="patient-account">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2}>Account</Title>
            <Anchor component={Link} to={`/patients/${id}`} size="sm" data-testid="account-patient">
              {patient.data ? `${fullName(patient.data)} · ${patient.data.mrn}` : "Patient"}
            </Anchor>
          </Stack>
          <Group gap="lg" align="center">
            <Stack gap={0} align="flex-end">
              <Text size="xs" c="dimmed">
                Balance due
              </Text>
              <Text fw={700} size="xl" c={a.balanceMinor > 0 ? "red" : undefined} data-testid="account-balance">
                {formatMoney(a.balanceMinor, a.currency)}
              </Text>
            </Stack>
            {can("take_payments") && (
              <Button component={Link} to={`/patients/${id}/invoices/new`} data-testid="account-new-invoice">
                New invoice
              </Button>
            )}
          </Group>
        </Group>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={4} mb="sm">
          Invoices
        </Title>
        <InvoicesTable invoices={a.invoices} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <PoliciesSection patientId={id} policies={a.policies} />
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Title order={4} mb="sm">
          Insurance claims
        </Title>
        <AccountClaims claims={a.claims} invoices={a.invoices} policies={a.policies} currency={a.currency} />
      </Paper>
    </Stack>
  );
}
