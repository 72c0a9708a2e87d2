import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { isTransient, toCommandError } from "../api";
import { reportCommandError } from "./sessionEvents";

/** Retry only errors that may go away by themselves. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (!isTransient(toCommandError(error).code)) return false;
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
