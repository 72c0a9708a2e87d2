import { Group, Stack, Text } from "@mantine/core";
import type { InvoiceTotals } from "../../bindings/InvoiceTotals";
import { formatMoney } from "../../lib/money";

export interface TotalRow {
  label: string;
  minor: number;
  testId?: string;
  strong?: boolean;
}

/** Label–amount rows, right-aligned, for the foot of an invoice. */
export function AmountRows({ rows, currency }: { rows: TotalRow[]; currency: string }) {
  return (
    <Stack gap={2} align="flex-end">
      {rows.map((r) => (
        <Group key={r.label} gap="md" justify="flex-end" wrap="nowrap">
          <Text size="sm" c={r.strong ? undefined : "dimmed"} fw={r.strong ? 700 : undefined}>
            {r.label}
          </Text>
          <Text size="sm" fw={r.strong ? 700 : 500} miw={130} ta="right" data-testid={r.testId}>
            {formatMoney(r.minor, currency)}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/** An invoice's subtotal, discount, tax and total (`{prefix}-total`, `invoice-total` by default). */
export function InvoiceTotalsBox({ totals, currency, prefix = "invoice" }: { totals: InvoiceTotals; currency: string; prefix?: string }) {
  return (
    <AmountRows
      currency={currency}
      rows={[
        { label: "Subtotal", minor: totals.subtotalMinor, testId: `${prefix}-subtotal` },
        { label: "Discount", minor: -totals.discountMinor, testId: `${prefix}-discount` },
        { label: "Tax", minor: totals.taxMinor, testId: `${prefix}-tax` },
        { label: "Total", minor: totals.totalMinor, testId: `${prefix}-total`, strong: true },
      ]}
    />
  );
}
