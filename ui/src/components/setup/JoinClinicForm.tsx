import { useState, type FormEvent } from "react";
import { Alert, Button, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { joinClinic } from "../../api";
import type { AppStatus } from "../../bindings/AppStatus";
import type { JoinClinicInput } from "../../bindings/JoinClinicInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { SERVER_FIELDS, ServerFields } from "../sync/ServerFields";

const FIELDS = [...SERVER_FIELDS, "siteName", "siteCode"] as const;

/** First run on another computer of a clinic that already has a server: enrol as a new site. */
export function JoinClinicForm() {
  const client = useQueryClient();
  const [values, setValues] = useState<JoinClinicInput>({ serverUrl: "", fingerprint: "", code: "", siteName: "", siteCode: "" });
  const join = useMutation({
    mutationFn: joinClinic,
    onSuccess: (status) => {
      client.setQueryData(queryKeys.syncStatus, status);
      // Straight to the joining screen; app_status is re-read to confirm it.
      client.setQueryData<AppStatus>(queryKeys.appStatus, (old) =>
        old ? { ...old, needsSetup: false, joining: true, clinicName: status.orgName ?? old.clinicName } : old,
      );
      void client.invalidateQueries({ queryKey: queryKeys.appStatus });
    },
  });
  const { fields, general } = formErrorsOf(join.error, FIELDS);
  const set = (key: keyof JoinClinicInput, value: string) => setValues((v) => ({ ...v, [key]: value }));
  const field = (key: "siteName" | "siteCode", testId: string) => ({
    value: values[key],
    error: fields[key],
    onChange: (e: { currentTarget: { value: string } }) => set(key, e.currentTarget.value),
    "data-testid": `join-${testId}`,
    errorProps: { "data-testid": `join-error-${key}` },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    join.mutate(values);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The clinic&apos;s administrator gives you the server&apos;s address and a one-time enrolment code. Staff accounts and
          records then come from the server: log in with your usual username and password once they are here.
        </Text>
        <ServerFields prefix="join" values={values} onChange={set} errors={fields} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field("siteName", "site-name")} label="This computer's name" description="For example Front desk 2" required />
          <TextInput
            {...field("siteCode", "site-code")}
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
