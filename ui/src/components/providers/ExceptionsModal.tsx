import { useState } from "react";
import { ActionIcon, Alert, Badge, Group, Modal, SegmentedControl, Stack, Table, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { addScheduleException, listScheduleExceptions, removeScheduleException } from "../../api";
import type { ExceptionKind } from "../../bindings/ExceptionKind";
import type { Provider } from "../../bindings/Provider";
import type { ScheduleExceptionInput } from "../../bindings/ScheduleExceptionInput";
import { errorSummaryOf, formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { formatDay } from "../../lib/wallClock";
import { FormActions } from "../FormActions";

const PLACED = ["startDate", "endDate", "startTime", "endTime", "reason"] as const;

/** Leave (whole days) and extra sessions (a date with hours) of one provider. */
export function ExceptionsModal({ provider, onClose }: { provider: Provider; onClose: () => void }) {
  const client = useQueryClient();
  const key = queryKeys.scheduleExceptions(provider.id);
  const list = useQuery({ queryKey: key, queryFn: () => listScheduleExceptions(provider.id) });
  const [kind, setKind] = useState<ExceptionKind>("leave");
  const [startDate, setStartDate] = useState("");
  const [endDate, setEndDate] = useState("");
  const [startTime, setStartTime] = useState("");
  const [endTime, setEndTime] = useState("");
  const [reason, setReason] = useState("");
  const refresh = () => {
    void client.invalidateQueries({ queryKey: key });
    void client.invalidateQueries({ queryKey: queryKeys.schedule });
  };
  const add = useMutation({
    mutationFn: (input: ScheduleExceptionInput) => addScheduleException(input),
    onSuccess: () => {
      refresh();
      setStartDate("");
      setEndDate("");
      setStartTime("");
      setEndTime("");
      setReason("");
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => removeScheduleException(id),
    onSuccess: refresh,
    onError: (e) => notifications.show({ color: "red", message: errorSummaryOf(e) }),
  });
  const { fields, general } = formErrorsOf(add.error, PLACED);
  const errorProps = (k: string) => ({ "data-testid": `exception-error-${k}` });

  const submit = () =>
    add.mutate({
      providerId: provider.id,
      kind,
      startDate,
      endDate: kind === "leave" ? endDate || startDate : startDate,
      startTime: kind === "extra" ? startTime || null : null,
      endTime: kind === "extra" ? endTime || null : null,
      reason: reason.trim() || null,
    });

  return (
    <Modal opened onClose={onClose} title={`Leave and extra sessions: ${provider.displayName}`} size="lg" centered>
      <Stack gap="md">
        {list.isError && <Alert color="red">{errorSummaryOf(list.error)}</Alert>}
        {list.data && list.data.length === 0 && (
          <Text size="sm" c="dimmed">
            No leave or extra sessions.
          </Text>
        )}
        {list.data && list.data.length > 0 && (
          <Table data-testid="exceptions-table">
            <Table.Tbody>
              {list.data.map((x) => (
                <Table.Tr key={x.id} data-testid="exception-row">
                  <Table.Td>
                    <Badge color={x.kind === "leave" ? "orange" : "teal"} variant="light">
                      {x.kind === "leave" ? "Leave" : "Extra"}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {x.kind === "leave"
                      ? x.startDate === x.endDate
                        ? formatDay(x.startDate)
                        : `${formatDay(x.startDate)} – ${formatDay(x.endDate)}`
                      : `${formatDay(x.startDate)}, ${x.startTime ?? ""}–${x.endTime ?? ""}`}
                  </Table.Td>
                  <Table.Td>{x.reason}</Table.Td>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label="Remove"
                      onClick={() => remove.mutate(x.id)}
                      loading={remove.isPending && remove.variables === x.id}
                      data-testid="exception-remove"
                    >
                      ×
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          noValidate
        >
          <Stack gap="xs">
            <SegmentedControl
              aria-label="Kind"
              value={kind}
              onChange={(v) => setKind(v as ExceptionKind)}
              data={[
                { value: "leave", label: "Leave (whole days)" },
                { value: "extra", label: "Extra session" },
              ]}
              data-testid="exception-kind"
            />
            <Group grow align="flex-start">
              <TextInput label={kind === "leave" ? "First day" : "Date"} type="date" value={startDate} onChange={(e) => setStartDate(e.currentTarget.value)} error={fields.startDate} errorProps={errorProps("startDate")} data-testid="exception-start-date" />
              {kind === "leave" ? (
                <TextInput label="Last day" type="date" value={endDate} onChange={(e) => setEndDate(e.currentTarget.value)} error={fields.endDate} errorProps={errorProps("endDate")} data-testid="exception-end-date" />
              ) : (
                <>
                  <TextInput label="From" type="time" value={startTime} onChange={(e) => setStartTime(e.currentTarget.value)} error={fields.startTime} errorProps={errorProps("startTime")} data-testid="exception-start-time" />
                  <TextInput label="To" type="time" value={endTime} onChange={(e) => setEndTime(e.currentTarget.value)} error={fields.endTime} errorProps={errorProps("endTime")} data-testid="exception-end-time" />
                </>
              )}
            </Group>
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={fields.reason} errorProps={errorProps("reason")} data-testid="exception-reason" />
            <FormActions
              error={general}
              onCancel={onClose}
              cancelLabel="Close"
              submitLabel="Add"
              submitTestId="exception-add"
              pending={add.isPending}
            />
          </Stack>
        </form>
      </Stack>
    </Modal>
  );
}
