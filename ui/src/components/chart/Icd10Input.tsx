import { Combobox, Loader, TextInput, useCombobox } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { searchIcd10 } from "../../api";
import type { Icd10Code } from "../../bindings/Icd10Code";
import { queryKeys } from "../../lib/queryKeys";

export interface Icd10InputProps {
  label: string;
  description?: string;
  /** The text typed (a problem or diagnosis in words). */
  value: string;
  onChange: (value: string) => void;
  /** A code was chosen from the list. */
  onPick: (code: Icd10Code) => void;
  error?: string;
  testId: string;
  errorTestId: string;
  required?: boolean;
  autoFocus?: boolean;
}

const MIN_QUERY = 2;

/**
 * A text field that suggests ICD-10 codes as one types (search_icd10, debounced). The text stays
 * free: choosing a suggestion fills it and the code, typing on keeps whatever is typed.
 */
export function Icd10Input({ label, description, value, onChange, onPick, error, testId, errorTestId, required, autoFocus }: Icd10InputProps) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const [debounced] = useDebouncedValue(value.trim(), 250);
  const enabled = debounced.length >= MIN_QUERY;
  const results = useQuery({
    queryKey: queryKeys.icd10(debounced),
    queryFn: () => searchIcd10(debounced),
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  const codes = enabled ? (results.data ?? []) : [];

  return (
    <Combobox
      store={combobox}
      withinPortal={false}
      onOptionSubmit={(code) => {
        const hit = codes.find((c) => c.code === code);
        if (hit) onPick(hit);
        combobox.closeDropdown();
      }}
    >
      <Combobox.Target>
        <TextInput
          label={label}
          description={description}
          required={required}
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => {
            onChange(e.currentTarget.value);
            combobox.openDropdown();
            combobox.updateSelectedOptionIndex();
          }}
          onFocus={() => combobox.openDropdown()}
          onBlur={() => combobox.closeDropdown()}
          rightSection={results.isFetching ? <Loader size="xs" /> : undefined}
          error={error}
          errorProps={{ "data-testid": errorTestId }}
          autoComplete="off"
          data-testid={testId}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={codes.length === 0}>
        <Combobox.Options data-testid={`${testId}-options`}>
          {codes.map((c) => (
            <Combobox.Option value={c.code} key={c.code} data-testid="icd10-option">
              <strong>{c.code}</strong> {c.description}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
