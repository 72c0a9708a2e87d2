import { Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router-dom";
import { getPatient, updatePatient } from "../api";
import type { PatientInput } from "../bindings/PatientInput";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { PatientForm } from "../components/PatientForm";
import { fullName } from "../lib/format";
import { patientToFormValues } from "../lib/patientForm";
import { queryKeys } from "../lib/queryKeys";
import { usePatientSaved } from "../lib/usePatientSaved";

export function PatientEditPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const onSaved = usePatientSaved();
  // Load once: a background refetch must not reset what the user is typing.
  const patient = useQuery({
    queryKey: queryKeys.patient(id),
    queryFn: () => getPatient(id),
    refetchOnWindowFocus: false,
    refetchInterval: false,
  });

  const submit = async (input: PatientInput) => {
    const saved = await updatePatient(id, input);
    await onSaved(saved);
  };

  if (patient.isPending) return <LoadingState label="Loading patient…" />;
  if (patient.isError)
    return <ErrorState error={patient.error} title="Could not load the patient" onRetry={() => void patient.refetch()} />;

  return (
    <Stack gap="md" maw={960} data-testid="patient-edit-page">
      <Title order={2}>Edit {fullName(patient.data)}</Title>
      <PatientForm
        key={patient.data.id}
        initialValues={patientToFormValues(patient.data)}
        submitLabel="Save changes"
        onSubmit={submit}
        onCancel={() => navigate(`/patients/${id}`)}
      />
    </Stack>
  );
}
