import { Text, TextInput, type TextInputProps } from "@mantine/core";

export interface MoneyInputProps extends Omit<TextInputProps, "value" | "onChange"> {
  /** The ISO code shown before the amount; none when the screen does not know it. */
  currency?: string;
  value: string;
  onChange: (value: string) => void;
  "data-testid"?: string;
}

/**
 * An amount typed as text ("12.5"), read with lib/money.ts when the form is sent: a number
 * input would pass it through a float.
 */
export function MoneyInput({ currency, value, onChange, ...props }: MoneyInputProps) {
  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      leftSection={
        currency ? (
          <Text size="xs" c="dimmed">
            {currency}
          </Text>
        ) : undefined
      }
      leftSectionWidth={currency ? 42 : undefined}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      {...props}
    />
  );
}
