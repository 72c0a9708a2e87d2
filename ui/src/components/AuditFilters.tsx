import { useState } from "react";
import { Group, Select, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { listUsers, searchPatients } from "../api";
import type { AuditAction } from "../bindings/AuditAction";
import type { AuditFilter } from "../bindings/AuditFilter";
import { fullName } from "../lib/format";
import { AUDIT_ACTION_LABELS } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";

export interface AuditFiltersProps {
  filter: AuditFilter;
  onChange: (filter: AuditFilter) => void;
  errors: Record<string, string>;
}

const ALL = "";

/** The audit viewer's filters: who, which patient, what, and when. */
export function AuditFilters({ filter, onChange, errors }: AuditFiltersProps) {
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const [patientSearch, setPatientSearch] = useState("");
  const [patientLabel, setPatientLabel] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(patientSearch, 200);
  const patients = useQuery({
    queryKey: queryKeys.patientSearch(debounced),
    queryFn: () => searchPatients(debounced, 10),
    enabled: debounced.trim().length >= 2,
  });
  const patientOptions = (patients.data ?? []).map((p) => ({ value: p.id, label: `${fullName(p)} (${p.mrn})` }));
  if (patientLabel && !patientOptions.some((o) => o.value === patientLabel.value)) patientOptions.unshift(patientLabel);
  const set = (change: Partial<AuditFilter>) => onChange({ ...filter, ...change });

  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <Select
        label="Staff member"
        data={[{ value: ALL, label: "All staff" }, ...(users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))]}
        value={filter.userId ?? ALL}
        onChange={(v) => set({ userId: v || null })}
        comboboxProps={{ withinPortal: false }}
        data-testid="audit-filter-user"
        w={220}
      />
      <Select
        label="Patient"
        placeholder="Type a name or record number"
        searchable
        clearable
        data={patientOptions}
        value={filter.patientId ?? null}
        searchValue={patientSearch}
        onSearchChange={setPatientSearch}
        onChange={(v, option) => {
          setPatientLabel(v ? { value: v, label: option?.label ?? v } : null);
          set({ patientId: v || null });
        }}
        filter={({ options }) => options}
        nothingFoundMessage={debounced.trim().length >= 2 ? "No patient found" : "Type at least 2 letters"}
        comboboxProps={{ withinPortal: false }}
        data-testid="audit-filter-patient"
        w={260}
      />
      <Select
        label="Action"
        data={[
          { value: ALL, label: "All actions" },
          ...(Object.entries(AUDIT_ACTION_LABELS) as [AuditAction, string][]).map(([value, label]) => ({ value, label })),
        ]}
        value={filter.action ?? ALL}
        onChange={(v) => set({ action: (v || null) as AuditAction | null })}
        comboboxProps={{ withinPortal: false }}
        data-testid="audit-filter-action"
        w={220}
      />
      <TextInput
        label="From"
        type="date"
        value={filter.from ?? ""}
        onChange={(e) => set({ from: e.currentTarget.value || null })}
        error={errors.from}
        data-testid="audit-filter-from"
      />
      <TextInput
        label="To"
        type="date"
        value={filter.to ?? ""}
        onChange={(e) => set({ to: e.currentTarget.value || null })}
        error={errors.to}
        data-testid="audit-filter-to"
      />
    </Group>
  );
}
