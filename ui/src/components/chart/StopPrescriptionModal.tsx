import { useState } from "react";
import { Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { changePrescription } from "../../api";
import type { PrescriptionEntry } from "../../bindings/PrescriptionEntry";
import { errorTestId } from "../../lib/fieldBinding";
import { formErrorsOf } from "../../lib/fieldErrors";
import { FormActions } from "../FormActions";
import { blankToNull } from "./chartFormat";
import { useChartWrite } from "./useChartWrite";

/** Stops an active prescription, with the reason. */
export function StopPrescriptionModal({ patientId, prescription, onClose }: { patientId: string; prescription: PrescriptionEntry; onClose: () => void }) {
  const [reason, setReason] = useState("");
  const stop = useChartWrite(
    patientId,
    (r: string | null) => changePrescription(patientId, prescription.id, { to: "stop", reason: r }),
    () => {
      notifications.show({ color: "green", message: `Stopped: ${prescription.medication}` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(stop.error, ["stopReason"]);
  return (
    <Modal opened onClose={onClose} title={`Stop ${prescription.medication}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          stop.mutate(blankToNull(reason));
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">The prescription stays on record as stopped, with this reason.</Text>
          <Textarea
            label="Why is it stopped?"
            autosize
            minRows={2}
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fields.stopReason}
            errorProps={errorTestId("rx", "stopReason")}
            data-testid="rx-stop-reason"
          />
          <FormActions error={general} onCancel={onClose} submitLabel="Stop prescription" submitTestId="rx-stop-confirm" pending={stop.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
