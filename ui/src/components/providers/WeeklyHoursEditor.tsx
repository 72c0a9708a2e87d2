import { ActionIcon, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import type { WeeklyHours } from "../../bindings/WeeklyHours";

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export interface WeeklyHoursEditorProps {
  value: WeeklyHours[];
  onChange: (next: WeeklyHours[]) => void;
  error?: string;
  /** The heading above the days. */
  label?: string;
  /** The test id of the error line. */
  errorTestId?: string;
}

/** Working intervals per ISO weekday (1 = Monday); several a day, the gaps are breaks. */
export function WeeklyHoursEditor({ value, onChange, error, label = "Weekly hours", errorTestId = "provider-error-weeklyHours" }: WeeklyHoursEditorProps) {
  const update = (target: WeeklyHours, patch: Partial<WeeklyHours>) => onChange(value.map((h) => (h === target ? { ...h, ...patch } : h)));
  const remove = (target: WeeklyHours) => onChange(value.filter((h) => h !== target));
  const add = (weekday: number) => {
    const last = value.filter((h) => h.weekday === weekday).at(-1);
    onChange([...value, { weekday, start: last?.end ?? "09:00", end: last ? "18:00" : "17:00" }]);
  };
  return (
    <Stack gap={6} data-testid="hours-editor">
      <Text size="sm" fw={500}>
        {label}
      </Text>
      {WEEKDAYS.map((name, i) => {
        const weekday = i + 1;
        const intervals = value.filter((h) => h.weekday === weekday);
        return (
          <Group key={name} gap="xs" align="center" wrap="wrap" data-testid={`hours-day-${weekday}`}>
            <Text size="sm" w={90}>
              {name}
            </Text>
            {intervals.length === 0 && (
              <Text size="sm" c="dimmed">
                Not working
              </Text>
            )}
            {intervals.map((h, j) => (
              <Group key={j} gap={4} wrap="nowrap">
                <TextInput
                  type="time"
                  size="xs"
                  aria-label={`${name} interval ${j + 1} start`}
                  value={h.start}
                  onChange={(e) => update(h, { start: e.currentTarget.value })}
                  data-testid="hours-start"
                />
                <Text size="xs">–</Text>
                <TextInput
                  type="time"
                  size="xs"
                  aria-label={`${name} interval ${j + 1} end`}
                  value={h.end}
                  onChange={(e) => update(h, { end: e.currentTarget.value })}
                  data-testid="hours-end"
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove ${name} interval ${j + 1}`}
                  onClick={() => remove(h)}
                  data-testid="hours-remove"
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button size="compact-xs" variant="subtle" onClick={() => add(weekday)} data-testid={`hours-add-${weekday}`}>
              + Add hours
            </Button>
          </Group>
        );
      })}
      {error && (
        <Text size="xs" c="red" data-testid={errorTestId}>
          {error}
        </Text>
      )}
    </Stack>
  );
}
