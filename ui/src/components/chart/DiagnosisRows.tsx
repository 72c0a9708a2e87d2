import { ActionIcon, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import type { Diagnosis } from "../../bindings/Diagnosis";
import { Icd10Input } from "./Icd10Input";

export interface DiagnosisRowsProps {
  value: Diagnosis[];
  onChange: (value: Diagnosis[]) => void;
  /** Field errors by key, e.g. "diagnoses[0].code". */
  errors: Record<string, string>;
}

/** The note's diagnoses: one row each, the words with an ICD-10 search and the code. */
export function DiagnosisRows({ value, onChange, errors }: DiagnosisRowsProps) {
  const update = (i: number, patch: Partial<Diagnosis>) => onChange(value.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <Stack gap="xs" data-testid="diagnosis-rows">
      <Text size="sm" fw={500}>
        Diagnoses
      </Text>
      {value.map((d, i) => (
        <Group key={i} align="flex-start" gap="xs" wrap="nowrap" data-testid="diagnosis-row">
          <div style={{ flex: 1 }}>
            <Icd10Input
              label={`Diagnosis ${i + 1}`}
              value={d.description}
              onChange={(description) => update(i, { description })}
              onPick={(c) => update(i, { description: c.description, code: c.code })}
              error={errors[`diagnoses[${i}].description`]}
              testId={`diagnosis-description-${i}`}
              errorTestId={`encounter-error-diagnoses[${i}].description`}
            />
          </div>
          <TextInput
            label="ICD-10"
            w={110}
            value={d.code ?? ""}
            onChange={(e) => update(i, { code: e.currentTarget.value === "" ? null : e.currentTarget.value })}
            error={errors[`diagnoses[${i}].code`]}
            errorProps={{ "data-testid": `encounter-error-diagnoses[${i}].code` }}
            data-testid={`diagnosis-code-${i}`}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            mt={26}
            aria-label={`Remove diagnosis ${i + 1}`}
            onClick={() => onChange(value.filter((_, j) => j !== i))}
            data-testid={`diagnosis-remove-${i}`}
          >
            ×
          </ActionIcon>
        </Group>
      ))}
      {errors.diagnoses && (
        <Text size="sm" c="red" data-testid="encounter-error-diagnoses">
          {errors.diagnoses}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...value, { code: null, description: "" }])} data-testid="diagnosis-add">
          Add diagnosis
        </Button>
      </Group>
    </Stack>
  );
}
