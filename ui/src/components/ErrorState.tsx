import { Alert, Button, Group } from "@mantine/core";
import { toCommandError } from "../api";

export interface ErrorStateProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** Shows a failed query's CommandError with an optional retry button. */
export function ErrorState({ error, title, onRetry }: ErrorStateProps) {
  const err = toCommandError(error);
  const heading = title ?? (err.code === "not_found" ? "Not found" : "Something went wrong");
  return (
    <Alert color="red" title={heading} data-testid="error-state" role="alert">
      {err.message}
      {onRetry && err.code !== "not_found" && (
        <Group mt="sm">
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            Try again
          </Button>
        </Group>
      )}
    </Alert>
  );
}
