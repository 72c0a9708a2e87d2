import { Anchor, Group, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { getInvoice, getPatient, patientAccount } from "../api";
import { InvoiceActions } from "../components/billing/InvoiceActions";
import { InvoiceDetails } from "../components/billing/InvoiceDetails";
import { InvoiceEditor } from "../components/billing/InvoiceEditor";
import { NoAccess } from "../components/NoAccess";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { fullName } from "../lib/format";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/**
 * One invoice or credit note. A draft opens in the editor for those who take payments; an
 * issued one is read-only, with its actions (payment, PDF, receipt, void, credit note, refund,
 * claim) by permission.
 */
export function InvoicePage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const allowed = can("view_billing");
  const invoice = useQuery({ queryKey: queryKeys.invoice(id), queryFn: () => getInvoice(id), enabled: allowed });
  const patientId = invoice.data?.patientId ?? "";
  const patient = useQuery({ queryKey: queryKeys.patient(patientId), queryFn: () => getPatient(patientId), enabled: patientId !== "" });
  // The policies, for a claim.
  const account = useQuery({
    queryKey: queryKeys.account(patientId),
    queryFn: () => patientAccount(patientId),
    enabled: patientId !== "" && can("manage_billing"),
  });

  if (!allowed) return <NoAccess what="invoices" />;
  if (invoice.isPending) return <LoadingState label="Loading the invoice…" />;
  if (invoice.isError) return <ErrorState error={invoice.error} title="Could not load the invoice" onRetry={() => void invoice.refetch()} />;

  const inv = invoice.data;
  const editing = inv.status === "draft" && can("take_payments");
  return (
    <Stack gap="md" data-testid="invoice-page">
      <Group>
        <Anchor component={Link} to={`/patients/${inv.patientId}/account`} size="sm" data-testid="invoice-account-link">
          ← {patient.data ? `${fullName(patient.data)} · ${patient.data.mrn}` : "Account"}
        </Anchor>
      </Group>
      {editing ? (
        <InvoiceEditor key={inv.id} patientId={inv.patientId} currency={inv.currency} invoice={inv} />
      ) : (
        <>
          <InvoiceDetails invoice={inv} />
          <InvoiceActions invoice={inv} policies={account.data?.policies ?? []} />
        </>
      )}
    </Stack>
  );
}
