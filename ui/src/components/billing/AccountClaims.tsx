import { Badge, Table, Text } from "@mantine/core";
import type { Claim } from "../../bindings/Claim";
import type { InsurancePolicy } from "../../bindings/InsurancePolicy";
import type { InvoiceView } from "../../bindings/InvoiceView";
import { CLAIM_STATUS_COLORS, CLAIM_STATUS_LABELS } from "../../lib/billingLabels";
import { orDash } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { ChartTable } from "../chart/ChartTable";

export interface AccountClaimsProps {
  claims: Claim[];
  invoices: InvoiceView[];
  policies: InsurancePolicy[];
  currency: string;
}

/** The patient's insurance claims, with the invoice and payer each is for. */
export function AccountClaims({ claims, invoices, policies, currency }: AccountClaimsProps) {
  if (claims.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="account-no-claims">
        No claims.
      </Text>
    );
  }
  const invoice = (id: string) => invoices.find((i) => i.id === id);
  const payer = (id: string) => policies.find((p) => p.id === id)?.payer ?? "—";
  return (
    <ChartTable columns={["Invoice", "Payer", "Status", "Claimed", "Approved", "Paid", "Denial reason"]} minWidth={720} testId="account-claims">
      {claims.map((c) => {
        const inv = invoice(c.invoiceId);
        const cur = inv?.currency ?? currency;
        return (
          <Table.Tr key={c.id} data-testid="account-claim-row" data-status={c.status}>
            <Table.Td>{inv?.number ?? "—"}</Table.Td>
            <Table.Td>{payer(c.policyId)}</Table.Td>
            <Table.Td>
              <Badge color={CLAIM_STATUS_COLORS[c.status]} variant="light">
                {CLAIM_STATUS_LABELS[c.status]}
              </Badge>
            </Table.Td>
            <Table.Td>{formatMoney(c.claimedMinor, cur)}</Table.Td>
            <Table.Td>{formatMoney(c.approvedMinor, cur)}</Table.Td>
            <Table.Td>{formatMoney(c.paidMinor, cur)}</Table.Td>
            <Table.Td>{orDash(c.denialReason)}</Table.Td>
          </Table.Tr>
        );
      })}
    </ChartTable>
  );
}
