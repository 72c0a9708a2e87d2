import { Badge, Tabs } from "@mantine/core";
import { useSearchParams } from "react-router-dom";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { EncountersTab } from "./EncountersTab";
import { HistoryTab } from "./HistoryTab";
import { LabsTab } from "./LabsTab";
import { MedicationsTab } from "./MedicationsTab";
import { SummaryTab } from "./SummaryTab";
import { VitalsTab } from "./VitalsTab";

const TABS = ["summary", "history", "encounters", "vitals", "labs", "medications"] as const;
type TabName = (typeof TABS)[number];
const isTab = (v: string | null): v is TabName => TABS.includes(v as TabName);

/**
 * The chart's sections as tabs (arrow keys move between them). The open tab is in the URL
 * (?tab=labs) so a link can open a section. Panels stay mounted: switching tabs loses nothing typed.
 */
export function ChartTabs({ patientId, record }: { patientId: string; record: ChartRecord }) {
  const [params, setParams] = useSearchParams();
  const requested = params.get("tab");
  const tab: TabName = isTab(requested) ? requested : "summary";
  const activeMeds = record.prescriptions.filter((p) => p.status === "active").length;
  const openAlerts = record.alerts.length;
  return (
    <Tabs
      value={tab}
      onChange={(v) =>
        setParams(
          (p) => {
            const next = new URLSearchParams(p);
            next.set("tab", v ?? "summary");
            return next;
          },
          { replace: true },
        )
      }
      keepMounted
      data-testid="chart-tabs"
    >
      <Tabs.List>
        <Tabs.Tab value="summary" data-testid="tab-summary">
          Summary
        </Tabs.Tab>
        <Tabs.Tab value="history" data-testid="tab-history">
          History
        </Tabs.Tab>
        <Tabs.Tab value="encounters" data-testid="tab-encounters" rightSection={count(record.encounters.length)}>
          Encounters
        </Tabs.Tab>
        <Tabs.Tab value="vitals" data-testid="tab-vitals">
          Vitals
        </Tabs.Tab>
        <Tabs.Tab value="labs" data-testid="tab-labs" rightSection={openAlerts > 0 ? count(openAlerts, "red") : undefined}>
          Labs
        </Tabs.Tab>
        <Tabs.Tab value="medications" data-testid="tab-medications" rightSection={count(activeMeds)}>
          Medications
        </Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="summary" pt="md">
        <SummaryTab patientId={patientId} record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="history" pt="md">
        <HistoryTab patientId={patientId} record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="encounters" pt="md">
        <EncountersTab patientId={patientId} record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="vitals" pt="md">
        <VitalsTab patientId={patientId} record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="labs" pt="md">
        <LabsTab patientId={patientId} record={record} />
      </Tabs.Panel>
      <Tabs.Panel value="medications" pt="md">
        <MedicationsTab patientId={patientId} record={record} />
      </Tabs.Panel>
    </Tabs>
  );
}

function count(n: number, color = "gray") {
  return n > 0 ? (
    <Badge size="xs" variant="light" color={color} circle>
      {n}
    </Badge>
  ) : undefined;
}
