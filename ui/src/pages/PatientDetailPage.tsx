import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { getPatient } from "../api";
import type { Patient } from "../bindings/Patient";
import { ArchivePatientButton } from "../components/ArchivePatientButton";
import { ErrorState } from "../components/ErrorState";
import { InfoCard } from "../components/InfoCard";
import { LoadingState } from "../components/LoadingState";
import { PatientAppointments } from "../components/schedule/PatientAppointments";
import { formatAge, formatTimestamp, fullName, orDash, SEX_LABELS } from "../lib/format";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

function address(p: Patient): string {
  const cityLine = [p.postalCode, p.city].filter(Boolean).join(" ");
  return orDash([p.addressLine1, p.addressLine2, cityLine, p.region, p.country].filter(Boolean).join("\n"));
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={500} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

export function PatientDetailPage() {
  const { id = "" } = useParams();
  const query = useQuery({ queryKey: queryKeys.patient(id), queryFn: () => getPatient(id) });
  const { can } = useSession();

  if (query.isPending) return <LoadingState label="Loading patient…" />;
  if (query.isError)
    return <ErrorState error={query.error} title="Could not load the patient" onRetry={() => void query.refetch()} />;

  const p = query.data;
  const age = formatAge(p.dateOfBirth);

  return (
    <Stack gap="md" data-testid="patient-detail">
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between" align="flex-start" gap="md">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={2} data-testid="patient-name">
                {fullName(p)}
              </Title>
              {p.archivedAt && (
                <Badge color="gray" data-testid="patient-archived">
                  Archived
                </Badge>
              )}
            </Group>
            {p.preferredName && (
              <Text c="dimmed" size="sm">
                Prefers “{p.preferredName}”
              </Text>
            )}
          </Stack>
          <Group gap="sm">
            <Button component={Link} to={`/patients/${p.id}/chart`} variant="light" data-testid="patient-open-chart">
              Open chart
            </Button>
            {can("view_billing") && (
              <Button component={Link} to={`/patients/${p.id}/account`} variant="light" data-testid="patient-open-account">
                Account
              </Button>
            )}
            {can("edit_patients") && (
              <>
                <Button component={Link} to={`/patients/${p.id}/edit`} data-testid="patient-edit">
                  Edit
                </Button>
                <ArchivePatientButton patient={p} />
              </>
            )}
          </Group>
        </Group>
        <Group gap="xl" mt="md">
          <Fact label="MRN" value={p.mrn} testId="patient-mrn" />
          <Fact label="Age / date of birth" value={age ? `${age} · ${p.dateOfBirth}` : p.dateOfBirth} testId="patient-dob" />
          <Fact label="Sex" value={SEX_LABELS[p.sex]} testId="patient-sex" />
          <Fact label="Blood group" value={p.bloodGroup ?? "Unknown"} testId="patient-blood-group" />
        </Group>
      </Paper>

      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <InfoCard
          title="Contact"
          testId="card-contact"
          rows={[
            { label: "Phone", value: orDash(p.phone) },
            { label: "Email", value: orDash(p.email) },
            { label: "Address", value: address(p) },
          ]}
        />
        <InfoCard
          title="Emergency contact"
          testId="card-emergency"
          rows={[
            { label: "Name", value: orDash(p.emergencyContactName) },
            { label: "Relationship", value: orDash(p.emergencyContactRelationship) },
            { label: "Phone", value: orDash(p.emergencyContactPhone) },
          ]}
        />
        <InfoCard
          title="Insurance"
          testId="card-insurance"
          rows={[
            { label: "Provider", value: orDash(p.insuranceProvider) },
            { label: "Policy number", value: orDash(p.insurancePolicyNumber) },
            { label: "Group number", value: orDash(p.insuranceGroupNumber) },
          ]}
        />
        <InfoCard title="Notes" testId="card-notes" rows={[{ label: "Notes", value: orDash(p.notes) }]} />
      </SimpleGrid>
      {can("view_schedule") && <PatientAppointments patientId={p.id} />}
      <Text size="xs" c="dimmed">
        Registered {formatTimestamp(p.createdAt)} · last updated {formatTimestamp(p.updatedAt)}
      </Text>
    </Stack>
  );
}
