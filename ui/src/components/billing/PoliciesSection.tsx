import { useState } from "react";
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { addInsurancePolicy } from "../../api";
import type { InsurancePolicy } from "../../bindings/InsurancePolicy";
import type { InsurancePolicyInput } from "../../bindings/InsurancePolicyInput";
import { formErrorsOf } from "../../lib/fieldErrors";
import { orDash } from "../../lib/format";
import { useSession } from "../../lib/session";
import { blankToNull, shortDate } from "../chart/chartFormat";
import { ChartTable } from "../chart/ChartTable";
import { bindFields, useDraft } from "../../lib/fieldBinding";
import { FormActions } from "../FormActions";
import { todayDate } from "./billingDates";
import { useBillingWrite } from "./useBillingWrite";

interface Draft {
  payer: string;
  memberId: string;
  groupNumber: string;
  validFrom: string;
  validTo: string;
}
const PLACED = ["payer", "memberId", "groupNumber", "validFrom", "validTo"] as const;

function PolicyForm({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const { draft, set } = useDraft<Draft>(() => ({ payer: "", memberId: "", groupNumber: "", validFrom: todayDate(), validTo: "" }));
  const save = useBillingWrite(
    (input: InsurancePolicyInput) => addInsurancePolicy(patientId, input),
    (p) => {
      notifications.show({ color: "green", message: `Policy with ${p.payer} added` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(save.error, PLACED);
  const field = bindFields(draft, set, fields, "policy");
  return (
    <Paper withBorder p="md" radius="md" data-testid="policy-form">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            payer: draft.payer.trim(),
            memberId: draft.memberId.trim(),
            groupNumber: blankToNull(draft.groupNumber),
            validFrom: draft.validFrom,
            validTo: blankToNull(draft.validTo),
          });
        }}
        noValidate
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Payer" required autoFocus {...field("payer")} />
            <TextInput label="Member id" required {...field("memberId")} />
            <TextInput label="Group number" {...field("groupNumber")} />
            <TextInput label="Covered from" type="date" required {...field("validFrom")} />
            <TextInput label="Covered until" type="date" description="Empty while open-ended" {...field("validTo")} />
          </SimpleGrid>
          <FormActions error={general} onCancel={onClose} submitLabel="Add policy" submitTestId="policy-save" pending={save.isPending} />
        </Stack>
      </form>
    </Paper>
  );
}

/** The patient's insurance policies; staff who take payments add new ones. */
export function PoliciesSection({ patientId, policies }: { patientId: string; policies: InsurancePolicy[] }) {
  const { can } = useSession();
  const [adding, setAdding] = useState(false);
  return (
    <Stack gap="sm" data-testid="account-policies">
      <Group justify="space-between">
        <Title order={4}>Insurance policies</Title>
        {can("take_payments") && !adding && (
          <Button size="xs" variant="light" onClick={() => setAdding(true)} data-testid="policy-add">
            Add policy
          </Button>
        )}
      </Group>
      {adding && <PolicyForm patientId={patientId} onClose={() => setAdding(false)} />}
      {policies.length === 0 ? (
        <Text size="sm" c="dimmed">
          No policies.
        </Text>
      ) : (
        <ChartTable columns={["Payer", "Member id", "Group", "Covered"]} minWidth={560} testId="policy-table">
          {policies.map((p) => (
            <Table.Tr key={p.id} data-testid="policy-row">
              <Table.Td>{p.payer}</Table.Td>
              <Table.Td>{p.memberId}</Table.Td>
              <Table.Td>{orDash(p.groupNumber)}</Table.Td>
              <Table.Td>
                {shortDate(p.validFrom)} – {p.validTo ? shortDate(p.validTo) : "open"}
              </Table.Td>
            </Table.Tr>
          ))}
        </ChartTable>
      )}
    </Stack>
  );
}
