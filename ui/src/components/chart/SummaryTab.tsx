import { Badge, List, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import type { VitalsReading } from "../../bindings/VitalsReading";
import { ROUTE_LABELS } from "../../lib/chartLabels";
import { AllergyPanel } from "./AllergyPanel";
import { bloodPressure, centimetres, dateTime, kilograms, plain, tenths } from "./chartFormat";
import { OpenAlerts } from "./OpenAlerts";

/** The chart at a glance: allergies, open alerts, active problems and medications, latest vitals. */
export function SummaryTab({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const problems = record.conditions.filter((c) => c.status === "active");
  const meds = record.prescriptions.filter((p) => p.status === "active");
  const latest = record.vitals[0];
  return (
    <Stack gap="md">
      <AllergyPanel patientId={patientId} record={record} />
      {record.alerts.length > 0 && <OpenAlerts patientId={patientId} alerts={record.alerts} />}
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Paper withBorder p="md" radius="md" data-testid="summary-problems">
          <Title order={4} mb="xs">
            Active problems
          </Title>
          {problems.length === 0 ? (
            <Text size="sm" c="dimmed">
              None recorded.
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {problems.map((c) => (
                <List.Item key={c.id}>
                  {c.problem}
                  {c.code && (
                    <Badge ml={6} size="xs" variant="outline" color="gray">
                      {c.code}
                    </Badge>
                  )}
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md" data-testid="summary-medications">
          <Title order={4} mb="xs">
            Active medications
          </Title>
          {meds.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <List size="sm" spacing={4}>
              {meds.map((m) => (
                <List.Item key={m.id}>
                  <Text span fw={600} size="sm">
                    {m.medication}
                    {m.strength ? ` ${m.strength}` : ""}
                  </Text>{" "}
                  — {m.dose}, {ROUTE_LABELS[m.route].toLowerCase()}, {m.frequency}
                </List.Item>
              ))}
            </List>
          )}
        </Paper>
        <Paper withBorder p="md" radius="md" data-testid="summary-vitals">
          <Title order={4} mb="xs">
            Latest vitals
          </Title>
          {latest ? (
            <LatestVitals reading={latest} />
          ) : (
            <Text size="sm" c="dimmed">
              None recorded.
            </Text>
          )}
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}

function LatestVitals({ reading: v }: { reading: VitalsReading }) {
  const rows: [string, string][] = [
    ["BP", withUnit(bloodPressure(v.systolicMmhg, v.diastolicMmhg), " mmHg")],
    ["Pulse", plain(v.pulsePerMin, " /min")],
    ["Temperature", tenths(v.temperatureTenthsC, " °C")],
    ["Resp. rate", plain(v.respiratoryRatePerMin, " /min")],
    ["SpO₂", plain(v.spo2Percent, " %")],
    ["Height", centimetres(v.heightMm)],
    ["Weight", kilograms(v.weightG)],
    ["BMI", tenths(v.bmiTenths, "")],
  ];
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed">
        {dateTime(v.takenAt)}
      </Text>
      {rows.map(([label, value]) => (
        <Text key={label} size="sm">
          <Text span c="dimmed" size="sm">
            {label}:
          </Text>{" "}
          {value}
        </Text>
      ))}
    </Stack>
  );
}

function withUnit(value: string, unit: string): string {
  return value === "—" ? value : `${value}${unit}`;
}
