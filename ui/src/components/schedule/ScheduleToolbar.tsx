import { ActionIcon, Button, Group, MultiSelect, SegmentedControl, Select, TextInput, Title, Tooltip } from "@mantine/core";
import type { Provider } from "../../bindings/Provider";

export type ScheduleViewName = "day" | "week";

export interface ScheduleToolbarProps {
  label: string;
  view: ScheduleViewName;
  onView: (view: ScheduleViewName) => void;
  date: string;
  onDate: (date: string) => void;
  onStep: (direction: -1 | 1) => void;
  onToday: () => void;
  providers: Provider[];
  /** Day view: the providers shown as columns (empty means every active one). */
  dayProviders: string[];
  onDayProviders: (ids: string[]) => void;
  /** Week view: the one provider shown. */
  weekProvider: string | null;
  onWeekProvider: (id: string | null) => void;
  canBook: boolean;
  onNew: () => void;
}

/** Navigation, view switch and provider choice above the calendar (all keyboard-reachable). */
export function ScheduleToolbar(props: ScheduleToolbarProps) {
  const { view, providers } = props;
  const options = providers.filter((p) => p.active).map((p) => ({ value: p.id, label: p.displayName }));
  return (
    <Group justify="space-between" align="flex-end" gap="sm">
      <Group gap="xs" align="center">
        <Tooltip label={view === "day" ? "Previous day" : "Previous week"}>
          <ActionIcon variant="default" size="lg" onClick={() => props.onStep(-1)} aria-label="Previous" data-testid="schedule-prev">
            ‹
          </ActionIcon>
        </Tooltip>
        <Button variant="default" onClick={props.onToday} data-testid="schedule-today">
          Today
        </Button>
        <Tooltip label={view === "day" ? "Next day" : "Next week"}>
          <ActionIcon variant="default" size="lg" onClick={() => props.onStep(1)} aria-label="Next" data-testid="schedule-next">
            ›
          </ActionIcon>
        </Tooltip>
        <TextInput
          type="date"
          aria-label="Go to date"
          value={props.date}
          onChange={(e) => e.currentTarget.value && props.onDate(e.currentTarget.value)}
          data-testid="schedule-date"
        />
        <Title order={4} data-testid="schedule-label">
          {props.label}
        </Title>
      </Group>
      <Group gap="xs" align="flex-end">
        <SegmentedControl
          aria-label="View"
          value={view}
          onChange={(v) => props.onView(v as ScheduleViewName)}
          data={[
            { value: "day", label: "Day" },
            { value: "week", label: "Week" },
          ]}
          data-testid="schedule-view"
        />
        {view === "day" ? (
          <MultiSelect
            aria-label="Providers"
            placeholder={props.dayProviders.length === 0 ? "All providers" : undefined}
            data={options}
            value={props.dayProviders}
            onChange={props.onDayProviders}
            clearable
            searchable
            miw={220}
            comboboxProps={{ withinPortal: false }}
            data-testid="schedule-providers"
          />
        ) : (
          <Select
            aria-label="Provider"
            data={options}
            value={props.weekProvider}
            onChange={props.onWeekProvider}
            allowDeselect={false}
            searchable
            miw={200}
            comboboxProps={{ withinPortal: false }}
            data-testid="schedule-week-provider"
          />
        )}
        {props.canBook && (
          <Button onClick={props.onNew} data-testid="book-open">
            New appointment
          </Button>
        )}
      </Group>
    </Group>
  );
}
