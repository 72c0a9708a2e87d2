import { useState } from "react";
import { Alert, Button, Code, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { changePrescription, savePrescriptionPdf } from "../../api";
import type { ChartRecord } from "../../bindings/ChartRecord";
import type { PrescriptionEntry } from "../../bindings/PrescriptionEntry";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { PrescribeForm } from "./PrescribeForm";
import { PrescriptionTable } from "./PrescriptionTable";
import { StopPrescriptionModal } from "./StopPrescriptionModal";
import { useChartWrite } from "./useChartWrite";

/** Current medications (active prescriptions) and past ones; doctors prescribe, stop and print. */
export function MedicationsTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const { can } = useSession();
  const canPrescribe = can("prescribe");
  const [prescribing, setPrescribing] = useState(false);
  const [stopping, setStopping] = useState<PrescriptionEntry | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [savedPath, setSavedPath] = useState<string | null>(null);

  const current = record.prescriptions.filter((p) => p.status === "active");
  const past = record.prescriptions.filter((p) => p.status !== "active");
  // Only active prescriptions can be selected: a stopped one is never printed by accident.
  const chosen = current.filter((p) => selected.has(p.id)).map((p) => p.id);

  const complete = useChartWrite(patientId, (p: PrescriptionEntry) => changePrescription(patientId, p.id, { to: "complete" }), (saved) =>
    notifications.show({ color: "green", message: `Completed: ${saved.medication}` }),
  );
  const pdf = useMutation({
    mutationFn: (ids: string[]) => savePrescriptionPdf(patientId, ids),
    onSuccess: (doc) => {
      setSavedPath(doc.path);
      notifications.show({ color: "green", title: "Prescription saved", message: doc.path });
    },
  });
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={4}>Current medications</Title>
        {canPrescribe && !prescribing && (
          <Button onClick={() => setPrescribing(true)} data-testid="prescribe-open">
            Prescribe
          </Button>
        )}
      </Group>
      {prescribing && <PrescribeForm patientId={patientId} onClose={() => setPrescribing(false)} />}
      <PrescriptionTable
        record={record}
        prescriptions={current}
        testId="medication-list"
        actions={
          canPrescribe
            ? {
                selected,
                onToggle: toggle,
                onComplete: (p) => complete.mutate(p),
                onStop: setStopping,
                busyId: complete.isPending ? (complete.variables?.id ?? null) : null,
              }
            : undefined
        }
      />
      {complete.isError && (
        <Alert color="red" data-testid="rx-change-error">
          {errorSummaryOf(complete.error)}
        </Alert>
      )}
      {canPrescribe && current.length > 0 && (
        <Stack gap="xs">
          <Group>
            <Button variant="light" disabled={chosen.length === 0} loading={pdf.isPending} onClick={() => pdf.mutate(chosen)} data-testid="rx-pdf">
              Save prescription PDF{chosen.length > 0 ? ` (${chosen.length})` : ""}
            </Button>
            {chosen.length === 0 && (
              <Text size="sm" c="dimmed">
                Tick the prescriptions to put on it.
              </Text>
            )}
          </Group>
          {pdf.isError && (
            <Alert color="red" data-testid="rx-pdf-error">
              {errorSummaryOf(pdf.error)}
            </Alert>
          )}
          {savedPath && (
            <Text size="sm">
              Saved to <Code data-testid="pdf-saved-path">{savedPath}</Code>
            </Text>
          )}
        </Stack>
      )}
      <Title order={4}>Past medications</Title>
      <PrescriptionTable record={record} prescriptions={past} testId="medication-history" />
      {stopping && <StopPrescriptionModal patientId={patientId} prescription={stopping} onClose={() => setStopping(null)} />}
    </Stack>
  );
}
