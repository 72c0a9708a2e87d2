import type { ReactNode } from "react";
import { Card, Stack, Text, Title } from "@mantine/core";

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
          <div key={r.label}>
            <Text size="xs" c="dimmed">
              {r.label}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {r.value}
            </Text>
          </div>
        ))}
      </Stack>
    </Card>
  );
}
