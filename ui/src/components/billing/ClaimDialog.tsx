import { useState } from "react";
import { Modal, NativeSelect, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { createClaim } from "../../api";
import type { InsurancePolicy } from "../../bindings/InsurancePolicy";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { formErrorsOf } from "../../lib/fieldErrors";
import { amountInputText, formatMoney, parseMoney } from "../../lib/money";
import { FormActions } from "../FormActions";
import { MoneyInput } from "./MoneyInput";
import { useBillingWrite } from "./useBillingWrite";

interface Vars {
  policyId: string;
  claimedMinor: number;
}

/** Claims (part of) an issued invoice from one of the patient's policies; it starts as a draft. */
export function ClaimDialog({ invoice, policies, onClose }: { invoice: InvoiceView; policies: InsurancePolicy[]; onClose: () => void }) {
  const c = invoice.currency;
  const [policyId, setPolicyId] = useState(policies[0]?.id ?? "");
  const [amount, setAmount] = useState(() => amountInputText(invoice.totals.totalMinor, c));
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  const claim = useBillingWrite(
    ({ policyId: p, claimedMinor }: Vars) => createClaim(invoice.id, p, claimedMinor),
    (saved) => {
      notifications.show({ color: "green", message: `Claim for ${formatMoney(saved.claimedMinor, c)} created (draft)` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(claim.error, ["policyId", "claimedMinor"]);

  function submit() {
    const claimedMinor = parseMoney(amount, c);
    if (claimedMinor === null) {
      setAmountProblem("Enter an amount like 80 or 80.50");
      claim.reset();
      return;
    }
    setAmountProblem(null);
    claim.mutate({ policyId, claimedMinor });
  }

  return (
    <Modal opened onClose={onClose} title={`Claim for ${invoice.number ?? ""}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          {policies.length === 0 ? (
            <Text size="sm" c="dimmed" data-testid="claim-no-policy">
              This patient has no insurance policy: add one on the account first.
            </Text>
          ) : (
            <NativeSelect
              label="Policy"
              data={policies.map((p) => ({ value: p.id, label: `${p.payer} · ${p.memberId}` }))}
              value={policyId}
              onChange={(e) => setPolicyId(e.currentTarget.value)}
              error={fields.policyId}
              errorProps={{ "data-testid": "claim-error-policyId" }}
              data-testid="claim-policy"
            />
          )}
          <MoneyInput
            label="Amount claimed"
            currency={c}
            required
            value={amount}
            onChange={setAmount}
            error={amountProblem ?? fields.claimedMinor}
            errorProps={{ "data-testid": "claim-error-claimedMinor" }}
            data-testid="claim-amount"
          />
          <FormActions error={general} onCancel={onClose} submitLabel="Create claim" submitTestId="claim-save" pending={claim.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
