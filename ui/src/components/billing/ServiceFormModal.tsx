import { useState } from "react";
import { Checkbox, Modal, NativeSelect, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery } from "@tanstack/react-query";
import { listAppointmentTypes, saveService } from "../../api";
import type { Service } from "../../bindings/Service";
import type { ServiceInput } from "../../bindings/ServiceInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { amountInputText, parseMoney, parsePercentBp, percentText } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";
import { useSession } from "../../lib/session";
import { FormActions } from "../FormActions";
import { MoneyInput } from "./MoneyInput";
import { useBillingWrite } from "./useBillingWrite";

const PLACED = ["code", "name", "priceMinor", "taxRateBp", "active", "appointmentTypeId"] as const;
const errorProps = (field: string) => ({ "data-testid": `service-error-${field}` });

/**
 * Adds a service to the fee schedule, or changes one (`service`). A service linked to an
 * appointment type is pre-filled on invoices made from such an appointment.
 */
export function ServiceFormModal({ service, currency, onClose }: { service: Service | null; currency: string; onClose: () => void }) {
  const { can } = useSession();
  const types = useQuery({ queryKey: queryKeys.appointmentTypes, queryFn: listAppointmentTypes, enabled: can("view_schedule") });
  const [typeId, setTypeId] = useState(service?.appointmentTypeId ?? "");
  const [code, setCode] = useState(service?.code ?? "");
  const [name, setName] = useState(service?.name ?? "");
  const [price, setPrice] = useState(service ? amountInputText(service.priceMinor, currency) : "");
  const [tax, setTax] = useState(service ? percentText(service.taxRateBp) : "0");
  const [active, setActive] = useState(service?.active ?? true);
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useBillingWrite(
    (input: ServiceInput) => saveService(service?.id ?? null, input),
    (s) => {
      notifications.show({ color: "green", message: `${s.code} saved` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const errors = { ...fields, ...local };

  function submit() {
    const priceMinor = parseMoney(price, currency);
    const taxRateBp = tax.trim() === "" ? 0 : parsePercentBp(tax);
    const problems: Record<string, string> = {};
    if (priceMinor === null) problems.priceMinor = price.trim() === "" ? "Enter the price" : "Enter an amount like 45 or 45.50";
    if (taxRateBp === null) problems.taxRateBp = "Enter a percentage from 0 to 100, like 20 or 7.7";
    setLocal(problems);
    if (priceMinor === null || taxRateBp === null) {
      save.reset();
      return;
    }
    save.mutate({ code: code.trim(), name: name.trim(), priceMinor, taxRateBp, active, appointmentTypeId: typeId === "" ? null : typeId });
  }

  return (
    <Modal opened onClose={onClose} title={service ? `Change ${service.code}` : "New service"} centered size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Code" description="e.g. CONS-15" required data-autofocus value={code} onChange={(e) => setCode(e.currentTarget.value)} error={errors.code} errorProps={errorProps("code")} data-testid="service-code" />
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} errorProps={errorProps("name")} data-testid="service-name" />
            <MoneyInput label="Price" currency={currency} required value={price} onChange={setPrice} error={errors.priceMinor} errorProps={errorProps("priceMinor")} data-testid="service-price" />
            <TextInput label="Tax %" inputMode="decimal" value={tax} onChange={(e) => setTax(e.currentTarget.value)} error={errors.taxRateBp} errorProps={errorProps("taxRateBp")} data-testid="service-tax" />
          </SimpleGrid>
          <NativeSelect
            label="Pre-fill on invoices for appointments of type"
            data={[{ value: "", label: "None" }, ...(types.data ?? []).map((t) => ({ value: t.id, label: t.name }))]}
            value={typeId}
            onChange={(e) => setTypeId(e.currentTarget.value)}
            error={errors.appointmentTypeId}
            errorProps={errorProps("appointmentTypeId")}
            data-testid="service-appointment-type"
          />
          <Checkbox label="Active (offered on new invoices)" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} data-testid="service-active" />
          <FormActions error={general} onCancel={onClose} submitLabel="Save" submitTestId="service-save" pending={save.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
