import { Alert } from "@mantine/core";

/** In place of a screen the user's role may not see (the Rust side refuses it too). */
export function NoAccess({ what }: { what: string }) {
  return (
    <Alert color="gray" title="Not available" data-testid="no-access">
      Your role cannot see {what}.
    </Alert>
  );
}
