import { useState } from "react";
import { Modal, NativeSelect, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { refundPayment } from "../../api";
import type { InvoiceView } from "../../bindings/InvoiceView";
import type { PaymentMethod } from "../../bindings/PaymentMethod";
import type { RefundInput } from "../../bindings/RefundInput";
import { PAYMENT_METHOD_LABELS } from "../../lib/billingLabels";
import { optionsOf } from "../../lib/chartLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { amountInputText, formatMoney, parseMoney } from "../../lib/money";
import { FormActions } from "../FormActions";
import { todayDate } from "./billingDates";
import { MoneyInput } from "./MoneyInput";
import { useBillingWrite } from "./useBillingWrite";

const PLACED = ["amountMinor", "method", "reason", "refundedOn"] as const;
const errorProps = (field: string) => ({ "data-testid": `refund-error-${field}` });

/** Gives money back on an invoice: a negative payment with its reason (at most what was paid). */
export function RefundDialog({ invoice, onClose }: { invoice: InvoiceView; onClose: () => void }) {
  const c = invoice.currency;
  const [amount, setAmount] = useState(() => amountInputText(invoice.paidMinor, c));
  const [method, setMethod] = useState<PaymentMethod>(() => invoice.payments.find((p) => p.amountMinor > 0)?.method ?? "cash");
  const [reason, setReason] = useState("");
  const [refundedOn, setRefundedOn] = useState(todayDate);
  const [amountProblem, setAmountProblem] = useState<string | null>(null);
  const refund = useBillingWrite(
    (input: RefundInput) => refundPayment(invoice.id, input),
    (_, input) => {
      notifications.show({ color: "green", message: `${formatMoney(input.amountMinor, c)} refunded` });
      onClose();
    },
  );
  const { fields, general } = formErrorsOf(refund.error, PLACED);

  function submit() {
    const amountMinor = parseMoney(amount, c);
    if (amountMinor === null) {
      setAmountProblem("Enter an amount like 20 or 20.50");
      refund.reset();
      return;
    }
    setAmountProblem(null);
    refund.mutate({ amountMinor, method, reason: reason.trim(), refundedOn });
  }

  return (
    <Modal opened onClose={onClose} title={`Refund — ${invoice.number ?? ""}`} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
      >
        <Stack gap="sm">
          <Text size="sm">Paid so far: {formatMoney(invoice.paidMinor, c)}</Text>
          <MoneyInput label="Amount to refund" currency={c} required data-autofocus value={amount} onChange={setAmount} error={amountProblem ?? fields.amountMinor} errorProps={errorProps("amountMinor")} data-testid="refund-amount" />
          <NativeSelect label="Method" data={optionsOf(PAYMENT_METHOD_LABELS)} value={method} onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)} error={fields.method} errorProps={errorProps("method")} data-testid="refund-method" />
          <Textarea label="Reason" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fields.reason} errorProps={errorProps("reason")} data-testid="refund-reason" />
          <TextInput label="Refunded on" type="date" required value={refundedOn} onChange={(e) => setRefundedOn(e.currentTarget.value)} error={fields.refundedOn} errorProps={errorProps("refundedOn")} data-testid="refund-date" />
          <FormActions error={general} onCancel={onClose} submitLabel="Refund" submitTestId="refund-save" pending={refund.isPending} />
        </Stack>
      </form>
    </Modal>
  );
}
