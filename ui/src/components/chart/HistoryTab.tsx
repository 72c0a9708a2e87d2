import { Stack } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { HistoryForm } from "./HistoryForm";
import { ProblemList } from "./ProblemList";

export function HistoryTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  return (
    <Stack gap="md">
      <ProblemList patientId={patientId} conditions={record.conditions} />
      {/* Re-read when the saved history changes (after a save here or elsewhere); typed text survives errors. */}
      <HistoryForm key={record.history.updatedAt ?? "never"} patientId={patientId} history={record.history} />
    </Stack>
  );
}
