import { NumberInput, SimpleGrid, TextInput } from "@mantine/core";

export interface WhenFieldsProps {
  date: string;
  time: string;
  minutes: number | string;
  onDate: (date: string) => void;
  onTime: (time: string) => void;
  onMinutes: (minutes: number | string) => void;
  /** The problem with the start (shown under the time, the date only turns red). */
  startError?: string;
  minutesError?: string;
  /** `book` or `resched`: test ids are `<prefix>-date`, `<prefix>-error-start` and so on. */
  testIdPrefix: string;
  required?: boolean;
}

/** When an appointment is: the clinic's date, wall-clock time and length in minutes. */
export function WhenFields(props: WhenFieldsProps) {
  const { testIdPrefix: prefix, required = false } = props;
  const errorProps = (key: string) => ({ "data-testid": `${prefix}-error-${key}` });
  return (
    <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
      <TextInput
        label="Date"
        type="date"
        required={required}
        value={props.date}
        onChange={(e) => props.onDate(e.currentTarget.value)}
        error={props.startError ? true : undefined}
        data-testid={`${prefix}-date`}
      />
      <TextInput
        label="Time"
        type="time"
        required={required}
        value={props.time}
        onChange={(e) => props.onTime(e.currentTarget.value)}
        error={props.startError}
        errorProps={errorProps("start")}
        data-testid={`${prefix}-time`}
      />
      <NumberInput
        label="Minutes"
        min={5}
        max={720}
        step={5}
        value={props.minutes}
        onChange={props.onMinutes}
        error={props.minutesError}
        errorProps={errorProps("minutes")}
        data-testid={`${prefix}-minutes`}
      />
    </SimpleGrid>
  );
}
