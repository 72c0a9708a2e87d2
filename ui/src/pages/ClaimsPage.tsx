import { Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { listClaims } from "../api";
import type { ClaimListing } from "../bindings/ClaimListing";
import type { ClaimStatus } from "../bindings/ClaimStatus";
import { ClaimCard } from "../components/billing/ClaimCard";
import { NoAccess } from "../components/NoAccess";
import { useBillingCurrency } from "../components/billing/useBillingCurrency";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { queryKeys } from "../lib/queryKeys";
import { useSession } from "../lib/session";

/** The board's columns, left to right, and the statuses each holds. */
const COLUMNS: { key: string; title: string; statuses: ClaimStatus[] }[] = [
  { key: "draft", title: "Draft", statuses: ["draft"] },
  { key: "submitted", title: "Submitted", statuses: ["submitted"] },
  { key: "approved", title: "Approved", statuses: ["approved", "partially_approved"] },
  { key: "denied", title: "Denied", statuses: ["denied"] },
  { key: "paid", title: "Paid", statuses: ["paid"] },
];

function Column({ title, testId, claims, currency }: { title: string; testId: string; claims: ClaimListing[]; currency: string }) {
  return (
    <Paper withBorder p="sm" radius="md" bg="var(--mantine-color-gray-0)" data-testid={testId}>
      <Stack gap="xs">
        <Text fw={600} size="sm">
          {title} ({claims.length})
        </Text>
        {claims.map((c) => (
          <ClaimCard key={c.id} claim={c} currency={currency} />
        ))}
      </Stack>
    </Paper>
  );
}

/** Every insurance claim, by status, with the moves each allows. */
export function ClaimsPage() {
  const { can } = useSession();
  const allowed = can("manage_billing");
  const currency = useBillingCurrency();
  const claims = useQuery({ queryKey: queryKeys.claims(null), queryFn: () => listClaims(null), enabled: allowed });
  if (!allowed) return <NoAccess what="the claims board" />;
  if (claims.isPending) return <LoadingState label="Loading claims…" />;
  if (claims.isError) return <ErrorState error={claims.error} title="Could not load the claims" onRetry={() => void claims.refetch()} />;
  return (
    <Stack gap="md" data-testid="claims-board">
      <Title order={2}>Insurance claims</Title>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
        {COLUMNS.map((col) => (
          <Column key={col.key} title={col.title} testId={`claims-column-${col.key}`} claims={claims.data.filter((c) => col.statuses.includes(c.status))} currency={currency} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}
