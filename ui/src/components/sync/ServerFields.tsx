import { Code, TextInput } from "@mantine/core";
import type { EnrolInput } from "../../bindings/EnrolInput";
import { bindFields } from "../../lib/fieldBinding";

/** The fields that reach the clinic's server, shared by enrolling a site and joining a clinic. */
export const SERVER_FIELDS = ["serverUrl", "fingerprint", "code"] as const;

export interface ServerFieldsProps {
  /** Test ids: `<prefix>-server-url`, `<prefix>-fingerprint`, `<prefix>-code`; errors `<prefix>-error-<field>`. */
  prefix: string;
  values: EnrolInput;
  /** Merges a patch into the form's draft (`useDraft`'s `set`). */
  set: (patch: Partial<EnrolInput>) => void;
  errors: Record<string, string>;
}

export function ServerFields({ prefix, values, set, errors }: ServerFieldsProps) {
  const field = bindFields(values, set, errors, prefix);
  return (
    <>
      <TextInput
        {...field("serverUrl", `${prefix}-server-url`)}
        label="Server address"
        placeholder="https://clinic-server.local:8443"
        autoComplete="off"
        spellCheck={false}
        required
      />
      <TextInput
        {...field("fingerprint")}
        label="Certificate fingerprint"
        description="For a server with a self-signed certificate: the SHA-256 fingerprint it printed when it started"
        autoComplete="off"
        spellCheck={false}
      />
      <TextInput
        {...field("code")}
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
