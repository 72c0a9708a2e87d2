import type { ReactNode } from "react";
import { Text } from "@mantine/core";

/** A small caption over its value: a row of an InfoCard, or a fact laid out in a popover or a grid. */
export function LabelledValue({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {value}
      </Text>
    </div>
  );
}
