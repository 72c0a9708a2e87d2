import { NativeSelect } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { patientAppointments } from "../../api";
import type { Appointment } from "../../bindings/Appointment";
import { queryKeys } from "../../lib/queryKeys";
import { useSession } from "../../lib/session";
import { formatClock, formatDay } from "../../lib/wallClock";

export interface AppointmentPickerProps {
  patientId: string;
  value: string | null;
  onChange: (appointment: Appointment | null) => void;
  disabled?: boolean;
}

function label(a: Appointment): string {
  return [`${formatDay(a.start)} ${formatClock(a.start)}`, a.typeName ?? a.reason, a.providerName].filter(Boolean).join(" · ");
}

/** "From an appointment": the patient's completed appointments (the schedule's own query). */
export function AppointmentPicker({ patientId, value, onChange, disabled }: AppointmentPickerProps) {
  const { can } = useSession();
  const list = useQuery({
    queryKey: queryKeys.patientAppointments(patientId),
    queryFn: () => patientAppointments(patientId),
    enabled: can("view_schedule"),
  });
  const completed = (list.data ?? []).filter((a) => a.status === "completed");
  return (
    <NativeSelect
      label="From an appointment"
      description={
        list.isError
          ? "The appointments could not be read."
          : completed.length === 0 && list.isSuccess
            ? "This patient has no completed appointments."
            : "Fills in the services of the appointment's type."
      }
      data={[{ value: "", label: "None" }, ...completed.map((a) => ({ value: a.id, label: label(a) }))]}
      value={value ?? ""}
      onChange={(e) => onChange(completed.find((a) => a.id === e.currentTarget.value) ?? null)}
      disabled={disabled || !can("view_schedule")}
      maw={480}
      data-testid="invoice-from-appointment"
    />
  );
}
