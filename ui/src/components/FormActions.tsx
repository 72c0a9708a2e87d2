import { Alert, Button, Group } from "@mantine/core";

export interface FormActionsProps {
  /** A failure not about one field (shown above the buttons), or null. */
  error: string | null;
  onCancel: () => void;
  cancelLabel?: string;
  submitLabel: string;
  submitTestId: string;
  pending: boolean;
  /** Without it the button submits its form; with it, it runs this instead. */
  onSubmit?: () => void;
  /** The action button's colour (red for a destructive one); the theme's primary colour by default. */
  color?: string;
}

/** The foot of every dialog form: its general error, then Cancel and the action. */
export function FormActions({ error, onCancel, cancelLabel = "Cancel", submitLabel, submitTestId, pending, onSubmit, color }: FormActionsProps) {
  return (
    <>
      {error && (
        <Alert color="red" data-testid="form-error">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {cancelLabel}
        </Button>
        <Button type={onSubmit ? "button" : "submit"} color={color} onClick={onSubmit} loading={pending} data-testid={submitTestId}>
          {submitLabel}
        </Button>
      </Group>
    </>
  );
}
