import { useState } from "react";
import { Alert, Button, Group, Modal, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { archivePatient, toCommandError } from "../api";
import type { Patient } from "../bindings/Patient";
import { fullName } from "../lib/format";
import { queryKeys } from "../lib/queryKeys";

export function ArchivePatientButton({ patient }: { patient: Patient }) {
  const [opened, setOpened] = useState(false);
  const queryClient = useQueryClient();
  const archive = useMutation({
    mutationFn: () => archivePatient(patient.id),
    onSuccess: async (updated) => {
      queryClient.setQueryData(queryKeys.patient(updated.id), updated);
      setOpened(false);
      notifications.show({ color: "gray", title: "Patient archived", message: fullName(updated) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.patients }),
        queryClient.invalidateQueries({ queryKey: queryKeys.appStatus }),
      ]);
    },
  });

  const close = () => {
    if (archive.isPending) return;
    setOpened(false);
    archive.reset();
  };

  return (
    <>
      <Button
        variant="light"
        color="red"
        onClick={() => setOpened(true)}
        disabled={patient.archivedAt !== null}
        data-testid="patient-archive"
      >
        Archive
      </Button>
      <Modal opened={opened} onClose={close} title="Archive patient?" centered>
        <Text size="sm">
          {fullName(patient)} (MRN {patient.mrn}) will be hidden from the patient list and search results. The record
          is kept and stays available with “Show archived”.
        </Text>
        {archive.isError && (
          <Alert color="red" mt="sm" data-testid="archive-error">
            {toCommandError(archive.error).message}
          </Alert>
        )}
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={close} disabled={archive.isPending}>
            Cancel
          </Button>
          <Button color="red" onClick={() => archive.mutate()} loading={archive.isPending} data-testid="patient-archive-confirm">
            Archive patient
          </Button>
        </Group>
      </Modal>
    </>
  );
}
