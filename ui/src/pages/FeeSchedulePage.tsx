import { useState } from "react";
import { Badge, Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { listServices } from "../api";
import type { Service } from "../bindings/Service";
import { BillingSettingsForm } from "../components/billing/BillingSettingsForm";
import { NoAccess } from "../components/NoAccess";
import { ServiceFormModal } from "../components/billing/ServiceFormModal";
import { useBillingSettings } from "../components/billing/useBillingCurrency";
import { ChartTable, RowActionCell } from "../components/chart/ChartTable";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { formatMoney, formatPercent, UNSTATED_CURRENCY } from "../lib/money";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** The fee schedule: read-only for billing viewers; billing managers edit it and the settings. */
export function FeeSchedulePage() {
  const { can } = useSession();
  const allowed = can("view_billing");
  const manage = can("manage_billing");
  const services = useQuery({ queryKey: queryKeys.services, queryFn: listServices, enabled: allowed });
  const settings = useBillingSettings(allowed);
  const currency = settings.data?.currency ?? UNSTATED_CURRENCY;
  // undefined: closed; null: a new service.
  const [editing, setEditing] = useState<Service | null | undefined>(undefined);
  const [settingsOpen, setSettingsOpen] = useState(false);

  if (!allowed) return <NoAccess what="the fee schedule" />;
  if (services.isPending) return <LoadingState label="Loading the fee schedule…" />;
  if (services.isError) return <ErrorState error={services.error} title="Could not load the fee schedule" onRetry={() => void services.refetch()} />;

  return (
    <Stack gap="md" data-testid="fee-schedule">
      <Group justify="space-between">
        <Stack gap={0}>
          <Title order={2}>Fee schedule</Title>
          {settings.data && (
            <Text size="sm" c="dimmed" data-testid="billing-currency">
              Prices in {settings.data.currency}
            </Text>
          )}
        </Stack>
        {manage && (
          <Group gap="sm">
            {settings.data && !settingsOpen && (
              <Button variant="default" onClick={() => setSettingsOpen(true)} data-testid="billing-settings-open">
                Billing settings
              </Button>
            )}
            <Button onClick={() => setEditing(null)} data-testid="service-create">
              New service
            </Button>
          </Group>
        )}
      </Group>
      {settingsOpen && settings.data && <BillingSettingsForm settings={settings.data} onClose={() => setSettingsOpen(false)} />}
      <ChartTable columns={["Code", "Name", "Price", "Tax", "Status"]} actionColumn={manage} minWidth={640} striped testId="service-table">
        {services.data.map((s) => (
          <Table.Tr key={s.id} data-testid="service-row" data-service-id={s.id}>
            <Table.Td>{s.code}</Table.Td>
            <Table.Td>{s.name}</Table.Td>
            <Table.Td>{formatMoney(s.priceMinor, currency)}</Table.Td>
            <Table.Td>{formatPercent(s.taxRateBp)}</Table.Td>
            <Table.Td>
              <Badge color={s.active ? "green" : "gray"} variant="light">
                {s.active ? "Active" : "Inactive"}
              </Badge>
            </Table.Td>
            {manage && <RowActionCell label="Edit" onClick={() => setEditing(s)} testId="service-edit" />}
          </Table.Tr>
        ))}
      </ChartTable>
      {editing !== undefined && <ServiceFormModal key={editing?.id ?? "new"} service={editing} currency={currency} onClose={() => setEditing(undefined)} />}
    </Stack>
  );
}
