import { LineChart } from "@mantine/charts";
import { Paper, SimpleGrid, Text } from "@mantine/core";
import type { VitalsReading } from "../../bindings/VitalsReading";
import { shortDate } from "./chartFormat";

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
      { name: "systolic", label: "Systolic", color: "red.6", value: (v) => v.systolicMmhg },
      { name: "diastolic", label: "Diastolic", color: "blue.6", value: (v) => v.diastolicMmhg },
    ],
  },
  { title: "Pulse", unit: "/min", series: [{ name: "pulse", label: "Pulse", color: "pink.6", value: (v) => v.pulsePerMin }] },
  {
    title: "Temperature",
    unit: "°C",
    series: [{ name: "temperature", label: "Temperature", color: "orange.6", value: (v) => (v.temperatureTenthsC === null ? null : v.temperatureTenthsC / 10) }],
  },
  { title: "Respiratory rate", unit: "/min", series: [{ name: "resp", label: "Resp. rate", color: "cyan.6", value: (v) => v.respiratoryRatePerMin }] },
  { title: "SpO₂", unit: "%", series: [{ name: "spo2", label: "SpO₂", color: "indigo.6", value: (v) => v.spo2Percent }] },
  { title: "Weight", unit: "kg", series: [{ name: "weight", label: "Weight", color: "teal.6", value: (v) => (v.weightG === null ? null : v.weightG / 1000) }] },
  { title: "Height", unit: "cm", series: [{ name: "height", label: "Height", color: "grape.6", value: (v) => (v.heightMm === null ? null : v.heightMm / 10) }] },
  { title: "BMI", unit: "kg/m²", series: [{ name: "bmi", label: "BMI", color: "violet.6", value: (v) => (v.bmiTenths === null ? null : v.bmiTenths / 10) }] },
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
          <LineChart
            h={180}
            data={data}
            dataKey="when"
            series={spec.series.map((s) => ({ name: s.name, label: s.label, color: s.color }))}
            curveType="linear"
            connectNulls
            withLegend={spec.series.length > 1}
            yAxisProps={{ domain: ["auto", "auto"] }}
          />
        </Paper>
      ))}
    </SimpleGrid>
  );
}
