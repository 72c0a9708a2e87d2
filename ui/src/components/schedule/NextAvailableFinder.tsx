import { useState } from "react";
import { Alert, Button, Group, NumberInput, Paper, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { nextAvailableSlot } from "../../api";
import type { Provider } from "../../bindings/Provider";
import type { Slot } from "../../bindings/Slot";
import type { SlotRequest } from "../../bindings/SlotRequest";
import { errorSummaryOf } from "../../lib/fieldErrors";
import { formatClock, formatDay, joinLocal, localToDate, minutesBetween, splitLocal, toDateOnly, toTimeOnly } from "../../lib/wallClock";
import type { BookingPrefill } from "./BookingModal";

export interface NextAvailableFinderProps {
  providers: Provider[];
  /** Booking allowed: shows "Book this". */
  canBook: boolean;
  onBook: (prefill: BookingPrefill) => void;
}

/** The earliest free slot of one provider or of any provider of a specialty (searched 90 days ahead). */
export function NextAvailableFinder({ providers, canBook, onBook }: NextAvailableFinderProps) {
  const active = providers.filter((p) => p.active);
  const specialties = [...new Set(active.map((p) => p.specialty).filter((s): s is string => !!s))].sort();
  const now = new Date();
  const [by, setBy] = useState<"provider" | "specialty">("provider");
  const [providerId, setProviderId] = useState<string | null>(null);
  const [specialty, setSpecialty] = useState<string | null>(null);
  const [date, setDate] = useState(toDateOnly(now));
  const [time, setTime] = useState(toTimeOnly(now));
  const [minutes, setMinutes] = useState<number | string>(15);
  const find = useMutation({ mutationFn: (request: SlotRequest) => nextAvailableSlot(request) });
  const from = joinLocal(date, time);
  const chosen = by === "provider" ? providerId : specialty;

  const search = () => {
    if (!from || !chosen) return;
    find.mutate({
      providerId: by === "provider" ? chosen : null,
      specialty: by === "specialty" ? chosen : null,
      from,
      minutes: Number(minutes) || 0,
    });
  };
  const book = (slot: Slot) => {
    const { date: d, time: t } = splitLocal(slot.start);
    onBook({ providerId: slot.providerId, date: d, time: t, minutes: minutesBetween(localToDate(slot.start), localToDate(slot.end)) });
  };

  return (
    <Paper withBorder p="sm" radius="md" data-testid="next-available">
      <Stack gap="xs">
        <Text fw={600}>Next available</Text>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Search by provider or specialty"
            value={by}
            onChange={(v) => setBy(v as typeof by)}
            data={[
              { value: "provider", label: "Provider" },
              { value: "specialty", label: "Specialty" },
            ]}
            data-testid="next-by"
          />
          {by === "provider" ? (
            <Select
              label="Provider"
              searchable
              data={active.map((p) => ({ value: p.id, label: p.displayName }))}
              value={providerId}
              onChange={setProviderId}
              comboboxProps={{ withinPortal: false }}
              data-testid="next-provider"
            />
          ) : (
            <Select
              label="Specialty"
              searchable
              data={specialties}
              value={specialty}
              onChange={setSpecialty}
              comboboxProps={{ withinPortal: false }}
              data-testid="next-specialty"
            />
          )}
          <TextInput label="From" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} data-testid="next-date" />
          <TextInput label="At" type="time" value={time} onChange={(e) => setTime(e.currentTarget.value)} data-testid="next-time" />
          <NumberInput label="Minutes" min={5} max={720} step={5} w={100} value={minutes} onChange={setMinutes} data-testid="next-minutes" />
          <Button onClick={search} disabled={!from || !chosen} loading={find.isPending} data-testid="next-search">
            Find
          </Button>
        </Group>
        {find.isError && (
          <Alert color="red" data-testid="next-error">
            {errorSummaryOf(find.error)}
          </Alert>
        )}
        {find.isSuccess && find.data === null && (
          <Text size="sm" c="dimmed" data-testid="next-slot-none">
            No free slot in the next 90 days
          </Text>
        )}
        {find.isSuccess && find.data && (
          <Group gap="sm" data-testid="next-slot">
            <Text size="sm" fw={500}>
              {find.data.providerName}: {formatDay(find.data.start)}, {formatClock(find.data.start)}–{formatClock(find.data.end)}
            </Text>
            {canBook && (
              <Button size="xs" variant="light" onClick={() => find.data && book(find.data)} data-testid="next-slot-book">
                Book this
              </Button>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
