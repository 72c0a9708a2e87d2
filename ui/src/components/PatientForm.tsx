import { useState } from "react";
import {
  Alert,
  Button,
  Fieldset,
  Group,
  List,
  NativeSelect,
  SimpleGrid,
  Stack,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { toCommandError } from "../api";
import type { CommandError } from "../bindings/CommandError";
import type { PatientInput } from "../bindings/PatientInput";
import { BLOOD_GROUPS, SEX_LABELS, SEX_VALUES } from "../lib/format";
import {
  EMPTY_PATIENT_FORM,
  formValuesToInput,
  isPatientFormField,
  validatePatientForm,
  type PatientFormField,
  type PatientFormValues,
} from "../lib/patientForm";

export interface PatientFormProps {
  initialValues?: PatientFormValues;
  submitLabel?: string;
  /** Saves the input; must reject with a CommandError (or anything) on failure. */
  onSubmit: (input: PatientInput) => Promise<unknown>;
  onCancel: () => void;
}

const FIELD_ORDER = Object.keys(EMPTY_PATIENT_FORM) as PatientFormField[];

const SEX_OPTIONS = [
  { value: "", label: "Select…", disabled: true },
  ...SEX_VALUES.map((s) => ({ value: s, label: SEX_LABELS[s] })),
];

const BLOOD_GROUP_OPTIONS = [
  { value: "", label: "Unknown" },
  ...BLOOD_GROUPS.map((g) => ({ value: g, label: g })),
];

function focusField(key: string) {
  const el = document.querySelector<HTMLElement>(`[data-testid="field-${key}"]`);
  el?.focus();
}

function focusFirstError(errors: Record<string, unknown>) {
  const first = FIELD_ORDER.find((k) => errors[k]);
  if (first) focusField(first);
}

export function PatientForm({ initialValues, submitLabel = "Save", onSubmit, onCancel }: PatientFormProps) {
  const form = useForm<PatientFormValues>({
    mode: "controlled",
    initialValues: initialValues ?? EMPTY_PATIENT_FORM,
    validate: validatePatientForm,
  });
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<{ error: CommandError; unmatched: string[] } | null>(null);

  const field = (key: PatientFormField) => ({
    ...form.getInputProps(key),
    "data-testid": `field-${key}`,
    errorProps: { "data-testid": `error-${key}` },
  });

  const showCommandError = (error: CommandError) => {
    const matched: Record<string, string> = {};
    const unmatched: string[] = [];
    for (const fe of error.fieldErrors) {
      if (isPatientFormField(fe.field)) {
        if (!(fe.field in matched)) matched[fe.field] = fe.message;
      } else {
        unmatched.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
      }
    }
    if (Object.keys(matched).length > 0) {
      form.setErrors(matched);
      focusFirstError(matched);
    }
    // An error that points at no field of this form is shown above the Save button.
    setFormError(Object.keys(matched).length === 0 || unmatched.length > 0 ? { error, unmatched } : null);
  };

  const handleSubmit = form.onSubmit(
    async (values) => {
      setFormError(null);
      setSaving(true);
      try {
        await onSubmit(formValuesToInput(values));
      } catch (e) {
        showCommandError(toCommandError(e));
      } finally {
        setSaving(false);
      }
    },
    (errors) => focusFirstError(errors),
  );

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Patient details">
      <Stack gap="md">
        <Fieldset legend="Name">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Given name" withAsterisk autoFocus {...field("givenName")} />
            <TextInput label="Middle name" {...field("middleName")} />
            <TextInput label="Family name" withAsterisk {...field("familyName")} />
            <TextInput label="Preferred name" {...field("preferredName")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Birth & sex">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Date of birth"
              placeholder="YYYY-MM-DD"
              withAsterisk
              autoComplete="off"
              {...field("dateOfBirth")}
            />
            <NativeSelect label="Sex" withAsterisk data={SEX_OPTIONS} {...field("sex")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Contact">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Phone" type="tel" {...field("phone")} />
            <TextInput label="Email" type="email" {...field("email")} />
            <TextInput label="Address line 1" {...field("addressLine1")} />
            <TextInput label="Address line 2" {...field("addressLine2")} />
            <TextInput label="City" {...field("city")} />
            <TextInput label="Region / state" {...field("region")} />
            <TextInput label="Postal code" {...field("postalCode")} />
            <TextInput label="Country" {...field("country")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Blood group">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect label="Blood group" data={BLOOD_GROUP_OPTIONS} {...field("bloodGroup")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Emergency contact">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Name" {...field("emergencyContactName")} />
            <TextInput label="Relationship" {...field("emergencyContactRelationship")} />
            <TextInput label="Phone" type="tel" {...field("emergencyContactPhone")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Insurance">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Provider" {...field("insuranceProvider")} />
            <TextInput label="Policy number" {...field("insurancePolicyNumber")} />
            <TextInput label="Group number" {...field("insuranceGroupNumber")} />
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend="Notes">
          <Textarea label="Notes" autosize minRows={3} maxRows={10} {...field("notes")} />
        </Fieldset>

        {formError && (
          <Alert color="red" title="Could not save the patient" data-testid="form-error" role="alert">
            {formError.error.message}
            {formError.unmatched.length > 0 && (
              <List size="sm" mt="xs">
                {formError.unmatched.map((m) => (
                  <List.Item key={m}>{m}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving} data-testid="patient-save">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
