import { useState } from "react";
import { Button, Group, Stack, Text, Title } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { useSession } from "../../lib/session";
import { staffName } from "./chartFormat";
import { EncounterCard } from "./EncounterCard";
import { EncounterForm, type EncounterFormMode } from "./EncounterForm";
import { EncounterHistoryModal } from "./EncounterHistoryModal";

/** Visits, newest first, and the note form (new, draft, or amendment). */
export function EncountersTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const { can } = useSession();
  const canWrite = can("write_clinical_notes");
  const [mode, setMode] = useState<EncounterFormMode | null>(null);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={4}>Visits</Title>
        {canWrite && mode === null && (
          <Button onClick={() => setMode({ kind: "new" })} data-testid="encounter-new">
            New visit note
          </Button>
        )}
      </Group>
      {mode !== null && (
        // A new key per note: switching notes starts from that note's text.
        <EncounterForm
          key={mode.kind === "new" ? "new" : `${mode.kind}-${mode.encounter.id}`}
          patientId={patientId}
          mode={mode}
          onClose={() => setMode(null)}
        />
      )}
      <Stack gap="sm" data-testid="encounter-list">
        {record.encounters.length === 0 && (
          <Text size="sm" c="dimmed">
            No visits recorded.
          </Text>
        )}
        {record.encounters.map((e) => (
          <EncounterCard
            key={e.id}
            encounter={e}
            providerName={staffName(record, e.providerId)}
            canWrite={canWrite}
            onEdit={() => setMode(e.signedAt ? { kind: "amend", encounter: e } : { kind: "draft", encounter: e })}
            onHistory={() => setHistoryOf(e.id)}
          />
        ))}
      </Stack>
      {historyOf && <EncounterHistoryModal patientId={patientId} encounterId={historyOf} staff={record.staff} onClose={() => setHistoryOf(null)} />}
    </Stack>
  );
}
