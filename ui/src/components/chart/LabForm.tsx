import { Paper, SimpleGrid, Stack, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { recordLabResult } from "../../api";
import type { LabResultInput } from "../../bindings/LabResultInput";
import { LAB_FLAG_LABELS } from "../../lib/chartLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { FormActions } from "../FormActions";
import { blankToNull } from "./chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { useChartWrite } from "./useChartWrite";

type Draft = Record<keyof LabResultInput, string>;
const EMPTY: Draft = {
  test: "",
  value: "",
  unit: "",
  referenceLow: "",
  referenceHigh: "",
  criticalLow: "",
  criticalHigh: "",
  collectedOn: "",
};

const FIELDS: { key: keyof LabResultInput; label: string; description?: string; type?: string }[] = [
  { key: "test", label: "Test", description: "e.g. Potassium" },
  { key: "value", label: "Value", description: "A number (5.4) or a result in words" },
  { key: "unit", label: "Unit", description: "e.g. mmol/L" },
  { key: "collectedOn", label: "Collected on", type: "date" },
  { key: "referenceLow", label: "Reference low" },
  { key: "referenceHigh", label: "Reference high" },
  { key: "criticalLow", label: "Critical low" },
  { key: "criticalHigh", label: "Critical high" },
];
const PLACED = FIELDS.map((f) => f.key);

/** Enters one lab result; Rust flags it against the ranges and raises an alert when urgent. */
export function LabForm({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const { draft, set } = useDraft<Draft>(EMPTY);
  const save = useChartWrite(patientId, (input: LabResultInput) => recordLabResult(patientId, input), (saved) => {
    const urgent = saved.flag !== "normal" && saved.flag !== "not_applicable";
    notifications.show({
      color: urgent ? "red" : "green",
      message: `${saved.test} recorded: ${LAB_FLAG_LABELS[saved.flag]}${urgent ? " (a doctor is alerted)" : ""}`,
    });
    onClose();
  });
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "lab");

  return (
    <Paper withBorder p="md" radius="md" data-testid="lab-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            test: draft.test.trim(),
            value: draft.value.trim(),
            unit: blankToNull(draft.unit),
            referenceLow: blankToNull(draft.referenceLow),
            referenceHigh: blankToNull(draft.referenceHigh),
            criticalLow: blankToNull(draft.criticalLow),
            criticalHigh: blankToNull(draft.criticalHigh),
            collectedOn: blankToNull(draft.collectedOn),
          });
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={4}>New lab result</Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {FIELDS.map((f, i) => (
              <TextInput
                key={f.key}
                label={f.label}
                description={f.description}
                type={f.type}
                required={f.key === "test" || f.key === "value"}
                autoFocus={i === 0}
                {...field(f.key)}
              />
            ))}
          </SimpleGrid>
          <FormActions error={general} onCancel={onClose} submitLabel="Save result" submitTestId="lab-save" pending={save.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}
