import type { ReactNode } from "react";
import { Alert, Button, Group, Text } from "@mantine/core";
import { ErrorBoundary, type FallbackProps } from "react-error-boundary";
import { useLocation } from "react-router-dom";

function ScreenFailed({ error, resetErrorBoundary }: FallbackProps) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title="This screen stopped working" data-testid="screen-crash" role="alert">
      <Text size="sm">
        Nothing you saved is affected. The problem was: {message}
      </Text>
      <Group mt="sm">
        <Button size="xs" variant="light" color="red" onClick={resetErrorBoundary}>
          Try again
        </Button>
      </Group>
    </Alert>
  );
}

/**
 * Keeps a screen's rendering failure inside that screen: the navigation stays usable and the
 * error is said in words instead of a blank window. Moving to another screen starts afresh.
 */
export function ScreenErrorBoundary({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return (
    <ErrorBoundary FallbackComponent={ScreenFailed} resetKeys={[pathname]}>
      {children}
    </ErrorBoundary>
  );
}
