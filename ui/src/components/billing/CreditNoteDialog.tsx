import { useState } from "react";
import { Alert, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { issueCreditNote, listServices } from "../../api";
import type { InvoiceDraftInput } from "../../bindings/InvoiceDraftInput";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { formErrorsOf } from "../../lib/fieldErrors";
import { invoiceTotals } from "../../lib/invoiceMath";
import { formatMoney } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";
import { FormActions } from "../FormActions";
import { InvoiceLineRows } from "./InvoiceLineRows";
import { InvoiceTotalsBox } from "./InvoiceTotalsBox";
import { editorFieldKeys, lineFromInput, previewLine, toDraftInput, type EditorDraft } from "./lineDraft";
import { useBillingWrite } from "./useBillingWrite";

/**
 * Issues a credit note against an issued invoice: its lines start as the invoice's (a full
 * credit) and can be cut down; written as positive amounts, at most what is left to credit.
 */
export function CreditNoteDialog({ invoice, onClose }: { invoice: InvoiceView; onClose: () => void }) {
  const c = invoice.currency;
  const navigate = useNavigate();
  const services = useQuery({ queryKey: queryKeys.services, queryFn: listServices });
  const [draft, setDraft] = useState<EditorDraft>(() => ({ lines: invoice.lines.map((l) => lineFromInput(l, c)), notes: "", dueDays: "0" }));
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const credit = useBillingWrite(
    (input: InvoiceDraftInput) => issueCreditNote(invoice.id, input),
    (note) => {
      notifications.show({ color: "green", message: `Credit note ${note.number ?? ""} issued` });
      onClose();
      navigate(`/invoices/${note.id}`);
    },
  );
  const { fields, general } = formErrorsOf(credit.error, editorFieldKeys(draft.lines.length));
  const errors = { ...fields, ...localErrors };
  const totals = invoiceTotals(draft.lines.map((l) => previewLine(l, c)));
  const left = invoice.totals.totalMinor - invoice.creditedMinor;

  function submit() {
    const { draft: input, errors: unreadable } = toDraftInput(draft, c);
    setLocalErrors(unreadable);
    if (Object.keys(unreadable).length > 0) {
      credit.reset();
      return;
    }
    credit.mutate(input);
  }

  return (
    <Modal opened onClose={onClose} title={`Credit note for ${invoice.number ?? ""}`} size="80rem" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">Left to credit on this invoice: {formatMoney(left, c)}</Text>
          <InvoiceLineRows lines={draft.lines} onChange={(lines) => setDraft((d) => ({ ...d, lines }))} currency={c} services={services.data ?? []} errors={errors} form="credit" onRemove={() => credit.reset()} />
          <Group justify="space-between" align="flex-start">
            <Textarea label="Why (printed on the credit note)" autosize minRows={2} w={420} value={draft.notes} onChange={(e) => setDraft((d) => ({ ...d, notes: e.currentTarget.value }))} error={errors.notes} data-testid="credit-notes" />
            <InvoiceTotalsBox totals={totals} currency={c} prefix="credit" />
          </Group>
          {totals.totalMinor > left && (
            <Alert color="yellow" data-testid="credit-too-much">
              This is more than is left to credit; it will be refused.
            </Alert>
          )}
          <FormActions error={general} onCancel={onClose} submitLabel="Issue credit note" submitTestId="credit-save" pending={credit.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
