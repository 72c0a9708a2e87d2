import { Badge, Button, Checkbox, Group, List, NumberInput, Paper, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import type { Recurrence } from "../../bindings/Recurrence";
import type { SeriesPreview } from "../../bindings/SeriesPreview";
import { formatClock, formatDay } from "../../lib/wallClock";

export interface SeriesState {
  enabled: boolean;
  everyWeeks: number | string;
  mode: "until" | "count";
  until: string;
  count: number | string;
}

export const NO_SERIES: SeriesState = { enabled: false, everyWeeks: 1, mode: "count", until: "", count: 4 };

/** The recurrence the form describes (Rust checks the ranges: 1 to 52 weeks, at most 104). */
export function recurrenceOf(s: SeriesState): Recurrence {
  return {
    everyWeeks: Number(s.everyWeeks) || 0,
    until: s.mode === "until" ? s.until || null : null,
    count: s.mode === "count" ? Number(s.count) || 0 : null,
  };
}

export interface SeriesSectionProps {
  value: SeriesState;
  onChange: (next: SeriesState) => void;
  preview: SeriesPreview | null;
  /** The preview was made with the inputs now in the form. */
  fresh: boolean;
  previewing: boolean;
  onPreview: () => void;
}

/** "Repeat every N weeks until a date / for a count", previewed before anything is booked. */
export function SeriesSection({ value, onChange, preview, fresh, previewing, onPreview }: SeriesSectionProps) {
  const set = (patch: Partial<SeriesState>) => onChange({ ...value, ...patch });
  const problems = preview ? preview.occurrences.filter((o) => o.problems.length > 0).length : 0;
  return (
    <Paper withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Checkbox
          label="Repeat"
          checked={value.enabled}
          onChange={(e) => set({ enabled: e.currentTarget.checked })}
          data-testid="book-repeat"
        />
        {value.enabled && (
          <>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <NumberInput
                label="Every N weeks"
                min={1}
                max={52}
                w={120}
                value={value.everyWeeks}
                onChange={(v) => set({ everyWeeks: v })}
                data-testid="series-every"
              />
              <SegmentedControl
                aria-label="Repeat until a date or for a number of times"
                value={value.mode}
                onChange={(v) => set({ mode: v as SeriesState["mode"] })}
                data={[
                  { value: "count", label: "For" },
                  { value: "until", label: "Until" },
                ]}
                data-testid="series-mode"
              />
              {value.mode === "count" ? (
                <NumberInput
                  label="Times"
                  min={1}
                  max={104}
                  w={100}
                  value={value.count}
                  onChange={(v) => set({ count: v })}
                  data-testid="series-count"
                />
              ) : (
                <TextInput
                  label="Last date"
                  type="date"
                  value={value.until}
                  onChange={(e) => set({ until: e.currentTarget.value })}
                  data-testid="series-until"
                />
              )}
              <Button variant="light" onClick={onPreview} loading={previewing} data-testid="series-preview">
                Check dates
              </Button>
            </Group>
            {preview && fresh && (
              <Stack gap={4} data-testid="series-result">
                <Text size="sm" fw={600} data-testid="series-summary" c={preview.bookable ? "green" : "red"}>
                  {preview.bookable
                    ? `All ${preview.occurrences.length} dates are free.`
                    : `${problems} of ${preview.occurrences.length} dates cannot be booked; nothing will be booked until every date is free.`}
                </Text>
                <List spacing={2} size="sm" listStyleType="none">
                  {preview.occurrences.map((o) => (
                    <List.Item key={o.start} data-testid="series-occurrence" data-ok={o.problems.length === 0}>
                      <Group gap="xs" wrap="nowrap" align="flex-start">
                        <Badge size="sm" color={o.problems.length === 0 ? "green" : "red"} variant="light">
                          {o.problems.length === 0 ? "Free" : "Problem"}
                        </Badge>
                        <div>
                          <Text size="sm">
                            {formatDay(o.start)} {formatClock(o.start)}–{formatClock(o.end)}
                          </Text>
                          {o.problems.map((p) => (
                            <Text key={p} size="xs" c="red" data-testid="series-problem">
                              {p}
                            </Text>
                          ))}
                        </div>
                      </Group>
                    </List.Item>
                  ))}
                </List>
              </Stack>
            )}
            {preview && !fresh && (
              <Text size="xs" c="dimmed">
                The form changed since the dates were checked: check them again.
              </Text>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
