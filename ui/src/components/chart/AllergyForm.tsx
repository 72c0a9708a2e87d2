import { NativeSelect, Paper, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { changeAllergy, recordAllergy } from "../../api";
import type { Allergy } from "../../bindings/Allergy";
import type { AllergyInput } from "../../bindings/AllergyInput";
import type { AllergySeverity } from "../../bindings/AllergySeverity";
import type { AllergyStatus } from "../../bindings/AllergyStatus";
import { ALLERGY_SEVERITY_LABELS, ALLERGY_STATUS_LABELS, optionsOf } from "../../lib/chartLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { FormActions } from "../FormActions";
import { blankToNull } from "./chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { useChartWrite } from "./useChartWrite";

const PLACED = ["substance", "reaction", "severity", "status", "notedOn"] as const;

export interface AllergyFormProps {
  patientId: string;
  /** The allergy to correct, or null for a new one. */
  allergy: Allergy | null;
  onClose: () => void;
}

interface Draft {
  substance: string;
  reaction: string;
  severity: AllergySeverity;
  status: AllergyStatus;
  notedOn: string;
}

function initial(a: Allergy | null): Draft {
  return a
    ? { substance: a.substance, reaction: a.reaction ?? "", severity: a.severity, status: a.status, notedOn: a.notedOn ?? "" }
    : { substance: "", reaction: "", severity: "moderate", status: "active", notedOn: "" };
}

/** Records a new allergy, or corrects one (including marking it inactive or entered in error). */
export function AllergyForm({ patientId, allergy, onClose }: AllergyFormProps) {
  const { draft, set } = useDraft<Draft>(() => initial(allergy));
  const save = useChartWrite(
    patientId,
    (input: AllergyInput) => (allergy ? changeAllergy(patientId, allergy.id, input) : recordAllergy(patientId, input)),
    (saved) => {
      notifications.show({ color: "green", message: `Allergy ${allergy ? "updated" : "recorded"}: ${saved.substance}` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "allergy");
  const submit = () =>
    save.mutate({
      substance: draft.substance.trim(),
      reaction: blankToNull(draft.reaction),
      severity: draft.severity,
      status: draft.status,
      notedOn: blankToNull(draft.notedOn),
    });

  return (
    <Paper withBorder p="sm" radius="md" data-testid="allergy-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Substance"
              description="Drug, drug class, food, latex…"
              required
              autoFocus
              {...field("substance")}
            />
            <TextInput
              label="Reaction"
              description="Optional: rash, anaphylaxis…"
              {...field("reaction")}
            />
            <NativeSelect
              label="Severity"
              data={optionsOf(ALLERGY_SEVERITY_LABELS)}
              {...field.select("severity")}
            />
            <TextInput
              type="date"
              label="Noted on"
              description="Optional"
              {...field("notedOn", "allergy-noted-on")}
            />
            {allergy && (
              <NativeSelect
                label="Status"
                data={optionsOf(ALLERGY_STATUS_LABELS)}
                {...field.select("status")}
              />
            )}
          </SimpleGrid>
          <FormActions
            error={general}
            onCancel={onClose}
            submitLabel={allergy ? "Save changes" : "Record allergy"}
            submitTestId="allergy-save"
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Paper>
  );
}
