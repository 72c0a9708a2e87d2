import { useState } from "react";
import { Alert, Button, Group, Pagination, Stack, Table, Text, Title } from "@mantine/core";
import { keepPreviousData, useMutation, useQuery } from "@tanstack/react-query";
import { exportAuditCsv, listAuditEvents, toCommandError, verifyAuditTrail } from "../api";
import type { AuditFilter } from "../bindings/AuditFilter";
import type { AuditVerification } from "../bindings/AuditVerification";
import { AuditFilters } from "../components/AuditFilters";
import { SecurityAlertList } from "../components/SecurityAlertList";
import { fieldErrorsOf } from "../lib/fieldErrors";
import { AUDIT_ACTION_LABELS, formatInstant, roleLabel } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";

const PAGE_SIZE = 50;
const NO_FILTER: AuditFilter = { userId: null, patientId: null, action: null, from: null, to: null };

function VerifyResult({ result }: { result: AuditVerification }) {
  if (!result.broken) {
    return (
      <Alert color="green" data-testid="audit-verify-result">
        Intact: {result.eventsChecked} events in {result.sitesChecked} site chain(s) checked.
      </Alert>
    );
  }
  const b = result.broken;
  return (
    <Alert color="red" title="The audit trail has been tampered with" data-testid="audit-verify-result">
      Site {b.siteId}, event {b.seq}
      {b.eventId ? ` (${b.eventId})` : ""}: {b.problem}.
    </Alert>
  );
}

/** Who did what, to which patient, when: filters, paging, CSV export and chain verification. */
export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const events = useQuery({
    queryKey: queryKeys.audit(filter, page),
    queryFn: () => listAuditEvents(filter, page, PAGE_SIZE),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const exported = useMutation({ mutationFn: () => exportAuditCsv(filter) });
  const verified = useMutation({ mutationFn: verifyAuditTrail });
  const pages = Math.max(1, Math.ceil((events.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Audit trail</Title>
        <Group gap="sm">
          <Button variant="default" onClick={() => verified.mutate()} loading={verified.isPending} data-testid="audit-verify">
            Verify chain
          </Button>
          <Button onClick={() => exported.mutate()} loading={exported.isPending} data-testid="audit-export">
            Export CSV
          </Button>
        </Group>
      </Group>
      <SecurityAlertList />
      {verified.data && <VerifyResult result={verified.data} />}
      {exported.data && (
        <Alert color="blue" data-testid="audit-export-result">
          Saved {exported.data.rows} events to {exported.data.path}
        </Alert>
      )}
      {(exported.error || verified.error) && <Alert color="red">{toCommandError(exported.error ?? verified.error).message}</Alert>}
      <AuditFilters
        filter={filter}
        onChange={(f) => {
          setFilter(f);
          setPage(1);
        }}
        errors={fieldErrorsOf(events.error)}
      />
      {events.isError && !fieldErrorsOf(events.error).from && !fieldErrorsOf(events.error).to && (
        <Alert color="red">{toCommandError(events.error).message}</Alert>
      )}
      <Text size="sm" c="dimmed" data-testid="audit-total">
        {events.data ? `${events.data.total} events` : "Loading…"}
      </Text>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Staff</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Patient</Table.Th>
            <Table.Th>Detail</Table.Th>
            <Table.Th>Site</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(events.data?.events ?? []).map((e) => (
            <Table.Tr key={e.id} data-testid="audit-row">
              <Table.Td>{formatInstant(e.occurredAt)}</Table.Td>
              <Table.Td>{e.username ?? "—"}</Table.Td>
              <Table.Td>{roleLabel(e.role)}</Table.Td>
              <Table.Td>{AUDIT_ACTION_LABELS[e.action]}</Table.Td>
              <Table.Td>{e.patientName ? `${e.patientName} (${e.patientMrn ?? ""})` : e.patientId ? e.patientId.slice(0, 8) : ""}</Table.Td>
              <Table.Td>{e.detail ?? ""}</Table.Td>
              <Table.Td>{e.siteCode ?? e.siteId.slice(0, 8)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {pages > 1 && <Pagination total={pages} value={page} onChange={setPage} data-testid="audit-pages" />}
    </Stack>
  );
}
