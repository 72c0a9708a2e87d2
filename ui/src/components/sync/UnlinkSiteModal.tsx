import { useState } from "react";
import { Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { unlinkSite } from "../../api";
import type { SyncStatus } from "../../bindings/SyncStatus";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { FormActions } from "../FormActions";

export interface UnlinkSiteModalProps {
  status: SyncStatus;
  onClose: () => void;
}

/** Asks why, then stops this site syncing; the clinic's admins see it as a security alert. */
export function UnlinkSiteModal({ status, onClose }: UnlinkSiteModalProps) {
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const unlink = useMutation({
    mutationFn: () => unlinkSite({ reason }),
    onSuccess: (next) => {
      client.setQueryData(queryKeys.syncStatus, next);
      void client.invalidateQueries({ queryKey: queryKeys.alerts });
      notifications.show({ color: "orange", message: "This site no longer syncs" });
      onClose();
    },
  });
  const { fields, general } = formErrorsOf(unlink.error, ["reason"]);

  return (
    <Modal opened onClose={onClose} title="Unlink this site" centered>
      <Stack gap="sm">
        <Text size="sm">
          This site stops syncing with {status.orgName ?? "the clinic's server"}. Its records stay here, and changes made from
          now on wait until it is enrolled again, which needs a new code from the server&apos;s operator. The clinic&apos;s
          admins see this as a security alert.
        </Text>
        <Textarea
          label="Why does this site stop syncing?"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
          required
          data-autofocus
          error={fields.reason}
          errorProps={{ "data-testid": "unlink-error-reason" }}
          data-testid="unlink-reason"
        />
        <FormActions
          error={general}
          onCancel={onClose}
          cancelLabel="Back"
          submitLabel="Unlink this site"
          submitTestId="unlink-confirm"
          pending={unlink.isPending}
          onSubmit={() => unlink.mutate()}
          color="red"
        />
      </Stack>
    </Modal>
  );
}
