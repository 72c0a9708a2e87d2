import { useState } from "react";
import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { openPatientChart, toCommandError } from "../api";
import { BreakGlassModal } from "../components/BreakGlassModal";
import { ErrorState } from "../components/ErrorState";
import { PatientAppointments } from "../components/schedule/PatientAppointments";
import { LoadingState } from "../components/LoadingState";
import { formatAge, fullName, SEX_LABELS } from "../lib/format";
import { formatTime } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** A patient's chart. Clinical sections arrive with the chart issue; access is checked now. */
export function ChartPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const [glassOpen, setGlassOpen] = useState(false);
  const chart = useQuery({ queryKey: queryKeys.chart(id), queryFn: () => openPatientChart(id), staleTime: 0 });

  if (chart.isPending) return <LoadingState label="Opening the chart…" />;
  if (chart.isError) {
    const err = toCommandError(chart.error);
    if (err.code !== "forbidden") return <ErrorState error={chart.error} title="Could not open the chart" onRetry={() => void chart.refetch()} />;
    return (
      <Stack gap="md" maw={640}>
        <Alert color="orange" title="No clinical access" data-testid="chart-forbidden">
          {err.message}
        </Alert>
        <Group>
          {can("break_the_glass") && (
            <Button color="red" onClick={() => setGlassOpen(true)} data-testid="break-glass-open">
              Emergency access…
            </Button>
          )}
          <Button variant="default" component={Link} to={`/patients/${id}`}>
            Back to the patient
          </Button>
        </Group>
        <BreakGlassModal
          patientId={id}
          opened={glassOpen}
          onClose={() => setGlassOpen(false)}
          onGranted={() => {
            setGlassOpen(false);
            void chart.refetch();
          }}
        />
      </Stack>
    );
  }

  const { patient: p, access, accessUntil } = chart.data;
  const age = formatAge(p.dateOfBirth);
  return (
    <Stack gap="md" data-testid="patient-chart">
      {access === "break_the_glass" && accessUntil && (
        <Alert color="red" variant="filled" data-testid="chart-emergency-banner">
          Emergency access until {formatTime(accessUntil)} (recorded, administrators alerted)
        </Alert>
      )}
      <Paper withBorder p="md" radius="md">
        <Group justify="space-between">
          <Stack gap={2}>
            <Title order={2}>{fullName(p)}</Title>
            <Text c="dimmed" size="sm">
              {p.mrn} · {age ? `${age} · ` : ""}
              {p.dateOfBirth} · {SEX_LABELS[p.sex]}
            </Text>
          </Stack>
          <Badge color="gray" variant="light">
            Allergies: not recorded
          </Badge>
        </Group>
      </Paper>
      <Paper withBorder p="md" radius="md" data-testid="chart-empty">
        <Text fw={600}>Clinical record</Text>
        <Text c="dimmed" size="sm">
          No clinical entries recorded yet.
        </Text>
      </Paper>
      {can("view_schedule") && <PatientAppointments patientId={p.id} />}
    </Stack>
  );
}
