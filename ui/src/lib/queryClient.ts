import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { toCommandError } from "../api";
import { reportCommandError } from "./sessionEvents";

/** Codes that will not go away by asking again. */
const FINAL = new Set([
  "validation",
  "not_found",
  "conflict",
  "forbidden",
  "not_signed_in",
  "session_locked",
  "session_ended",
  "password_change_required",
  "invalid_credentials",
  "locked_out",
  "account_disabled",
  "setup_required",
]);

/** Retry only errors that may go away by themselves. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (FINAL.has(toCommandError(error).code)) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: reportCommandError }),
    mutationCache: new MutationCache({ onError: reportCommandError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
