import type { ReactNode } from "react";
import { Center, Paper, Stack, Text, Title } from "@mantine/core";

/** The card the setup, login and password screens sit in, before the app shell. */
export function GateCard({ title, subtitle, children, width = 420 }: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={width}>
        <Stack gap="md">
          <div>
            <Title order={2}>{title}</Title>
            {subtitle && (
              <Text c="dimmed" size="sm" mt={4}>
                {subtitle}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

/** What the password rules are, in a sentence. */
export const PASSWORD_HINT = "At least 8 characters; 15 or more is better, and a few words make a good one. Common passwords are refused.";
