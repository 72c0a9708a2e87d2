import { Alert, Text } from "@mantine/core";
import { toCommandError } from "../api";

export interface DatabaseProblemProps {
  error: unknown;
}

/**
 * Shown above every page when the app could not open its database (no keychain, a missing or
 * wrong key): the person at the desk sees what happened instead of empty screens.
 */
export function DatabaseProblem({ error }: DatabaseProblemProps) {
  const err = toCommandError(error);
  if (err.code !== "keychain" && err.code !== "database") return null;
  return (
    <Alert color="red" title="The clinic database could not be opened" mb="md" data-testid="database-problem" role="alert">
      <Text size="sm">{err.message}</Text>
      <Text size="sm" mt="xs" c="dimmed">
        Nothing was changed or deleted. Ask your clinic manager or IT support for help, and quote this message.
      </Text>
    </Alert>
  );
}
