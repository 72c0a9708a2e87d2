import type { ReactNode } from "react";
import { Card, Stack, Title } from "@mantine/core";
import { LabelledValue } from "./LabelledValue";

export interface InfoRow {
  label: string;
  value: ReactNode;
}

export function InfoCard({ title, rows, testId }: { title: string; rows: InfoRow[]; testId?: string }) {
  return (
    <Card withBorder padding="md" radius="md" data-testid={testId}>
      <Title order={4} mb="xs">
        {title}
      </Title>
      <Stack gap={6}>
        {rows.map((r) => (
          <LabelledValue key={r.label} label={r.label} value={r.value} />
        ))}
      </Stack>
    </Card>
  );
}
