import { Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { AllergyRecord } from "../../bindings/AllergyRecord";
import type { ClinicalAlert } from "../../bindings/ClinicalAlert";
import type { Patient } from "../../bindings/Patient";
import { ALLERGY_SEVERITY_LABELS } from "../../lib/chartLabels";
import { formatAge, fullName, SEX_LABELS } from "../../lib/format";

export interface ChartBannerProps {
  patient: Patient;
  allergies: AllergyRecord;
  alerts: ClinicalAlert[];
}

/** Who the patient is, what they are allergic to, and which urgent results are open. */
export function ChartBanner({ patient: p, allergies, alerts }: ChartBannerProps) {
  const age = formatAge(p.dateOfBirth);
  return (
    <Paper withBorder p="md" radius="md" data-testid="chart-banner">
      <Group justify="space-between" align="flex-start" gap="md">
        <Stack gap={2}>
          <Title order={2}>{fullName(p)}</Title>
          <Text c="dimmed" size="sm">
            {age ? `${age} · ` : ""}
            {SEX_LABELS[p.sex]} · MRN {p.mrn} · born {p.dateOfBirth}
          </Text>
        </Stack>
        <Stack gap={6} align="flex-end">
          <BannerAllergies allergies={allergies} />
          {alerts.length > 0 && <BannerAlerts alerts={alerts} />}
        </Stack>
      </Group>
    </Paper>
  );
}

function BannerAllergies({ allergies }: { allergies: AllergyRecord }) {
  if (allergies.state === "known" && allergies.allergies.length > 0) {
    return (
      <Group gap={6} justify="flex-end" data-testid="banner-allergies" data-state="known" aria-label="Allergies">
        <Text size="sm" fw={700} c="red">
          Allergies:
        </Text>
        {allergies.allergies.map((a) => (
          <Badge key={a.id} color="red" variant="filled" tt="none" size="lg" data-testid="banner-allergy">
            {a.substance} ({ALLERGY_SEVERITY_LABELS[a.severity].toLowerCase()})
          </Badge>
        ))}
      </Group>
    );
  }
  if (allergies.state === "no_known_allergies") {
    return (
      <Group gap={6} data-testid="banner-allergies" data-state="no_known_allergies">
        <Badge color="green" variant="light" tt="none" size="lg">
          No known allergies
        </Badge>
      </Group>
    );
  }
  return (
    <Group gap={6} data-testid="banner-allergies" data-state="not_recorded">
      <Badge color="orange" variant="light" tt="none" size="lg">
        Allergies not recorded
      </Badge>
    </Group>
  );
}

function BannerAlerts({ alerts }: { alerts: ClinicalAlert[] }) {
  return (
    <Stack gap={2} align="flex-end" data-testid="urgent-alerts" role="alert">
      <Badge color="red" variant="filled">
        {alerts.length === 1 ? "1 urgent result" : `${alerts.length} urgent results`}
      </Badge>
      <List size="sm" c="red" listStyleType="none" ta="right">
        {alerts.map((a) => (
          <List.Item key={a.id}>{a.message}</List.Item>
        ))}
      </List>
    </Stack>
  );
}
