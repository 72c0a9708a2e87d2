import { Table, Text } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { bloodPressure, centimetres, dateTime, kilograms, plain, staffName, tenths } from "./chartFormat";
import { ChartTable } from "./ChartTable";

const COLUMNS = ["Taken", "BP (mmHg)", "Pulse", "Temp.", "Resp.", "SpO₂", "Height", "Weight", "BMI", "By"];

/** Every reading, newest first. */
export function VitalsTable({ record }: { record: ChartRecord }) {
  if (record.vitals.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="vitals-table">
        No vitals recorded.
      </Text>
    );
  }
  return (
    <ChartTable columns={COLUMNS} minWidth={760} striped testId="vitals-table">
      {record.vitals.map((v) => (
        <Table.Tr key={v.id} data-testid="vitals-row">
          <Table.Td>{dateTime(v.takenAt)}</Table.Td>
          <Table.Td>{bloodPressure(v.systolicMmhg, v.diastolicMmhg)}</Table.Td>
          <Table.Td>{plain(v.pulsePerMin, "/min")}</Table.Td>
          <Table.Td>{tenths(v.temperatureTenthsC, " °C")}</Table.Td>
          <Table.Td>{plain(v.respiratoryRatePerMin, "/min")}</Table.Td>
          <Table.Td>{plain(v.spo2Percent, " %")}</Table.Td>
          <Table.Td>{centimetres(v.heightMm)}</Table.Td>
          <Table.Td>{kilograms(v.weightG)}</Table.Td>
          <Table.Td>{tenths(v.bmiTenths, "")}</Table.Td>
          <Table.Td>{staffName(record, v.recordedBy)}</Table.Td>
        </Table.Tr>
      ))}
    </ChartTable>
  );
}
