import { lazy, Suspense } from "react";
import { Loader, Stack, Title } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { useSession } from "../../lib/session";
import { VitalsForm } from "./VitalsForm";
import { VitalsTable } from "./VitalsTable";

// The charts (and chart.js) load on first use: the rest of the app starts without them.
const VitalsCharts = lazy(() => import("./VitalsCharts").then((m) => ({ default: m.VitalsCharts })));

export function VitalsTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const { can } = useSession();
  return (
    <Stack gap="md">
      {can("record_observations") && <VitalsForm patientId={patientId} />}
      <Title order={4}>Readings</Title>
      <VitalsTable record={record} />
      {record.vitals.length > 0 && (
        <Suspense fallback={<Loader size="sm" />}>
          <VitalsCharts vitals={record.vitals} />
        </Suspense>
      )}
    </Stack>
  );
}
