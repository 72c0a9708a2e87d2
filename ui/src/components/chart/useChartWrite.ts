import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryKeys";

/**
 * A write to a patient's chart: on success the chart (and anything keyed under it, such as a
 * note's history) is read again, and the urgent-results list too, then `onSuccess` runs. On an
 * error nothing is reset: the form keeps what was typed and shows the error.
 */
export function useChartWrite<TVars, TResult>(
  patientId: string,
  fn: (vars: TVars) => Promise<TResult>,
  onSuccess?: (result: TResult, vars: TVars) => void,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result, vars) => {
      void client.invalidateQueries({ queryKey: queryKeys.chart(patientId) });
      void client.invalidateQueries({ queryKey: queryKeys.clinicalAlerts });
      onSuccess?.(result, vars);
    },
  });
}
