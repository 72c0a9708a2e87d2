import { useState } from "react";
import { Loader, Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { searchPatients } from "../../api";
import { fullName } from "../../lib/format";
import { queryKeys } from "../../lib/queryKeys";

export interface PickedPatient {
  id: string;
  label: string;
}

export interface PatientPickerProps {
  value: PickedPatient | null;
  onChange: (patient: PickedPatient | null) => void;
  error?: string;
  testId: string;
  errorTestId: string;
}

/** A searchable select over `search_patients` (Rust ranks the matches; nothing is filtered here). */
export function PatientPicker({ value, onChange, error, testId, errorTestId }: PatientPickerProps) {
  const [search, setSearch] = useState(value?.label ?? "");
  const [debounced] = useDebouncedValue(search.trim(), 150);
  const enabled = debounced.length > 0 && debounced !== value?.label;
  const results = useQuery({
    queryKey: [...queryKeys.patientSearch(debounced), 10],
    queryFn: () => searchPatients(debounced, 10),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  const found = enabled
    ? (results.data ?? []).map((p) => ({ value: p.id, label: `${fullName(p)} · ${p.mrn} · ${p.dateOfBirth}` }))
    : [];
  const data = value && !found.some((o) => o.value === value.id) ? [{ value: value.id, label: value.label }, ...found] : found;
  return (
    <Select
      label="Patient"
      placeholder="Name, MRN, date of birth or phone"
      searchable
      required
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      filter={({ options }) => options}
      value={value?.id ?? null}
      onChange={(id, option) => onChange(id && option ? { id, label: option.label } : null)}
      nothingFoundMessage={enabled && !results.isFetching ? "No patient matches" : undefined}
      rightSection={results.isFetching ? <Loader size="xs" /> : undefined}
      error={error}
      errorProps={{ "data-testid": errorTestId }}
      comboboxProps={{ withinPortal: false }}
      data-testid={testId}
    />
  );
}
