import type { FormEvent } from "react";
import { Alert, Button, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { enrolSite } from "../../api";
import type { EnrolInput } from "../../bindings/EnrolInput";
import { useDraft } from "../../lib/fieldBinding";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { SERVER_FIELDS, ServerFields } from "./ServerFields";

/** Connects this already set-up site to the clinic's server with a one-time code. */
export function EnrolForm() {
  const client = useQueryClient();
  const { draft, set } = useDraft<EnrolInput>({ serverUrl: "", fingerprint: "", code: "" });
  const enrol = useMutation({
    mutationFn: enrolSite,
    onSuccess: (status) => {
      client.setQueryData(queryKeys.syncStatus, status);
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
      notifications.show({ color: "green", message: `This site now syncs with ${status.orgName ?? "the clinic's server"}` });
    },
  });
  const { fields, general } = formErrorsOf(enrol.error, SERVER_FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    enrol.mutate(draft);
  };

  return (
    <form onSubmit={submit} noValidate data-testid="sync-enrol-form">
      <Stack gap="sm" maw={560}>
        <Text fw={600}>Enrol this site</Text>
        <Text size="sm" c="dimmed">
          This site&apos;s records then go to the clinic&apos;s server, and the other sites&apos; records come here. Work
          carries on while the server cannot be reached.
        </Text>
        <ServerFields prefix="sync" values={draft} set={set} errors={fields} />
        {general && (
          <Alert color="red" data-testid="form-error">
            {general}
          </Alert>
        )}
        <Button type="submit" loading={enrol.isPending} data-testid="sync-enrol" w="fit-content">
          Enrol this site
        </Button>
      </Stack>
    </form>
  );
}
