import type { FormEvent } from "react";
import { Alert, Button, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { joinClinic } from "../../api";
import type { JoinClinicInput } from "../../bindings/JoinClinicInput";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { SERVER_FIELDS, ServerFields } from "../sync/ServerFields";

const FIELDS = [...SERVER_FIELDS, "siteName", "siteCode"] as const;

/** First run on another computer of a clinic that already has a server: enrol as a new site. */
export function JoinClinicForm() {
  const client = useQueryClient();
  const { draft, set } = useDraft<JoinClinicInput>({ serverUrl: "", fingerprint: "", code: "", siteName: "", siteCode: "" });
  const join = useMutation({
    mutationFn: joinClinic,
    onSuccess: (status) => {
      client.setQueryData(queryKeys.syncStatus, status);
      // app_status now says this site is joining: the gate shows the joining screen.
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
    },
  });
  const { fields, general } = formErrorsOf(join.error, FIELDS);
  const field = bindFields(draft, set, fields, "join");

  const submit = (e: FormEvent) => {
    e.preventDefault();
    join.mutate(draft);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The clinic&apos;s administrator gives you the server&apos;s address and a one-time enrolment code. Staff accounts and
          records then come from the server: log in with your usual username and password once they are here.
        </Text>
        <ServerFields prefix="join" values={draft} set={set} errors={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field("siteName", "join-site-name")} label="This computer's name" description="For example Front desk 2" required />
          <TextInput
            {...field("siteCode", "join-site-code")}
            label="Site code"
            description="2 to 6 letters or digits, for example DESK2"
            required
          />
        </SimpleGrid>
        {general && (
          <Alert color="red" data-testid="form-error">
            {general}
          </Alert>
        )}
        <Button type="submit" loading={join.isPending} data-testid="join-submit">
          Join the clinic
        </Button>
      </Stack>
    </form>
  );
}
