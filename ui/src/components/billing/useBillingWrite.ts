import { useMutation, useQueryClient } from "@tanstack/react-query";
import { queryKeys } from "../../lib/queryKeys";

/**
 * A billing write: on success everything billing is read again (balances, statuses and reports
 * are computed from the writes, so any of them may have changed), then `onSuccess` runs. On an
 * error nothing is reset: the form keeps what was typed and shows the error.
 */
export function useBillingWrite<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>, onSuccess?: (result: TResult, vars: TVars) => void) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (result, vars) => {
      void client.invalidateQueries({ queryKey: queryKeys.billing });
      onSuccess?.(result, vars);
    },
  });
}
