import { useState } from "react";
import { Alert, Button, Group, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router-dom";
import { openPatientChart, toCommandError } from "../api";
import { BreakGlassModal } from "../components/BreakGlassModal";
import { ChartBanner } from "../components/chart/ChartBanner";
import { ChartTabs } from "../components/chart/ChartTabs";
import { ErrorState } from "../components/ErrorState";
import { PatientAppointments } from "../components/schedule/PatientAppointments";
import { LoadingState } from "../components/LoadingState";
import { errorSummaryOf } from "../lib/fieldErrors";
import { formatTime } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** A patient's chart: the banner, then the clinical sections as tabs. Access is checked by Rust. */
export function ChartPage() {
  const { id = "" } = useParams();
  const { can } = useSession();
  const [glassOpen, setGlassOpen] = useState(false);
  const chart = useQuery({ queryKey: queryKeys.chart(id), queryFn: () => openPatientChart(id), staleTime: 0 });

  if (chart.isPending) return <LoadingState label="Opening the chart…" />;
  const failure = chart.isError ? toCommandError(chart.error) : null;
  // A failed re-read after a write keeps the chart on screen (and every form's typed text),
  // unless access itself has ended (emergency access expired): then the chart goes.
  if (failure && (!chart.data || failure.code === "forbidden")) {
    if (failure.code !== "forbidden") return <ErrorState error={chart.error} title="Could not open the chart" onRetry={() => void chart.refetch()} />;
    return (
      <Stack gap="md" maw={640}>
        <Alert color="orange" title="No clinical access" data-testid="chart-forbidden">
          {failure.message}
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
  if (!chart.data) return null;

  const { patient: p, access, accessUntil, record } = chart.data;
  return (
    <Stack gap="md" data-testid="patient-chart">
      {access === "break_the_glass" && accessUntil && (
        <Alert color="red" variant="filled" data-testid="chart-emergency-banner">
          Emergency access until {formatTime(accessUntil)} (recorded, administrators alerted)
        </Alert>
      )}
      {failure && (
        <Alert color="orange" data-testid="chart-refresh-error" title="The chart could not be re-read">
          {errorSummaryOf(chart.error)} What is shown may be out of date.{" "}
          <Button size="compact-xs" variant="light" color="orange" onClick={() => void chart.refetch()}>
            Try again
          </Button>
        </Alert>
      )}
      <ChartBanner patient={p} allergies={record.allergies} alerts={record.alerts} />
      <ChartTabs patientId={p.id} record={record} />
      {can("view_schedule") && <PatientAppointments patientId={p.id} />}
    </Stack>
  );
}
