import { useQuery } from "@tanstack/react-query";
import { getBillingSettings } from "../../api";
import { UNSTATED_CURRENCY } from "../../lib/money";
import { queryKeys } from "../../lib/queryKeys";

/** The billing settings (the clinic's currency and letterhead details). */
export function useBillingSettings(enabled = true) {
  return useQuery({ queryKey: queryKeys.billingSettings, queryFn: getBillingSettings, staleTime: 5 * 60_000, enabled });
}

/**
 * The clinic's currency, for screens whose rows do not carry one (fee schedule, claims);
 * UNSTATED_CURRENCY (two decimals, no code) until it is known.
 */
export function useBillingCurrency(): string {
  return useBillingSettings().data?.currency ?? UNSTATED_CURRENCY;
}
