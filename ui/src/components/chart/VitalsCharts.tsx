import { Paper, SimpleGrid, Text } from "@mantine/core";
import { CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { Line } from "react-chartjs-2";
import type { VitalsReading } from "../../bindings/VitalsReading";
import { shortDate } from "./chartFormat";

// chart.js, not recharts: recharts' number library assigns to `valueOf` on a plain object,
// which throws under Tauri's frozen Object.prototype (freezePrototype), blanking the screen.
Chart.register(CategoryScale, LinearScale, PointElement, LineElement, Legend, Tooltip);

interface ChartSpec {
  title: string;
  unit: string;
  series: { name: string; label: string; color: string; value: (v: VitalsReading) => number | null }[];
}

const CHARTS: readonly ChartSpec[] = [
  {
    title: "Blood pressure",
    unit: "mmHg",
    series: [
      { name: "systolic", label: "Systolic", color: "#fa5252", value: (v) => v.systolicMmhg },
      { name: "diastolic", label: "Diastolic", color: "#228be6", value: (v) => v.diastolicMmhg },
    ],
  },
  { title: "Pulse", unit: "/min", series: [{ name: "pulse", label: "Pulse", color: "#e64980", value: (v) => v.pulsePerMin }] },
  {
    title: "Temperature",
    unit: "°C",
    series: [{ name: "temperature", label: "Temperature", color: "#fd7e14", value: (v) => (v.temperatureTenthsC === null ? null : v.temperatureTenthsC / 10) }],
  },
  { title: "Respiratory rate", unit: "/min", series: [{ name: "resp", label: "Resp. rate", color: "#15aabf", value: (v) => v.respiratoryRatePerMin }] },
  { title: "SpO₂", unit: "%", series: [{ name: "spo2", label: "SpO₂", color: "#4c6ef5", value: (v) => v.spo2Percent }] },
  { title: "Weight", unit: "kg", series: [{ name: "weight", label: "Weight", color: "#12b886", value: (v) => (v.weightG === null ? null : v.weightG / 1000) }] },
  { title: "Height", unit: "cm", series: [{ name: "height", label: "Height", color: "#be4bdb", value: (v) => (v.heightMm === null ? null : v.heightMm / 10) }] },
  { title: "BMI", unit: "kg/m²", series: [{ name: "bmi", label: "BMI", color: "#7950f2", value: (v) => (v.bmiTenths === null ? null : v.bmiTenths / 10) }] },
];

/** One line chart per measure over time (oldest on the left); measures never taken are left out. */
export function VitalsCharts({ vitals }: { vitals: VitalsReading[] }) {
  const oldestFirst = [...vitals].reverse();
  const charts = CHARTS.map((spec) => {
    const data = oldestFirst
      .map((v) => {
        const point: Record<string, string | number | null> = { when: shortDate(v.takenAt) };
        for (const s of spec.series) point[s.name] = s.value(v);
        return point;
      })
      .filter((p) => spec.series.some((s) => p[s.name] !== null));
    return { spec, data };
  }).filter((c) => c.data.length > 0);

  if (charts.length === 0) return null;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="vitals-charts">
      {charts.map(({ spec, data }) => (
        <Paper key={spec.title} withBorder p="sm" radius="md" data-testid="vitals-chart">
          <Text size="sm" fw={600} mb="xs">
            {spec.title} ({spec.unit})
          </Text>
          <div style={{ height: 180 }}>
            <Line
              data={{
                labels: data.map((p) => p.when),
                datasets: spec.series.map((series) => ({
                  label: series.label,
                  data: data.map((p) => p[series.name] as number | null),
                  borderColor: series.color,
                  backgroundColor: series.color,
                  spanGaps: true,
                })),
              }}
              options={{
                maintainAspectRatio: false,
                animation: false,
                plugins: { legend: { display: spec.series.length > 1 } },
              }}
              aria-label={`${spec.title} over time`}
              role="img"
            />
          </div>
        </Paper>
      ))}
    </SimpleGrid>
  );
}
