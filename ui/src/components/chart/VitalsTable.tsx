import { Table, Text } from "@mantine/core";
import type { ChartRecord } from "../../bindings/ChartRecord";
import { bloodPressure, centimetres, dateTime, kilograms, plain, staffName, tenths } from "./chartFormat";

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
    <Table.ScrollContainer minWidth={760}>
      <Table striped data-testid="vitals-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Taken</Table.Th>
            <Table.Th>BP (mmHg)</Table.Th>
            <Table.Th>Pulse</Table.Th>
            <Table.Th>Temp.</Table.Th>
            <Table.Th>Resp.</Table.Th>
            <Table.Th>SpO₂</Table.Th>
            <Table.Th>Height</Table.Th>
            <Table.Th>Weight</Table.Th>
            <Table.Th>BMI</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
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
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
