import { Stack, Title } from "@mantine/core";
import { useNavigate } from "react-router-dom";
import { createPatient } from "../api";
import type { PatientInput } from "../bindings/PatientInput";
import { PatientForm } from "../components/PatientForm";
import { usePatientSaved } from "../lib/usePatientSaved";

export function PatientNewPage() {
  const navigate = useNavigate();
  const onSaved = usePatientSaved();

  const submit = async (input: PatientInput) => {
    const patient = await createPatient(input);
    await onSaved(patient);
  };

  return (
    <Stack gap="md" maw={960} data-testid="patient-new">
      <Title order={2}>Register patient</Title>
      <PatientForm submitLabel="Register patient" onSubmit={submit} onCancel={() => navigate(-1)} />
    </Stack>
  );
}
