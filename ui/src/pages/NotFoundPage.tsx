import { Button, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router-dom";

export function NotFoundPage() {
  return (
    <Stack align="flex-start" gap="sm" data-testid="not-found">
      <Title order={2}>Page not found</Title>
      <Text c="dimmed">This screen does not exist.</Text>
      <Button component={Link} to="/">
        Back to patients
      </Button>
    </Stack>
  );
}
