import { Code, TextInput } from "@mantine/core";
import type { EnrolInput } from "../../bindings/EnrolInput";

/** The fields that reach the clinic's server, shared by enrolling a site and joining a clinic. */
export const SERVER_FIELDS = ["serverUrl", "fingerprint", "code"] as const;

export interface ServerFieldsProps {
  /** Test ids: `<prefix>-server-url`, `<prefix>-fingerprint`, `<prefix>-code`; errors `<prefix>-error-<field>`. */
  prefix: string;
  values: EnrolInput;
  onChange: (key: keyof EnrolInput, value: string) => void;
  errors: Record<string, string>;
}

export function ServerFields({ prefix, values, onChange, errors }: ServerFieldsProps) {
  const field = (key: keyof EnrolInput, testId: string) => ({
    value: values[key],
    error: errors[key],
    onChange: (e: { currentTarget: { value: string } }) => onChange(key, e.currentTarget.value),
    "data-testid": `${prefix}-${testId}`,
    errorProps: { "data-testid": `${prefix}-error-${key}` },
  });
  return (
    <>
      <TextInput
        {...field("serverUrl", "server-url")}
        label="Server address"
        placeholder="https://clinic-server.local:8443"
        autoComplete="off"
        spellCheck={false}
        required
      />
      <TextInput
        {...field("fingerprint", "fingerprint")}
        label="Certificate fingerprint"
        description="For a server with a self-signed certificate: the SHA-256 fingerprint it printed when it started"
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        {...field("code", "code")}
        label="Enrolment code"
        description={
          <>
            One-time code from <Code>clinic-server enrolment-code</Code>
          </>
        }
        autoComplete="off"
        spellCheck={false}
        required
      />
    </>
  );
}
