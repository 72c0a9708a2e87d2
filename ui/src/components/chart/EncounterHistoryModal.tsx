import { Badge, Divider, Group, Modal, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { encounterHistory } from "../../api";
import { queryKeys } from "../../lib/queryKeys";
import { ErrorState } from "../ErrorState";
import { LoadingState } from "../LoadingState";
import { dateTime } from "./chartFormat";
import { EncounterNoteView } from "./EncounterNoteView";

export interface EncounterHistoryModalProps {
  patientId: string;
  encounterId: string;
  staff: Record<string, string | undefined>;
  onClose: () => void;
}

/** Every version of a note, the original first: nothing signed is ever overwritten. */
export function EncounterHistoryModal({ patientId, encounterId, staff, onClose }: EncounterHistoryModalProps) {
  const history = useQuery({
    queryKey: queryKeys.encounterHistory(patientId, encounterId),
    queryFn: () => encounterHistory(patientId, encounterId),
  });
  return (
    <Modal opened onClose={onClose} title="Note history" size="lg" centered>
      {history.isPending && <LoadingState label="Loading the versions…" />}
      {history.isError && <ErrorState error={history.error} title="Could not load the history" onRetry={() => void history.refetch()} />}
      {history.data && (
        <Stack gap="md" data-testid="encounter-history">
          {history.data.versions.map((v, i) => (
            <Stack key={v.id} gap={6} data-testid="encounter-version">
              {i > 0 && <Divider />}
              <Group gap="xs">
                <Badge variant="light" color={i === 0 ? "gray" : "blue"}>
                  {i === 0 ? "Original" : `Amendment ${i}`}
                </Badge>
                {v.id === history.data.current.id && (
                  <Badge variant="outline" color="teal">
                    Current
                  </Badge>
                )}
                <Text size="sm" c="dimmed">
                  {staff[v.author] ?? v.author} · {dateTime(v.at)}
                </Text>
              </Group>
              {v.amendmentReason && (
                <Text size="sm" data-testid="encounter-version-reason">
                  <Text span fw={600} size="sm">
                    Why amended:
                  </Text>{" "}
                  {v.amendmentReason}
                </Text>
              )}
              <EncounterNoteView note={v.note} />
            </Stack>
          ))}
        </Stack>
      )}
    </Modal>
  );
}
