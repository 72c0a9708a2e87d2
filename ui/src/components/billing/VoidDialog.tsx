import { useState } from "react";
import { Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { voidInvoice } from "../../api";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { formErrorsOf } from "../../lib/fieldErrors";
import { FormActions } from "../FormActions";
import { useBillingWrite } from "./useBillingWrite";

/** Voids an issued invoice with nothing paid, with the reason (Rust refuses otherwise). */
export function VoidDialog({ invoice, onClose }: { invoice: InvoiceView; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const doVoid = useBillingWrite(
    (r: string) => voidInvoice(invoice.id, r),
    (view) => {
      notifications.show({ color: "green", message: `Invoice ${view.number ?? ""} voided` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(doVoid.error, ["voidReason"]);
  return (
    <Modal opened onClose={onClose} title={`Void ${invoice.number ?? ""}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          doVoid.mutate(reason.trim());
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">The invoice stays on record, marked void with this reason; its number is not reused.</Text>
          <Textarea
            label="Why is it void?"
            required
            autosize
            minRows={2}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.voidReason}
            errorProps={{ "data-testid": "void-error-voidReason" }}
            data-testid="void-reason"
          />
          <FormActions error={general} onCancel={onClose} submitLabel="Void invoice" submitTestId="void-confirm" pending={doVoid.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
