import { NativeSelect, Paper, SimpleGrid, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { changeCondition, recordCondition } from "../../api";
import type { Condition } from "../../bindings/Condition";
import type { ConditionInput } from "../../bindings/ConditionInput";
import type { ConditionStatus } from "../../bindings/ConditionStatus";
import { CONDITION_STATUS_LABELS, optionsOf } from "../../lib/chartLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { FormActions } from "../FormActions";
import { blankToNull } from "./chartFormat";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { Icd10Input } from "./Icd10Input";
import { useChartWrite } from "./useChartWrite";

const PLACED = ["problem", "code", "onset", "status", "resolvedOn"] as const;

interface Draft {
  problem: string;
  code: string;
  onset: string;
  status: ConditionStatus;
  resolvedOn: string;
}

function initial(c: Condition | null): Draft {
  return c
    ? { problem: c.problem, code: c.code ?? "", onset: c.onset ?? "", status: c.status, resolvedOn: c.resolvedOn ?? "" }
    : { problem: "", code: "", onset: "", status: "active", resolvedOn: "" };
}

export interface ConditionFormProps {
  patientId: string;
  /** The problem to update, or null for a new one. */
  condition: Condition | null;
  onClose: () => void;
}

/** Adds a problem to the list (with an ICD-10 search) or updates one, e.g. marks it resolved. */
export function ConditionForm({ patientId, condition, onClose }: ConditionFormProps) {
  const { draft, set } = useDraft<Draft>(() => initial(condition));
  const save = useChartWrite(
    patientId,
    (input: ConditionInput) => (condition ? changeCondition(patientId, condition.id, input) : recordCondition(patientId, input)),
    (saved) => {
      notifications.show({ color: "green", message: `Problem ${condition ? "updated" : "added"}: ${saved.problem}` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "condition");
  const submit = () =>
    save.mutate({
      problem: draft.problem.trim(),
      code: blankToNull(draft.code),
      onset: blankToNull(draft.onset),
      status: draft.status,
      resolvedOn: draft.status === "resolved" ? blankToNull(draft.resolvedOn) : null,
    });

  return (
    <Paper withBorder p="sm" radius="md" data-testid="condition-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Icd10Input
              label="Problem"
              description="Type to search ICD-10"
              required
              autoFocus
              value={draft.problem}
              onChange={(problem) => set({ problem })}
              onPick={(c) => set({ problem: c.description, code: c.code })}
              error={fields.problem}
              testId="condition-problem"
              errorTestId="condition-error-problem"
            />
            <TextInput
              label="ICD-10 code"
              description="Filled from the search; optional"
              {...field("code")}
            />
            <TextInput type="date" label="Onset" {...field("onset")} />
            <NativeSelect label="Status" data={optionsOf(CONDITION_STATUS_LABELS)} {...field.select("status")} />
            {draft.status === "resolved" && (
              <TextInput
                type="date"
                label="Resolved on"
                {...field("resolvedOn", "condition-resolved-on")}
              />
            )}
          </SimpleGrid>
          <FormActions
            error={general}
            onCancel={onClose}
            submitLabel={condition ? "Save problem" : "Add problem"}
            submitTestId="condition-save"
            pending={save.isPending}
          />
        </Stack>
      </form>
    </Paper>
  );
}
