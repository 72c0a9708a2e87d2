import { Anchor, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { patientAccount } from "../api";
import { InvoiceEditor } from "../components/billing/InvoiceEditor";
import { NoAccess } from "../components/NoAccess";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** A new invoice for the patient, in the clinic's currency (from the account). */
export function NewInvoicePage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const allowed = can("take_payments");
  const account = useQuery({ queryKey: queryKeys.account(id), queryFn: () => patientAccount(id), enabled: allowed });
  if (!allowed) return <NoAccess what="the invoice editor" />;
  if (account.isPending) return <LoadingState label="Loading the account…" />;
  if (account.isError) return <ErrorState error={account.error} title="Could not load the account" onRetry={() => void account.refetch()} />;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/patients/${id}/account`} size="sm">
        ← Account
      </Anchor>
      <InvoiceEditor patientId={id} currency={account.data.currency} />
    </Stack>
  );
}
