import { useState } from "react";
import { Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { resolveBookingConflict } from "../../api";
import type { BookingConflict } from "../../bindings/BookingConflict";
import type { ConflictResolution } from "../../bindings/ConflictResolution";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { FormActions } from "../FormActions";
import { sideTime, type ConflictAction } from "./BookingConflictCard";

export interface ResolveConflictModalProps {
  action: ConflictAction;
  onClose: () => void;
}

/** Asks for the cancel reason (required) or the keep-both note (optional), then settles the pair. */
export function ResolveConflictModal({ action, onClose }: ResolveConflictModalProps) {
  const client = useQueryClient();
  const [text, setText] = useState("");
  const resolve = useMutation({
    mutationFn: (resolution: ConflictResolution) => resolveBookingConflict(action.conflict.id, resolution),
    onSuccess: (remaining) => {
      client.setQueryData<BookingConflict[]>(queryKeys.bookingConflicts, remaining);
      void client.invalidateQueries({ queryKey: queryKeys.syncStatus });
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
      notifications.show({ color: "green", message: action.kind === "cancel" ? "Appointment cancelled" : "Both appointments kept" });
      onClose();
    },
  });
  const { fields, general } = formErrorsOf(resolve.error, ["reason", "note"]);
  const cancelling = action.kind === "cancel";
  const submit = () =>
    resolve.mutate(
      action.kind === "cancel"
        ? { kind: "cancel", appointmentId: action.side.appointmentId, reason: text }
        : { kind: "keep_both", note: text },
    );

  return (
    <Modal opened onClose={onClose} title={cancelling ? "Cancel this appointment" : "Keep both appointments"} centered>
      <Stack gap="sm">
        {action.kind === "cancel" ? (
          <Text size="sm">
            {action.side.patientName ?? "A patient whose record is not here yet"}, {sideTime(action.side)}. The other
            appointment stays booked.
          </Text>
        ) : (
          <Text size="sm">
            Both stay booked at the same time with {action.conflict.providerName ?? "the provider"}. Use this when the provider
            can see both patients.
          </Text>
        )}
        <Textarea
          label={cancelling ? "Why is it cancelled?" : "Note (optional)"}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          autosize
          minRows={2}
          required={cancelling}
          data-autofocus
          error={cancelling ? fields.reason : fields.note}
          errorProps={{ "data-testid": cancelling ? "conflict-error-reason" : "conflict-error-note" }}
          data-testid={cancelling ? "conflict-cancel-reason" : "conflict-keep-note"}
        />
        <FormActions
          error={general}
          onCancel={onClose}
          cancelLabel="Back"
          submitLabel={cancelling ? "Cancel the appointment" : "Keep both"}
          submitTestId={cancelling ? "conflict-cancel-confirm" : "conflict-keep-confirm"}
          pending={resolve.isPending}
          onSubmit={submit}
          color={cancelling ? "red" : undefined}
        />
      </Stack>
    </Modal>
  );
}
