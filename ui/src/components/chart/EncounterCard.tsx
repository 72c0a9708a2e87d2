import { Badge, Button, Group, Paper, Stack, Text } from "@mantine/core";
import type { EncounterSummary } from "../../bindings/EncounterSummary";
import { useSession } from "../../lib/session";
import { dateTime } from "./chartFormat";
import { EncounterNoteView } from "./EncounterNoteView";

export interface EncounterCardProps {
  encounter: EncounterSummary;
  providerName: string;
  canWrite: boolean;
  /** Opens the draft for editing, or the signed note for amending. */
  onEdit: () => void;
  onHistory: () => void;
}

/**
 * One visit: the current version of its note; a signed note can be amended, a draft edited and
 * signed only by the doctor who wrote it (Rust refuses anyone else); others see who wrote it.
 */
export function EncounterCard({ encounter: e, providerName, canWrite, onEdit, onHistory }: EncounterCardProps) {
  const { session } = useSession();
  const signed = e.signedAt !== null;
  const amended = e.versionCount > 1;
  const ownDraft = !signed && session != null && e.providerId === session.userId;
  return (
    <Paper withBorder p="md" radius="md" data-testid="encounter-card" data-encounter-id={e.id} data-signed={signed}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            <Text fw={600}>{dateTime(e.createdAt)}</Text>
            <Text c="dimmed" size="sm">
              {providerName}
            </Text>
            {signed ? (
              <Badge color="teal" variant="light" data-testid="encounter-status">
                {amended ? "Signed, amended" : "Signed"}
              </Badge>
            ) : (
              <Badge color="yellow" variant="light" data-testid="encounter-status">
                Draft
              </Badge>
            )}
          </Group>
          <Group gap="xs">
            {amended && (
              <Button size="compact-sm" variant="subtle" onClick={onHistory} data-testid="encounter-history-open">
                History ({e.versionCount} versions)
              </Button>
            )}
            {signed ? (
              canWrite && (
                <Button size="compact-sm" variant="light" onClick={onEdit} data-testid="encounter-amend">
                  Amend
                </Button>
              )
            ) : ownDraft ? (
              canWrite && (
                <Button size="compact-sm" variant="light" onClick={onEdit} data-testid="encounter-edit">
                  Edit
                </Button>
              )
            ) : (
              <Text size="sm" c="dimmed" data-testid="encounter-draft-by">
                Draft by {providerName}
              </Text>
            )}
          </Group>
        </Group>
        <EncounterNoteView note={e.current.note} />
        {signed && e.signedAt && (
          <Text size="xs" c="dimmed">
            Signed {dateTime(e.signedAt)}
            {amended ? ` · last amended ${dateTime(e.current.at)}` : ""}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
