import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import type { Patient } from "../bindings/Patient";
import { queryKeys } from "./queryKeys";

/** After a successful create/update: notify, refresh cached data, open the patient. */
export function usePatientSaved() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async (patient: Patient) => {
    queryClient.setQueryData(queryKeys.patient(patient.id), patient);
    notifications.show({ color: "green", title: "Patient saved", message: `${patient.givenName} ${patient.familyName} (MRN ${patient.mrn})` });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.patients }),
      queryClient.invalidateQueries({ queryKey: queryKeys.appStatus }),
    ]);
    navigate(`/patients/${patient.id}`);
  };
}
