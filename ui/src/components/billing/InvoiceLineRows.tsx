import { ActionIcon, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from "@mantine/core";
import type { InvoiceLineInput } from "../../bindings/InvoiceLineInput";
import type { Service } from "../../bindings/Service";
import { formatMoney } from "../../lib/money";
import { BLANK_LINE, lineKey, lineWithService, previewLine, type LineDraft } from "./lineDraft";
import { MoneyInput } from "./MoneyInput";

export interface InvoiceLineRowsProps {
  lines: LineDraft[];
  onChange: (lines: LineDraft[]) => void;
  currency: string;
  /** The fee schedule; inactive services are offered only on lines that already bill them. */
  services: Service[];
  /** Field errors by key, e.g. "lines[0].quantity". */
  errors: Record<string, string>;
  /** The test-id prefix of the error texts (`{form}-error-lines[0].quantity`). */
  form: string;
  /** A line was removed (its index): errors keyed by index no longer match. */
  onRemove?: (i: number) => void;
}

const FREE_TEXT = "";

/** The editable lines of an invoice or credit note, each with its live total. */
export function InvoiceLineRows({ lines, onChange, currency, services, errors, form, onRemove }: InvoiceLineRowsProps) {
  const update = (i: number, patch: Partial<LineDraft>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const err = (i: number, field: keyof InvoiceLineInput) => ({
    error: errors[lineKey(i, field)],
    errorProps: { "data-testid": `${form}-error-${lineKey(i, field)}` },
  });
  const options = (l: LineDraft) => [
    { value: FREE_TEXT, label: "Free text" },
    ...services.filter((s) => s.active || s.id === l.serviceId).map((s) => ({ value: s.id, label: `${s.code} — ${s.name}` })),
  ];
  const pick = (i: number, id: string) => {
    const s = services.find((x) => x.id === id);
    const l = lines[i] ?? BLANK_LINE;
    update(i, s ? lineWithService(l, s, currency) : { serviceId: null });
  };

  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing={4} data-testid={`${form}-lines`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={180}>Service</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th w={80}>Qty</Table.Th>
              <Table.Th w={140}>Unit price</Table.Th>
              <Table.Th w={90}>Discount %</Table.Th>
              <Table.Th w={90}>Tax %</Table.Th>
              <Table.Th w={130} ta="right">
                Total
              </Table.Th>
              <Table.Th w={40} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l, i) => (
              <Table.Tr key={i} data-testid="invoice-line" style={{ verticalAlign: "top" }}>
                <Table.Td>
                  <NativeSelect
                    aria-label={`Service of line ${i + 1}`}
                    data={options(l)}
                    value={l.serviceId ?? FREE_TEXT}
                    onChange={(e) => pick(i, e.currentTarget.value)}
                    data-testid={`invoice-line-service-${i}`}
                    {...err(i, "serviceId")}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Description of line ${i + 1}`}
                    value={l.description}
                    onChange={(e) => update(i, { description: e.currentTarget.value })}
                    data-testid={`invoice-line-description-${i}`}
                    {...err(i, "description")}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Quantity of line ${i + 1}`}
                    inputMode="numeric"
                    value={l.quantity}
                    onChange={(e) => update(i, { quantity: e.currentTarget.value })}
                    data-testid={`invoice-line-quantity-${i}`}
                    {...err(i, "quantity")}
                  />
                </Table.Td>
                <Table.Td>
                  <MoneyInput
                    aria-label={`Unit price of line ${i + 1}`}
                    currency={currency}
                    value={l.price}
                    onChange={(price) => update(i, { price })}
                    data-testid={`invoice-line-price-${i}`}
                    {...err(i, "unitPriceMinor")}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Discount % of line ${i + 1}`}
                    inputMode="decimal"
                    value={l.discount}
                    placeholder="0"
                    onChange={(e) => update(i, { discount: e.currentTarget.value })}
                    data-testid={`invoice-line-discount-${i}`}
                    {...err(i, "discountBp")}
                  />
                </Table.Td>
                <Table.Td>
                  <TextInput
                    aria-label={`Tax % of line ${i + 1}`}
                    inputMode="decimal"
                    value={l.tax}
                    placeholder="0"
                    onChange={(e) => update(i, { tax: e.currentTarget.value })}
                    data-testid={`invoice-line-tax-${i}`}
                    {...err(i, "taxRateBp")}
                  />
                </Table.Td>
                <Table.Td ta="right" pt={10} data-testid={`invoice-line-total-${i}`}>
                  {formatMoney(previewLine(l, currency).totalMinor, currency)}
                </Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={4}
                    aria-label={`Remove line ${i + 1}`}
                    disabled={lines.length === 1}
                    onClick={() => {
                      onChange(lines.filter((_, j) => j !== i));
                      onRemove?.(i);
                    }}
                    data-testid={`invoice-line-remove-${i}`}
                  >
                    ×
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {errors.lines && (
        <Text size="sm" c="red" data-testid={`${form}-error-lines`}>
          {errors.lines}
        </Text>
      )}
      <Group>
        <Button size="xs" variant="light" onClick={() => onChange([...lines, { ...BLANK_LINE }])} data-testid={`${form}-add-line`}>
          Add line
        </Button>
      </Group>
    </Stack>
  );
}
