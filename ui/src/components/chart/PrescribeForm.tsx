import { useEffect, useRef, useState } from "react";
import {
  Alert,
  Button,
  Group,
  List,
  NativeSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { checkPrescription, prescribe } from "../../api";
import type { AllergyConflict } from "../../bindings/AllergyConflict";
import type { PrescriptionInput } from "../../bindings/PrescriptionInput";
import type { Route } from "../../bindings/Route";
import { optionsOf, ROUTE_LABELS } from "../../lib/chartLabels";
import { bindFields, errorTestId, useDraft } from "../../lib/fieldBinding";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { blankToNull, toWhole } from "./chartFormat";
import { useChartWrite } from "./useChartWrite";

const CHECK_DEBOUNCE_MS = 400;
const PLACED = [
  "medication",
  "strength",
  "dose",
  "route",
  "frequency",
  "durationDays",
  "quantity",
  "refills",
  "instructions",
  "overrideReason",
] as const;

interface Draft {
  medication: string;
  strength: string;
  dose: string;
  route: Route;
  frequency: string;
  durationDays: number | string;
  quantity: number | string;
  refills: number | string;
  instructions: string;
}
const EMPTY: Draft = {
  medication: "",
  strength: "",
  dose: "",
  route: "oral",
  frequency: "",
  durationDays: "",
  quantity: "",
  refills: 0,
  instructions: "",
};

interface Vars {
  input: PrescriptionInput;
  overrideReason: string | null;
}

/**
 * Writes a prescription. The medication is checked against the patient's allergies as it is
 * typed (and again before saving); a match shows the warnings and asks for a reason, and only
 * then is it prescribed ("Prescribe anyway"). Rust checks again and refuses without a reason.
 */
export function PrescribeForm({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const client = useQueryClient();
  const { draft, set } = useDraft<Draft>(EMPTY);
  const [reason, setReason] = useState("");
  const [reasonMissing, setReasonMissing] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  // The medication last checked: follows the field after a pause, or at once on saving.
  const [checked, setChecked] = useState("");
  const medication = draft.medication.trim();
  useEffect(() => {
    const t = setTimeout(() => setChecked(medication), CHECK_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [medication]);
  const checkOptions = (med: string) => ({
    queryKey: queryKeys.prescriptionCheck(patientId, med),
    queryFn: () => checkPrescription(patientId, med),
    staleTime: 30_000,
  });
  const check = useQuery({ ...checkOptions(checked), enabled: checked !== "" });
  const conflicts: AllergyConflict[] = checked !== "" && checked === medication ? (check.data ?? []) : [];

  const save = useChartWrite(
    patientId,
    ({ input, overrideReason }: Vars) => prescribe(patientId, input, overrideReason, null),
    (saved) => {
      notifications.show({ color: "green", message: `Prescribed: ${saved.medication}` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "rx");
  const warned = conflicts.length > 0 || fields.overrideReason !== undefined;

  useEffect(() => {
    if (reasonMissing) reasonRef.current?.focus();
  }, [reasonMissing]);

  async function submit() {
    setReasonMissing(false);
    let found = conflicts;
    if (medication !== "") {
      setChecked(medication);
      try {
        found = await client.fetchQuery(checkOptions(medication));
      } catch {
        // The check could not run: prescribe decides (it checks again and refuses without a reason).
      }
    }
    const mustExplain = found.length > 0 || fields.overrideReason !== undefined;
    if (mustExplain && reason.trim() === "") {
      setReasonMissing(true);
      return;
    }
    save.mutate({
      input: {
        medication,
        strength: blankToNull(draft.strength),
        dose: draft.dose.trim(),
        route: draft.route,
        frequency: draft.frequency.trim(),
        durationDays: toWhole(draft.durationDays),
        quantity: toWhole(draft.quantity),
        refills: toWhole(draft.refills) ?? 0,
        instructions: blankToNull(draft.instructions),
      },
      overrideReason: mustExplain ? reason.trim() : null,
    });
  }

  // Rust's overrideReason error is the warning itself: in the alert when the check found nothing.
  const reasonError = reasonMissing
    ? "Give a reason to prescribe despite the allergy warning"
    : conflicts.length > 0
      ? fields.overrideReason
      : undefined;
  return (
    <Paper withBorder p="md" radius="md" data-testid="prescribe-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={4}>Prescribe</Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Medication" required autoFocus {...field("medication")} />
            <TextInput label="Strength" description="e.g. 500 mg" {...field("strength")} />
            <TextInput label="Dose" description="e.g. 1 capsule" required {...field("dose")} />
            <NativeSelect label="Route" data={optionsOf(ROUTE_LABELS)} {...field.select("route")} />
            <TextInput label="Frequency" description="e.g. three times a day" required {...field("frequency")} />
            <NumberInput
              label="Duration (days)"
              min={1}
              max={365}
              allowDecimal={false}
              allowNegative={false}
              hideControls
              {...field.number("durationDays", "rx-duration")}
            />
            <NumberInput label="Quantity" min={1} max={10000} allowDecimal={false} allowNegative={false} hideControls {...field.number("quantity")} />
            <NumberInput label="Refills" min={0} max={12} allowDecimal={false} allowNegative={false} {...field.number("refills")} />
          </SimpleGrid>
          <Textarea label="Instructions for the patient" autosize minRows={2} {...field("instructions")} />
          {warned && (
            <Alert color="red" variant="light" title="Allergy warning" data-testid="allergy-warning" role="alert">
              <List size="sm">
                {conflicts.length > 0
                  ? conflicts.map((c) => (
                      <List.Item key={`${c.allergyId}-${c.kind}`} data-testid="allergy-conflict">
                        {c.message}
                      </List.Item>
                    ))
                  : <List.Item data-testid="allergy-conflict">{fields.overrideReason}</List.Item>}
              </List>
            </Alert>
          )}
          {warned && (
            <Textarea
              ref={reasonRef}
              label="Reason to prescribe anyway"
              description="Required; recorded with the prescription"
              required
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonMissing(false);
              }}
              error={reasonError}
              errorProps={errorTestId("rx", "overrideReason")}
              data-testid="override-reason"
            />
          )}
          {general && (
            <Alert color="red" data-testid="rx-error">
              {general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="rx-cancel">
              Cancel
            </Button>
            <Button type="submit" color={warned ? "red" : undefined} loading={save.isPending} data-testid="rx-save">
              {warned ? "Prescribe anyway" : "Prescribe"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
