import { useState } from "react";
import { Badge, Button, ColorSwatch, Divider, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { listProviders } from "../api";
import type { Provider } from "../bindings/Provider";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { AppointmentTypesSection } from "../components/providers/AppointmentTypesSection";
import { ExceptionsModal } from "../components/providers/ExceptionsModal";
import { ProviderFormModal } from "../components/providers/ProviderFormModal";
import { WEEKDAYS } from "../components/providers/WeeklyHoursEditor";
import { queryKeys } from "../lib/queryKeys";

function hoursSummary(p: Provider): string {
  const days = [...new Set(p.weeklyHours.map((h) => h.weekday))].sort();
  if (days.length === 0) return "No weekly hours";
  return days
    .map((d) => {
      const spans = p.weeklyHours.filter((h) => h.weekday === d).map((h) => `${h.start}–${h.end}`);
      return `${WEEKDAYS[d - 1]?.slice(0, 3) ?? d} ${spans.join(", ")}`;
    })
    .join(" · ");
}

/** Providers (hours, leave, extra sessions) and appointment types. */
export function ProvidersPage() {
  const providers = useQuery({ queryKey: queryKeys.providers, queryFn: listProviders });
  const [editing, setEditing] = useState<Provider | "new" | null>(null);
  const [exceptionsOf, setExceptionsOf] = useState<Provider | null>(null);

  if (providers.isPending) return <LoadingState label="Loading providers…" />;
  if (providers.isError) return <ErrorState error={providers.error} title="Could not load the providers" onRetry={() => void providers.refetch()} />;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Providers</Title>
        <Button onClick={() => setEditing("new")} data-testid="provider-create">
          New provider
        </Button>
      </Group>
      {providers.data.length === 0 ? (
        <Text c="dimmed">No providers yet.</Text>
      ) : (
        <Table striped highlightOnHover data-testid="providers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Specialty</Table.Th>
              <Table.Th>Room</Table.Th>
              <Table.Th>Hours</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {providers.data.map((p) => (
              <Table.Tr key={p.id} data-testid="provider-row" data-provider-id={p.id}>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <ColorSwatch color={p.colour} size={14} />
                    <Text size="sm">{p.displayName}</Text>
                    {!p.active && <Badge color="gray">Inactive</Badge>}
                  </Group>
                </Table.Td>
                <Table.Td>{p.specialty}</Table.Td>
                <Table.Td>{p.room}</Table.Td>
                <Table.Td>
                  <Text size="xs">{hoursSummary(p)}</Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setEditing(p)} data-testid="provider-edit">
                      Edit
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setExceptionsOf(p)} data-testid="provider-exceptions">
                      Leave &amp; extra
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Divider />
      <AppointmentTypesSection />
      {editing && <ProviderFormModal provider={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
      {exceptionsOf && <ExceptionsModal provider={exceptionsOf} onClose={() => setExceptionsOf(null)} />}
    </Stack>
  );
}
