import { Paper, SimpleGrid, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { saveBillingSettings } from "../../api";
import type { BillingSettings } from "../../bindings/BillingSettings";
import { formErrorsOf } from "../../lib/fieldErrors";
import { blankToNull } from "../chart/chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { FormActions } from "../FormActions";
import { useBillingWrite } from "./useBillingWrite";

interface Draft {
  currency: string;
  taxId: string;
  address: string;
  phone: string;
}
const PLACED = ["currency", "taxId", "address", "phone"] as const;

/** The currency of new invoices and the clinic's details on the letterhead (billing managers). */
export function BillingSettingsForm({ settings, onClose }: { settings: BillingSettings; onClose: () => void }) {
  const { draft, set, reset } = useDraft<Draft>(() => ({
    currency: settings.currency,
    taxId: settings.taxId ?? "",
    address: settings.address ?? "",
    phone: settings.phone ?? "",
  }));
  const save = useBillingWrite(
    (s: BillingSettings) => saveBillingSettings(s),
    (saved) => {
      notifications.show({ color: "green", message: `Billing settings saved (${saved.currency})` });
      reset({ currency: saved.currency, taxId: saved.taxId ?? "", address: saved.address ?? "", phone: saved.phone ?? "" });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "billing-settings");
  return (
    <Paper withBorder p="md" radius="md" data-testid="billing-settings-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ currency: draft.currency.trim().toUpperCase(), taxId: blankToNull(draft.taxId), address: blankToNull(draft.address), phone: blankToNull(draft.phone) });
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={4}>Billing settings</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Currency" description="For new invoices, e.g. EUR" required maxLength={3} {...field("currency")} />
            <TextInput label="Tax id" {...field("taxId")} />
            <TextInput label="Billing phone" {...field("phone")} />
          </SimpleGrid>
          <Textarea label="Address on invoices" autosize minRows={2} {...field("address")} />
          <FormActions error={general} onCancel={onClose} submitLabel="Save settings" submitTestId="billing-settings-save" pending={save.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}
