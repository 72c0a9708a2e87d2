import { Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { syncProblems } from "../../api";
import type { ProblemDirection } from "../../bindings/ProblemDirection";
import { formatInstant } from "../../lib/labels";
import { queryKeys } from "../../lib/queryKeys";
import { ErrorState } from "../ErrorState";
import { LoadingState } from "../LoadingState";

const DIRECTION_LABELS: Record<ProblemDirection, string> = {
  sent: "Sent, refused by the server",
  received: "Received, not stored here",
};

/** Changes the server refused or that this site could not store, newest first. */
export function SyncProblemsTable() {
  const problems = useQuery({ queryKey: queryKeys.syncProblems, queryFn: syncProblems });
  if (problems.isPending) return <LoadingState label="Loading sync problems…" />;
  if (problems.isError) return <ErrorState error={problems.error} title="Could not load the sync problems" onRetry={() => void problems.refetch()} />;
  if (problems.data.length === 0)
    return (
      <Text c="dimmed" size="sm" data-testid="sync-problems-empty">
        No problems: every change went through.
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped data-testid="sync-problems">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Direction</Table.Th>
            <Table.Th>Record</Table.Th>
            <Table.Th>Field</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {problems.data.map((p) => (
            <Table.Tr key={`${p.direction}-${p.table}-${p.recordId}-${p.field}-${p.noticedAt}`} data-testid="sync-problem-row">
              <Table.Td>{formatInstant(p.noticedAt)}</Table.Td>
              <Table.Td>{DIRECTION_LABELS[p.direction]}</Table.Td>
              <Table.Td title={p.recordId}>{p.table}</Table.Td>
              <Table.Td>{p.field || "—"}</Table.Td>
              <Table.Td>{p.reason}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
