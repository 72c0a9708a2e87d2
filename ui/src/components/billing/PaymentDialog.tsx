import { useState } from "react";
import { Modal, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { takePayment } from "../../api";
import type { InvoiceView } from "../../bindings/InvoiceView";
import type { PaymentInput } from "../../bindings/PaymentInput";
import type { PaymentMethod } from "../../bindings/PaymentMethod";
import { PAYMENT_METHOD_LABELS } from "../../lib/billingLabels";
import { optionsOf } from "../../lib/chartLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { amountInputText, formatMoney, parseMoney } from "../../lib/money";
import { FormActions } from "../FormActions";
import { todayDate } from "./billingDates";
import { MoneyInput } from "./MoneyInput";
import { useBillingWrite } from "./useBillingWrite";

const PLACED = ["amountMinor", "method", "reference", "receivedOn"] as const;
const errorProps = (field: string) => ({ "data-testid": `payment-error-${field}` });

/**
 * Takes a payment on an issued invoice: the amount (the balance unless changed), method,
 * reference and day. Rust refuses more than the balance ("conflict"): its message shows here,
 * above the buttons, and what was typed stays.
 */
export function PaymentDialog({ invoice, onClose }: { invoice: InvoiceView; onClose: () => void }) {
  const c = invoice.currency;
  const [amount, setAmount] = useState(() => amountInputText(invoice.balanceMinor, c));
  const [method, setMethod] = useState<PaymentMethod>("cash");
  const [reference, setReference] = useState("");
  const [receivedOn, setReceivedOn] = useState(todayDate);
  const [amountProblem, setAmountProblem] = useState<string | null>(null);

  const pay = useBillingWrite(
    (input: PaymentInput) => takePayment(invoice.id, input),
    (view, input) => {
      notifications.show({ color: "green", message: `${formatMoney(input.amountMinor, c)} received; balance ${formatMoney(view.balanceMinor, c)}` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(pay.error, PLACED);

  function submit() {
    const amountMinor = parseMoney(amount, c);
    if (amountMinor === null) {
      setAmountProblem(amount.trim() === "" ? "Enter the amount received" : "Enter an amount like 20 or 20.50");
      pay.reset();
      return;
    }
    setAmountProblem(null);
    const ref = reference.trim();
    pay.mutate({ amountMinor, method, reference: ref === "" ? null : ref, receivedOn });
  }

  return (
    <Modal opened onClose={onClose} title={`Take payment — ${invoice.number ?? "draft"}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">
            Balance due: <b data-testid="payment-balance">{formatMoney(invoice.balanceMinor, c)}</b>
          </Text>
          <MoneyInput
            label="Amount"
            currency={c}
            required
            data-autofocus
            value={amount}
            onChange={setAmount}
            error={amountProblem ?? fields.amountMinor}
            errorProps={errorProps("amountMinor")}
            data-testid="payment-amount"
          />
          <NativeSelect
            label="Method"
            data={optionsOf(PAYMENT_METHOD_LABELS)}
            value={method}
            onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)}
            error={fields.method}
            errorProps={errorProps("method")}
            data-testid="payment-method"
          />
          <TextInput
            label="Reference"
            description="Card slip, transfer or claim reference"
            value={reference}
            onChange={(e) => setReference(e.currentTarget.value)}
            error={fields.reference}
            errorProps={errorProps("reference")}
            data-testid="payment-reference"
          />
          <TextInput
            label="Received on"
            type="date"
            required
            value={receivedOn}
            onChange={(e) => setReceivedOn(e.currentTarget.value)}
            error={fields.receivedOn}
            errorProps={errorProps("receivedOn")}
            data-testid="payment-date"
          />
          <FormActions error={general} onCancel={onClose} submitLabel="Take payment" submitTestId="payment-save" pending={pay.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
