import { Alert, Button, Group, NumberInput, Paper, SimpleGrid, Stack, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { recordVitals } from "../../api";
import type { VitalsInput } from "../../bindings/VitalsInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { toUnits } from "./chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { useChartWrite } from "./useChartWrite";

interface Measure {
  /** The VitalsInput field, also the key of Rust's field error. */
  key: keyof VitalsInput;
  label: string;
  unit: string;
  /** People type this unit; VitalsInput takes value × factor as an integer. */
  factor: number;
  decimals: number;
  testId: string;
}

export const VITALS_MEASURES: readonly Measure[] = [
  { key: "systolicMmhg", label: "BP systolic", unit: "mmHg", factor: 1, decimals: 0, testId: "vitals-systolic" },
  { key: "diastolicMmhg", label: "BP diastolic", unit: "mmHg", factor: 1, decimals: 0, testId: "vitals-diastolic" },
  { key: "pulsePerMin", label: "Pulse", unit: "/min", factor: 1, decimals: 0, testId: "vitals-pulse" },
  { key: "temperatureTenthsC", label: "Temperature", unit: "°C", factor: 10, decimals: 1, testId: "vitals-temperature" },
  { key: "respiratoryRatePerMin", label: "Resp. rate", unit: "/min", factor: 1, decimals: 0, testId: "vitals-resp-rate" },
  { key: "spo2Percent", label: "SpO₂", unit: "%", factor: 1, decimals: 0, testId: "vitals-spo2" },
  { key: "heightMm", label: "Height", unit: "cm", factor: 10, decimals: 1, testId: "vitals-height" },
  { key: "weightG", label: "Weight", unit: "kg", factor: 1000, decimals: 3, testId: "vitals-weight" },
];

type Draft = Record<keyof VitalsInput, number | string>;
const EMPTY: Draft = {
  systolicMmhg: "",
  diastolicMmhg: "",
  pulsePerMin: "",
  temperatureTenthsC: "",
  respiratoryRatePerMin: "",
  spo2Percent: "",
  heightMm: "",
  weightG: "",
};
const PLACED = VITALS_MEASURES.map((m) => m.key);

/** People's units (°C, cm, kg with decimals) to VitalsInput's integers (tenths, mm, g). */
export function toVitalsInput(draft: Draft): VitalsInput {
  const out = {} as VitalsInput;
  for (const m of VITALS_MEASURES) out[m.key] = toUnits(draft[m.key], m.factor);
  return out;
}

/** Quick entry of one set of vital signs; Enter saves. Every measurement is optional. */
export function VitalsForm({ patientId }: { patientId: string }) {
  const { draft, set, reset } = useDraft<Draft>(EMPTY);
  const save = useChartWrite(patientId, (input: VitalsInput) => recordVitals(patientId, input), (saved) => {
    reset(EMPTY);
    const bmi = saved.bmiTenths === null ? "" : ` (BMI ${(saved.bmiTenths / 10).toFixed(1)})`;
    notifications.show({ color: "green", message: `Vitals recorded${bmi}` });
  });
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "vitals");
  const empty = VITALS_MEASURES.every((m) => String(draft[m.key]).trim() === "");

  return (
    <Paper withBorder p="md" radius="md" data-testid="vitals-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!empty) save.mutate(toVitalsInput(draft));
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={4}>Record vitals</Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {VITALS_MEASURES.map((m) => (
              <NumberInput
                key={m.key}
                label={`${m.label} (${m.unit})`}
                decimalScale={m.decimals}
                allowDecimal={m.decimals > 0}
                allowNegative={false}
                hideControls
                inputMode={m.decimals > 0 ? "decimal" : "numeric"}
                {...field.number(m.key, m.testId)}
              />
            ))}
          </SimpleGrid>
          {general && (
            <Alert color="red" data-testid="vitals-error">
              {general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" disabled={empty} loading={save.isPending} data-testid="vitals-save">
              Save vitals
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
