import { QueryClient } from "@tanstack/react-query";
import { toCommandError } from "../api";

/** Retry only errors that may go away by themselves (not validation / not found). */
function shouldRetry(failureCount: number, error: unknown): boolean {
  const { code } = toCommandError(error);
  if (code === "validation" || code === "not_found" || code === "conflict") return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  });
}
