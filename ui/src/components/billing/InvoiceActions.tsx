import { useState } from "react";
import { Alert, Button, Code, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { saveInvoicePdf } from "../../api";
import type { InsurancePolicy } from "../../bindings/InsurancePolicy";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { ClaimDialog } from "./ClaimDialog";
import { CreditNoteDialog } from "./CreditNoteDialog";
import { PaymentDialog } from "./PaymentDialog";
import { RefundDialog } from "./RefundDialog";
import { VoidDialog } from "./VoidDialog";

type Dialog = "payment" | "refund" | "void" | "credit" | "claim";

/** What can be done with an invoice, by status and permission (Rust checks both again). */
export function availableActions(invoice: InvoiceView, can: (a: "take_payments" | "manage_billing") => boolean) {
  const issued = invoice.status !== "draft" && invoice.status !== "void";
  const isInvoice = invoice.kind === "invoice";
  return {
    payment: can("take_payments") && isInvoice && issued && invoice.balanceMinor > 0,
    pdf: invoice.status !== "draft",
    receipt: invoice.payments.length > 0,
    void: can("manage_billing") && isInvoice && invoice.status === "issued" && invoice.creditedMinor === 0,
    credit: can("manage_billing") && isInvoice && issued && invoice.creditedMinor < invoice.totals.totalMinor,
    refund: can("manage_billing") && isInvoice && invoice.paidMinor > 0,
    claim: can("manage_billing") && isInvoice && issued,
  };
}

/** The buttons under an issued invoice and their dialogs; Save PDF shows where the file went. */
export function InvoiceActions({ invoice, policies }: { invoice: InvoiceView; policies: InsurancePolicy[] }) {
  const { can } = useSession();
  const [open, setOpen] = useState<Dialog | null>(null);
  const [savedPath, setSavedPath] = useState<string | null>(null);
  const show = availableActions(invoice, can);
  const pdf = useMutation({
    mutationFn: (receipt: boolean) => saveInvoicePdf(invoice.id, receipt),
    onSuccess: (doc, receipt) => {
      setSavedPath(doc.path);
      notifications.show({ color: "green", title: receipt ? "Receipt saved" : "Invoice saved", message: doc.path });
    },
  });
  const close = () => setOpen(null);

  return (
    <Stack gap="xs">
      <Group gap="sm">
        {show.payment && (
          <Button onClick={() => setOpen("payment")} data-testid="payment-open">
            Take payment
          </Button>
        )}
        {show.pdf && (
          <Button variant="light" loading={pdf.isPending && !pdf.variables} onClick={() => pdf.mutate(false)} data-testid="invoice-save-pdf">
            Save PDF
          </Button>
        )}
        {show.receipt && (
          <Button variant="light" loading={pdf.isPending && pdf.variables} onClick={() => pdf.mutate(true)} data-testid="invoice-save-receipt">
            Save receipt
          </Button>
        )}
        {show.claim && (
          <Button variant="default" onClick={() => setOpen("claim")} data-testid="invoice-claim">
            Claim
          </Button>
        )}
        {show.credit && (
          <Button variant="default" onClick={() => setOpen("credit")} data-testid="invoice-credit-note">
            Credit note
          </Button>
        )}
        {show.refund && (
          <Button variant="default" onClick={() => setOpen("refund")} data-testid="invoice-refund">
            Refund
          </Button>
        )}
        {show.void && (
          <Button variant="outline" color="red" onClick={() => setOpen("void")} data-testid="invoice-void">
            Void
          </Button>
        )}
      </Group>
      {pdf.isError && (
        <Alert color="red" data-testid="invoice-pdf-error">
          {errorSummaryOf(pdf.error)}
        </Alert>
      )}
      {savedPath && (
        <Text size="sm">
          Saved to <Code data-testid="pdf-saved-path">{savedPath}</Code>
        </Text>
      )}
      {open === "payment" && <PaymentDialog invoice={invoice} onClose={close} />}
      {open === "refund" && <RefundDialog invoice={invoice} onClose={close} />}
      {open === "void" && <VoidDialog invoice={invoice} onClose={close} />}
      {open === "credit" && <CreditNoteDialog invoice={invoice} onClose={close} />}
      {open === "claim" && <ClaimDialog invoice={invoice} policies={policies} onClose={close} />}
    </Stack>
  );
}
