import { useState, type FormEvent } from "react";
import { Alert, Button, PasswordInput, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { setUpClinic } from "../../api";
import type { AppStatus } from "../../bindings/AppStatus";
import type { ClinicSetupInput } from "../../bindings/ClinicSetupInput";
import { fieldErrorsOf, generalErrorOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { PASSWORD_HINT } from "../GateCard";

type Key = keyof ClinicSetupInput;

/** First run of a new clinic: the clinic, this site, and the first admin (there are no default accounts). */
export function NewClinicForm({ status }: { status: AppStatus }) {
  const { setSession } = useSession();
  const [values, setValues] = useState<ClinicSetupInput>({
    clinicName: status.demo ? "Riverside Family Clinic (demo)" : "",
    siteName: status.demo ? "Front desk" : "",
    siteCode: status.demo ? "DEMO" : "",
    username: "",
    displayName: "",
    password: "",
  });
  const [confirm, setConfirm] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const setup = useMutation({ mutationFn: setUpClinic, onSuccess: setSession });
  const errors = fieldErrorsOf(setup.error);
  const general = generalErrorOf(setup.error);

  const field = (key: Key, label: string, description?: string) => ({
    label,
    description,
    value: values[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [key]: value }));
    },
    "data-testid": `setup-${key}`,
    errorProps: { "data-testid": `setup-error-${key}` },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (values.password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setup.mutate(values);
  };

  return (
    <Stack gap="md">
      {status.demo && (
        <Alert color="blue" variant="light">
          This is a demo install: made-up patients will be added once setup is done.
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput {...field("clinicName", "Clinic name")} required />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput {...field("siteName", "This site's name", "For example Front desk or Dr Lee's laptop")} required />
            <TextInput {...field("siteCode", "Site code", "2 to 6 letters or digits, used in record numbers made here")} required />
          </SimpleGrid>
          <Text fw={600} mt="sm">
            First administrator
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput {...field("username", "Username")} autoComplete="username" required />
            <TextInput {...field("displayName", "Full name")} required />
          </SimpleGrid>
          <PasswordInput {...field("password", "Password", PASSWORD_HINT)} autoComplete="new-password" required />
          <PasswordInput
            label="Repeat the password"
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={mismatch ? "The two passwords differ" : undefined}
            autoComplete="new-password"
            data-testid="setup-confirm"
            required
          />
          {general && (
            <Alert color="red" data-testid="form-error">
              {general}
            </Alert>
          )}
          <Button type="submit" loading={setup.isPending} data-testid="setup-submit">
            Set up the clinic
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
