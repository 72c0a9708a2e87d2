import { useState } from "react";
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { breakTheGlass } from "../api";
import { fieldErrorsOf, generalErrorOf } from "../lib/fieldErrors";

export interface BreakGlassModalProps {
  patientId: string;
  opened: boolean;
  onClose: () => void;
  onGranted: () => void;
}

/** Emergency access to a chart: a reason is required, recorded, and raised to admins. */
export function BreakGlassModal({ patientId, opened, onClose, onGranted }: BreakGlassModalProps) {
  const [reason, setReason] = useState("");
  const grant = useMutation({
    mutationFn: () => breakTheGlass(patientId, reason),
    onSuccess: () => {
      setReason("");
      onGranted();
    },
  });
  const errors = fieldErrorsOf(grant.error);
  const general = generalErrorOf(grant.error);
  return (
    <Modal opened={opened} onClose={onClose} title="Emergency access (break the glass)" centered>
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          Your role has no access to clinical records. Use this only when a patient needs it now. Your name, the time and
          your reason are recorded, and the clinic&apos;s administrators are alerted. Access ends after 30 minutes.
        </Alert>
        <Textarea
          label="Why do you need this chart?"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          minRows={3}
          autosize
          error={errors.reason}
          errorProps={{ "data-testid": "break-glass-error-reason" }}
          data-testid="break-glass-reason"
        />
        {general && (
          <Text c="red" size="sm" data-testid="form-error">
            {general}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red" loading={grant.isPending} onClick={() => grant.mutate()} data-testid="break-glass-confirm">
            Open the chart and record why
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
