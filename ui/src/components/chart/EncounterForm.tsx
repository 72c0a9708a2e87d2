import { useState } from "react";
import { Alert, Button, Group, Paper, Stack, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { amendEncounter, saveEncounter, toCommandError } from "../../api";
import type { CommandError } from "../../bindings/CommandError";
import type { EncounterInput } from "../../bindings/EncounterInput";
import type { EncounterSummary } from "../../bindings/EncounterSummary";
import { bindFields, errorTestId, useDraft } from "../../lib/fieldBinding";
import { formErrorsOf } from "../../lib/fieldErrors";
import { blankToNull } from "./chartFormat";
import { DiagnosisRows } from "./DiagnosisRows";
import { useChartWrite } from "./useChartWrite";

/** A new note, a draft being finished, or a signed note being amended. */
export type EncounterFormMode =
  | { kind: "new" }
  | { kind: "draft"; encounter: EncounterSummary }
  | { kind: "amend"; encounter: EncounterSummary };

const SOAP = [
  ["subjective", "Subjective", "What the patient reports"],
  ["objective", "Objective", "Examination and measurements"],
  ["assessment", "Assessment", "Your assessment"],
  ["plan", "Plan", "What happens next"],
] as const;

/**
 * One submission. `rows` is where each diagnosis sent sat in the form when it was sent
 * (`rows[k]` is the form row of `note.diagnoses[k]`): Rust's "diagnoses[k]" errors are about
 * those rows, however the rows are filled in afterwards.
 */
type Action = ({ kind: "save"; sign: boolean } | { kind: "amend"; reason: string }) & { note: EncounterInput; rows: number[] };

function initialNote(mode: EncounterFormMode): EncounterInput {
  if (mode.kind === "new") return { reason: "", subjective: null, objective: null, assessment: null, plan: null, diagnoses: [] };
  return mode.encounter.current.note;
}

/**
 * The visit-note form. Empty diagnosis rows are left out when saving; Rust's field errors are
 * mapped back to the rows they were about, as the form stood when sent ("diagnoses[1].code" →
 * the second row sent, wherever it sits in the form).
 */
export function EncounterForm({ patientId, mode, onClose }: { patientId: string; mode: EncounterFormMode; onClose: () => void }) {
  const { draft: note, set } = useDraft<EncounterInput>(() => initialNote(mode));
  const [amendReason, setAmendReason] = useState("");

  // Rows sent (non-empty ones) and where each sits in the form.
  const kept = note.diagnoses.map((d, i) => ({ d, i })).filter(({ d }) => d.description.trim() !== "" || (d.code ?? "").trim() !== "");
  const cleaned: EncounterInput = {
    reason: note.reason.trim(),
    subjective: blankToNull(note.subjective ?? ""),
    objective: blankToNull(note.objective ?? ""),
    assessment: blankToNull(note.assessment ?? ""),
    plan: blankToNull(note.plan ?? ""),
    diagnoses: kept.map(({ d }) => ({ code: blankToNull(d.code ?? ""), description: d.description.trim() })),
  };
  const sentRows = kept.map(({ i }) => i);

  const save = useChartWrite(
    patientId,
    (action: Action) =>
      action.kind === "amend" && mode.kind === "amend"
        ? amendEncounter(patientId, mode.encounter.id, { note: action.note, reason: action.reason })
        : saveEncounter(
            patientId,
            mode.kind === "new" ? null : mode.encounter.id,
            mode.kind === "new" ? null : mode.encounter.appointmentId,
            action.note,
            action.kind === "save" && action.sign,
          ),
    (_saved, action) => {
      const what = action.kind === "amend" ? "Amendment saved" : action.sign ? "Visit note signed" : "Draft saved";
      notifications.show({ color: "green", message: what });
      onClose();
    },
  );

  const known = ["reason", "subjective", "objective", "assessment", "plan", "diagnoses", "amendmentReason"];
  note.diagnoses.forEach((_, i) => known.push(`diagnoses[${i}].code`, `diagnoses[${i}].description`));
  // The error belongs to the last submission: map it with that submission's rows, not today's.
  const { fields, general } = formErrorsOf(
    save.error ? mapErrorKeys(toCommandError(save.error), save.variables?.rows ?? []) : null,
    known,
  );
  const field = bindFields(note, set, fields, "encounter");

  const title = mode.kind === "new" ? "New visit note" : mode.kind === "draft" ? "Edit draft note" : "Amend signed note";
  return (
    <Paper withBorder p="md" radius="md" data-testid="encounter-form" data-mode={mode.kind}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            mode.kind === "amend"
              ? { kind: "amend", note: cleaned, rows: sentRows, reason: amendReason.trim() }
              : { kind: "save", sign: false, note: cleaned, rows: sentRows },
          );
        }}
        noValidate
      >
        <Stack gap="sm">
          <Title order={4}>{title}</Title>
          <TextInput
            label="Reason for visit"
            required
            autoFocus
            {...field("reason")}
          />
          {SOAP.map(([key, label, description]) => (
            <Textarea
              key={key}
              label={label}
              description={description}
              autosize
              minRows={2}
              {...field(key)}
            />
          ))}
          <DiagnosisRows value={note.diagnoses} onChange={(diagnoses) => set({ diagnoses })} errors={fields} />
          {mode.kind === "amend" && (
            <Textarea
              label="Reason for the amendment"
              description="Required: the original stays on record, this explains the change"
              required
              autosize
              minRows={2}
              value={amendReason}
              onChange={(e) => setAmendReason(e.currentTarget.value)}
              error={fields.amendmentReason}
              errorProps={errorTestId("encounter", "amendmentReason")}
              data-testid="encounter-amendment-reason"
            />
          )}
          {general && (
            <Alert color="red" data-testid="encounter-error">
              {general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-testid="encounter-cancel">
              Cancel
            </Button>
            {mode.kind === "amend" ? (
              <Button type="submit" loading={save.isPending} data-testid="encounter-amend-save">
                Save amendment
              </Button>
            ) : (
              <>
                <Button
                  type="submit"
                  variant="light"
                  loading={save.isPending && save.variables?.kind === "save" && !save.variables.sign}
                  data-testid="encounter-save-draft"
                >
                  Save draft
                </Button>
                <Button
                  onClick={() => save.mutate({ kind: "save", sign: true, note: cleaned, rows: sentRows })}
                  loading={save.isPending && save.variables?.kind === "save" && save.variables.sign}
                  data-testid="encounter-sign"
                >
                  Sign
                </Button>
              </>
            )}
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * Rust names the note's fields as sent: "diagnoses[k]..." for the k-th row sent (and maybe
 * "note.reason" in an amendment). Map them to the form: strip "note.", renumber the rows.
 */
function mapErrorKeys(err: CommandError, rowIndex: number[]): CommandError {
  return {
    ...err,
    fieldErrors: err.fieldErrors.map((f) => {
      const field = f.field
        .replace(/^note\./, "")
        .replace(/^diagnoses\[(\d+)\]/, (whole, k: string) => {
          const i = rowIndex[Number(k)];
          return i === undefined ? whole : `diagnoses[${i}]`;
        });
      return { ...f, field };
    }),
  };
}
