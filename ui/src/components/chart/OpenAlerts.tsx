import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { acknowledgeClinicalAlert } from "../../api";
import type { ClinicalAlert } from "../../bindings/ClinicalAlert";
import { LAB_FLAG_COLORS, LAB_FLAG_LABELS } from "../../lib/chartLabels";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { useSession } from "../../lib/session";
import { dateTime } from "./chartFormat";
import { useChartWrite } from "./useChartWrite";

/** The patient's open urgent results; a doctor acknowledges them here. */
export function OpenAlerts({ patientId, alerts }: { patientId: string; alerts: ClinicalAlert[] }) {
  const { can } = useSession();
  const ack = useChartWrite(patientId, (alertId: string) => acknowledgeClinicalAlert(alertId), () =>
    notifications.show({ color: "green", message: "Urgent result acknowledged" }),
  );
  return (
    <Paper withBorder p="md" radius="md" data-testid="open-alerts">
      <Title order={4} mb="sm">
        Open urgent results
      </Title>
      {alerts.length === 0 ? (
        <Text size="sm" c="dimmed">
          None.
        </Text>
      ) : (
        <Stack gap="xs">
          {alerts.map((a) => (
            <Group key={a.id} justify="space-between" wrap="nowrap" data-testid="open-alert">
              <Stack gap={0}>
                <Group gap="xs">
                  <Badge color={LAB_FLAG_COLORS[a.flag]}>{LAB_FLAG_LABELS[a.flag]}</Badge>
                  <Text size="sm" fw={600}>
                    {a.message}
                  </Text>
                </Group>
                <Text size="xs" c="dimmed">
                  Raised {dateTime(a.raisedAt)}
                </Text>
              </Stack>
              {can("write_clinical_notes") && (
                <Button
                  size="xs"
                  variant="light"
                  loading={ack.isPending && ack.variables === a.id}
                  onClick={() => ack.mutate(a.id)}
                  data-testid="alert-acknowledge"
                >
                  Acknowledge
                </Button>
              )}
            </Group>
          ))}
          {ack.isError && (
            <Text size="sm" c="red" data-testid="alert-acknowledge-error">
              {errorSummaryOf(ack.error)}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
