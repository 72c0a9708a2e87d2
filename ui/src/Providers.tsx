import type { ReactNode } from "react";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { theme } from "./theme";

export interface ProvidersProps {
  client: QueryClient;
  children: ReactNode;
  /** "test" disables Mantine transitions and portals (component tests). */
  env?: "default" | "test";
}

export function Providers({ client, children, env = "default" }: ProvidersProps) {
  return (
    <QueryClientProvider client={client}>
      <MantineProvider theme={theme} defaultColorScheme="light" env={env}>
        {/* Top centre: the header is empty there, so a toast never covers a page action (Edit, Save). */}
        <Notifications position="top-center" autoClose={3000} />
        {children}
      </MantineProvider>
    </QueryClientProvider>
  );
}
