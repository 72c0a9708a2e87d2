import { useMemo, useState } from "react";
import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { appointmentInvoiceLines, createInvoice, issueInvoice, listServices, updateInvoiceDraft } from "../../api";
import type { Appointment } from "../../bindings/Appointment";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { errorSummaryOf, formErrorsOf } from "../../lib/fieldErrors";
import { invoiceTotals } from "../../lib/invoiceMath";
import { queryKeys } from "../../lib/queryKeys";
import { AppointmentPicker } from "./AppointmentPicker";
import { InvoiceLineRows } from "./InvoiceLineRows";
import { InvoiceTotalsBox } from "./InvoiceTotalsBox";
import { BLANK_LINE, editorFieldKeys, isBlankLine, lineFromInput, previewLine, toDraftInput, type EditorDraft } from "./lineDraft";
import { useBillingWrite } from "./useBillingWrite";

export interface InvoiceEditorProps {
  patientId: string;
  currency: string;
  /** The saved draft; none for a new invoice. */
  invoice?: InvoiceView;
}

const DEFAULT_DUE_DAYS = "14";

function initialDraft(invoice: InvoiceView | undefined, currency: string): EditorDraft {
  if (!invoice) return { lines: [{ ...BLANK_LINE }], notes: "", dueDays: DEFAULT_DUE_DAYS };
  return { lines: invoice.lines.map((l) => lineFromInput(l, currency)), notes: invoice.notes ?? "", dueDays: String(invoice.dueDays) };
}

/**
 * A draft invoice: lines with live totals (a preview by the same rule as Rust), notes and due
 * days; Save draft, or Issue (which saves first). A new invoice may start from a completed
 * appointment. Nothing typed is cleared on an error.
 */
export function InvoiceEditor({ patientId, currency, invoice }: InvoiceEditorProps) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const [draft, setDraft] = useState<EditorDraft>(() => initialDraft(invoice, currency));
  const [appointmentId, setAppointmentId] = useState<string | null>(invoice?.appointmentId ?? null);
  // Once a new invoice is created, saving again updates it (a failed Issue must not create two).
  const [savedId, setSavedId] = useState<string | null>(invoice?.id ?? null);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [prefillError, setPrefillError] = useState<string | null>(null);
  const services = useQuery({ queryKey: queryKeys.services, queryFn: listServices });

  const save = useBillingWrite(
    async ({ issue }: { issue: boolean }) => {
      const { draft: input } = toDraftInput(draft, currency);
      let view = savedId ? await updateInvoiceDraft(savedId, input) : await createInvoice(patientId, appointmentId, input);
      setSavedId(view.id);
      if (issue) view = await issueInvoice(view.id);
      return view;
    },
    (view, { issue }) => {
      notifications.show({ color: "green", message: issue ? `Invoice ${view.number ?? ""} issued` : "Draft saved" });
      client.setQueryData(queryKeys.invoice(view.id), view);
      if (!invoice) navigate(`/invoices/${view.id}`, { replace: true });
    },
  );

  const { fields, general } = formErrorsOf(save.error, editorFieldKeys(draft.lines.length));
  const errors = { ...fields, ...localErrors };
  const totals = useMemo(() => invoiceTotals(draft.lines.map((l) => previewLine(l, currency))), [draft.lines, currency]);

  function submit(issue: boolean) {
    const { errors: unreadable } = toDraftInput(draft, currency);
    setLocalErrors(unreadable);
    if (Object.keys(unreadable).length > 0) {
      save.reset();
      return;
    }
    save.mutate({ issue });
  }

  async function fromAppointment(a: Appointment | null) {
    setAppointmentId(a?.id ?? null);
    setPrefillError(null);
    if (!a) return;
    try {
      const lines = await client.fetchQuery({ queryKey: queryKeys.appointmentLines(a.id), queryFn: () => appointmentInvoiceLines(a.id) });
      if (lines.length === 0) {
        setPrefillError("No fee-schedule services are linked to this appointment's type: add the lines by hand.");
        return;
      }
      setDraft((d) => {
        const kept = d.lines.filter((l) => !isBlankLine(l));
        return { ...d, lines: [...kept, ...lines.map((l) => lineFromInput(l, currency))] };
      });
    } catch (e) {
      setPrefillError(errorSummaryOf(e));
    }
  }

  const set = (patch: Partial<EditorDraft>) => setDraft((d) => ({ ...d, ...patch }));
  return (
    <Paper withBorder p="md" radius="md" data-testid="invoice-editor">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit(false);
        }}
        noValidate
      >
        <Stack gap="md">
          <Group justify="space-between">
            <Title order={3}>{invoice ? "Draft invoice" : "New invoice"}</Title>
            <Text size="sm" c="dimmed" data-testid="invoice-number">
              Draft
            </Text>
          </Group>
          {!invoice && <AppointmentPicker patientId={patientId} value={appointmentId} onChange={(a) => void fromAppointment(a)} disabled={savedId !== null} />}
          {prefillError && (
            <Alert color="yellow" data-testid="invoice-prefill-note">
              {prefillError}
            </Alert>
          )}
          <InvoiceLineRows
            lines={draft.lines}
            onChange={(lines) => set({ lines })}
            currency={currency}
            services={services.data ?? []}
            errors={errors}
            form="invoice"
            onRemove={() => {
              save.reset();
              setLocalErrors({});
            }}
          />
          <Group justify="space-between" align="flex-start">
            <Stack gap="xs" w={{ base: "100%", sm: 420 }}>
              <Textarea
                label="Notes (printed on the invoice)"
                autosize
                minRows={2}
                value={draft.notes}
                onChange={(e) => set({ notes: e.currentTarget.value })}
                error={errors.notes}
                errorProps={{ "data-testid": "invoice-error-notes" }}
                data-testid="invoice-notes"
              />
              <TextInput
                label="Due in (days after issue)"
                inputMode="numeric"
                w={200}
                value={draft.dueDays}
                onChange={(e) => set({ dueDays: e.currentTarget.value })}
                error={errors.dueDays}
                errorProps={{ "data-testid": "invoice-error-dueDays" }}
                data-testid="invoice-due-days"
              />
            </Stack>
            <Stack gap={4} align="flex-end">
              <InvoiceTotalsBox totals={totals} currency={currency} />
              <Text size="xs" c="dimmed">
                A preview: saving works the totals out again.
              </Text>
            </Stack>
          </Group>
          {general && (
            <Alert color="red" data-testid="invoice-error" role="alert">
              {general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" variant="default" loading={save.isPending && !save.variables?.issue} data-testid="invoice-save-draft">
              Save draft
            </Button>
            <Button onClick={() => submit(true)} loading={save.isPending && save.variables?.issue} data-testid="invoice-issue">
              Issue
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
