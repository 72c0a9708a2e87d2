import { Text } from "@mantine/core";

/** A small caption over its value, for facts laid out in a popover or a grid. */
export function LabelledValue({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </div>
  );
}
