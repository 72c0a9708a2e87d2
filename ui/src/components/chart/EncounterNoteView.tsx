import { Badge, Group, Stack, Text } from "@mantine/core";
import type { EncounterInput } from "../../bindings/EncounterInput";

const SECTIONS = [
  ["subjective", "S"],
  ["objective", "O"],
  ["assessment", "A"],
  ["plan", "P"],
] as const;

/** One version of a visit note: the reason, the SOAP sections given, and the diagnoses. */
export function EncounterNoteView({ note }: { note: EncounterInput }) {
  return (
    <Stack gap={4}>
      <Text fw={600} data-testid="encounter-reason-text">
        {note.reason}
      </Text>
      {SECTIONS.map(([key, letter]) =>
        note[key] ? (
          <Text key={key} size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid={`encounter-${key}-text`}>
            <Text span fw={700} c="dimmed" size="sm">
              {letter}:
            </Text>{" "}
            {note[key]}
          </Text>
        ) : null,
      )}
      {note.diagnoses.length > 0 && (
        <Group gap={6} data-testid="encounter-diagnoses">
          {note.diagnoses.map((d, i) => (
            <Badge key={i} variant="light" color="grape" tt="none">
              {d.code ? `${d.code} ` : ""}
              {d.description}
            </Badge>
          ))}
        </Group>
      )}
    </Stack>
  );
}
