import { Badge, Button, Group, NativeSelect, Pagination, Paper, Stack, Switch, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import { listPatients } from "../api";
import type { PatientSort } from "../bindings/PatientSort";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { listName, orDash, SEX_LABELS } from "../lib/format";
import { queryKeys } from "../lib/queryKeys";

export const PAGE_SIZE = 25;

const SORT_OPTIONS: { value: PatientSort; label: string }[] = [
  { value: "family_name", label: "Family name" },
  { value: "given_name", label: "Given name" },
  { value: "date_of_birth", label: "Date of birth" },
  { value: "recently_updated", label: "Recently updated" },
  { value: "mrn", label: "MRN" },
];

function parseSort(v: string | null): PatientSort {
  return SORT_OPTIONS.some((o) => o.value === v) ? (v as PatientSort) : "family_name";
}

function parsePage(v: string | null): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function PatientListPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const page = parsePage(params.get("page"));
  const sort = parseSort(params.get("sort"));
  const includeArchived = params.get("archived") === "1";

  const request = { page, pageSize: PAGE_SIZE, sort, includeArchived };
  const list = useQuery({
    queryKey: queryKeys.patientList(request),
    queryFn: () => listPatients(request),
    placeholderData: keepPreviousData,
  });

  const update = (changes: { page?: number; sort?: PatientSort; archived?: boolean }) => {
    const next = new URLSearchParams(params);
    if (changes.page !== undefined) next.set("page", String(changes.page));
    if (changes.sort !== undefined) next.set("sort", changes.sort);
    if (changes.archived !== undefined) next.set("archived", changes.archived ? "1" : "0");
    setParams(next, { replace: true });
  };

  const open = (id: string) => navigate(`/patients/${id}`);
  const data = list.data;
  const totalPages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  return (
    <Stack gap="md" data-testid="patient-list">
      <Group justify="space-between" align="flex-end">
        <Title order={2}>Patients</Title>
        <Group gap="md" align="flex-end">
          <NativeSelect
            label="Sort by"
            data={SORT_OPTIONS}
            value={sort}
            onChange={(e) => update({ sort: parseSort(e.currentTarget.value), page: 1 })}
            data-testid="patient-sort"
          />
          <Switch
            label="Show archived"
            checked={includeArchived}
            onChange={(e) => update({ archived: e.currentTarget.checked, page: 1 })}
            data-testid="show-archived"
            mb={8}
          />
        </Group>
      </Group>

      {list.isPending ? (
        <LoadingState label="Loading patients…" />
      ) : list.isError ? (
        <ErrorState error={list.error} title="Could not load patients" onRetry={() => void list.refetch()} />
      ) : data && data.items.length === 0 ? (
        <Paper withBorder p="xl" data-testid="patient-list-empty">
          <Stack align="center" gap="sm">
            <Text c="dimmed">{data.total === 0 && page === 1 ? "No patients yet." : "No patients on this page."}</Text>
            <Button component={Link} to="/patients/new">
              Register a patient
            </Button>
          </Stack>
        </Paper>
      ) : data ? (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table highlightOnHover striped verticalSpacing="xs" style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>MRN</Table.Th>
                  <Table.Th>Date of birth</Table.Th>
                  <Table.Th>Sex</Table.Th>
                  <Table.Th>Phone</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((p) => (
                  <Table.Tr
                    key={p.id}
                    data-testid="patient-row"
                    tabIndex={0}
                    style={{ cursor: "pointer" }}
                    onClick={() => open(p.id)}
                    onKeyDown={(e) => {
                      if (e.key === "Enter") open(p.id);
                    }}
                  >
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {listName(p)}
                        </Text>
                        {p.archived && (
                          <Badge size="xs" color="gray" variant="light">
                            Archived
                          </Badge>
                        )}
                      </Group>
                    </Table.Td>
                    <Table.Td>{p.mrn}</Table.Td>
                    <Table.Td>{p.dateOfBirth}</Table.Td>
                    <Table.Td>{SEX_LABELS[p.sex]}</Table.Td>
                    <Table.Td>{orDash(p.phone)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group justify="space-between">
            <Text size="sm" c="dimmed" data-testid="patient-total">
              {data.total} {data.total === 1 ? "patient" : "patients"}
            </Text>
            <Pagination
              total={totalPages}
              value={Math.min(page, totalPages)}
              onChange={(p) => update({ page: p })}
              data-testid="patient-pagination"
            />
          </Group>
        </>
      ) : null}
    </Stack>
  );
}
