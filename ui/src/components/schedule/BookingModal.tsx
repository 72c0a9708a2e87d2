import { useState } from "react";
import { Alert, Button, Checkbox, Group, Modal, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { bookAppointment, bookSeries, listAppointmentTypes, listProviders, previewSeries } from "../../api";
import type { Appointment } from "../../bindings/Appointment";
import type { BookingInput } from "../../bindings/BookingInput";
import type { Recurrence } from "../../bindings/Recurrence";
import { formErrorsOf } from "../../lib/fieldErrors";
import { queryKeys } from "../../lib/queryKeys";
import { formatClock, formatDay, joinLocal, toDateOnly, toTimeOnly } from "../../lib/wallClock";
import { PatientPicker, type PickedPatient } from "./PatientPicker";
import { NO_SERIES, recurrenceOf, SeriesSection, type SeriesState } from "./SeriesSection";
import { WhenFields } from "./WhenFields";

/** What the booking form starts with (a selected slot, a found free slot, or nothing). */
export interface BookingPrefill {
  providerId?: string | null;
  date?: string;
  time?: string;
  minutes?: number | null;
  patient?: PickedPatient | null;
}

export interface BookingModalProps {
  prefill: BookingPrefill;
  onClose: () => void;
  onBooked?: (appointments: Appointment[]) => void;
}

/** The fields whose errors show next to their inputs; anything else shows above the button. */
const PLACED = ["start", "providerId", "patientId", "minutes"] as const;
const DEFAULT_MINUTES = 15;

interface Submission {
  input: BookingInput;
  recurrence: Recurrence | null;
}

/** Book one appointment or a weekly series. Nothing typed is lost when Rust refuses. */
export function BookingModal({ prefill, onClose, onBooked }: BookingModalProps) {
  const client = useQueryClient();
  const providers = useQuery({ queryKey: queryKeys.providers, queryFn: listProviders });
  const types = useQuery({ queryKey: queryKeys.appointmentTypes, queryFn: listAppointmentTypes });
  const [patient, setPatient] = useState<PickedPatient | null>(prefill.patient ?? null);
  const [providerId, setProviderId] = useState<string | null>(prefill.providerId ?? null);
  const [typeId, setTypeId] = useState<string | null>(null);
  const [date, setDate] = useState(prefill.date ?? "");
  const [time, setTime] = useState(prefill.time ?? "");
  const [minutes, setMinutes] = useState<number | string>(prefill.minutes ?? DEFAULT_MINUTES);
  const [reason, setReason] = useState("");
  const [notes, setNotes] = useState("");
  const [walkIn, setWalkIn] = useState(false);
  const [series, setSeries] = useState<SeriesState>(NO_SERIES);
  const [missing, setMissing] = useState<Record<string, string>>({});

  const draft = (): Submission => ({
    input: {
      patientId: patient?.id ?? "",
      providerId: providerId ?? "",
      typeId,
      start: joinLocal(date, time) ?? `${date}T${time}`,
      minutes: Number(minutes) || 0,
      reason: reason.trim() || null,
      notes: notes.trim() || null,
      walkIn,
    },
    recurrence: series.enabled ? recurrenceOf(series) : null,
  });
  const current = draft();
  const currentKey = JSON.stringify(current);

  const preview = useMutation({
    mutationFn: (s: Submission) => previewSeries(s.input, s.recurrence as Recurrence),
  });
  const book = useMutation({
    mutationFn: async (s: Submission) => (s.recurrence ? bookSeries(s.input, s.recurrence) : [await bookAppointment(s.input)]),
    onSuccess: (booked) => {
      void client.invalidateQueries({ queryKey: queryKeys.schedule });
      const first = booked[0];
      notifications.show({
        color: "green",
        message:
          booked.length === 1 && first
            ? `Booked ${first.patientName} with ${first.providerName}, ${formatDay(first.start)} ${formatClock(first.start)}`
            : `Booked ${booked.length} appointments`,
      });
      onBooked?.(booked);
      onClose();
    },
  });

  /** Required fields are checked here; everything else (times, overlaps, hours) by Rust. */
  const checkRequired = (): boolean => {
    const m: Record<string, string> = {};
    if (!patient) m.patientId = "Choose a patient";
    if (!providerId) m.providerId = "Choose a provider";
    if (!joinLocal(date, time)) m.start = "Enter a date and a time";
    setMissing(m);
    return Object.keys(m).length === 0;
  };

  const previewFresh = preview.data !== undefined && JSON.stringify(preview.variables) === currentKey;
  const seriesReady = !series.enabled || (previewFresh && preview.data?.bookable === true);
  const shown = formErrorsOf(book.error ?? (series.enabled ? preview.error : null), PLACED);
  const errors: Record<string, string | undefined> = { ...shown.fields, ...missing };
  const errorProps = (key: string) => ({ "data-testid": `book-error-${key}` });

  const submit = () => {
    if (!checkRequired() || !seriesReady) return;
    book.mutate(current);
  };
  const runPreview = () => {
    if (!checkRequired()) return;
    book.reset();
    preview.mutate(current);
  };
  const pickType = (id: string | null) => {
    setTypeId(id);
    const type = types.data?.find((t) => t.id === id);
    if (type) setMinutes(type.defaultMinutes);
  };
  const toggleWalkIn = (checked: boolean) => {
    setWalkIn(checked);
    if (checked && !date && !time) {
      const now = new Date();
      setDate(toDateOnly(now));
      setTime(toTimeOnly(now));
    }
  };

  const activeProviders = (providers.data ?? []).filter((p) => p.active || p.id === providerId);
  const activeTypes = (types.data ?? []).filter((t) => t.active || t.id === typeId);
  const count = series.enabled && previewFresh ? (preview.data?.occurrences.length ?? 0) : 1;

  return (
    <Modal opened onClose={onClose} title="New appointment" size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        noValidate
        data-testid="booking-form"
      >
        <Stack gap="sm">
          <PatientPicker
            value={patient}
            onChange={setPatient}
            error={errors.patientId}
            testId="book-patient"
            errorTestId="book-error-patientId"
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Provider"
              required
              searchable
              data={activeProviders.map((p) => ({ value: p.id, label: p.specialty ? `${p.displayName} (${p.specialty})` : p.displayName }))}
              value={providerId}
              onChange={setProviderId}
              error={errors.providerId}
              errorProps={errorProps("providerId")}
              comboboxProps={{ withinPortal: false }}
              data-testid="book-provider"
            />
            <Select
              label="Appointment type"
              clearable
              data={activeTypes.map((t) => ({ value: t.id, label: `${t.name} (${t.defaultMinutes} min)` }))}
              value={typeId}
              onChange={pickType}
              comboboxProps={{ withinPortal: false }}
              data-testid="book-type"
            />
          </SimpleGrid>
          <WhenFields
            date={date}
            time={time}
            minutes={minutes}
            onDate={setDate}
            onTime={setTime}
            onMinutes={setMinutes}
            startError={errors.start}
            minutesError={errors.minutes}
            testIdPrefix="book"
            required
          />
          <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="book-reason" />
          <Textarea label="Notes" autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} data-testid="book-notes" />
          <Checkbox
            label="Walk-in (may start up to 15 minutes ago)"
            checked={walkIn}
            onChange={(e) => toggleWalkIn(e.currentTarget.checked)}
            data-testid="book-walk-in"
          />
          <SeriesSection
            value={series}
            onChange={setSeries}
            preview={preview.data ?? null}
            fresh={previewFresh}
            previewing={preview.isPending}
            onPreview={runPreview}
          />
          {shown.general && (
            <Alert color="red" data-testid="form-error">
              {shown.general}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={book.isPending} disabled={!seriesReady} data-testid="book-submit">
              {series.enabled ? `Book ${count} appointment${count === 1 ? "" : "s"}` : "Book"}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
