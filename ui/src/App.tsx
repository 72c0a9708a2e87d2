import { useState } from "react";
import { HashRouter } from "react-router-dom";
import { SessionGate } from "./components/SessionGate";
import { createQueryClient } from "./lib/queryClient";
import { SessionProvider } from "./lib/session";
import { Providers } from "./Providers";

// HashRouter: in production the UI is served from tauri://localhost, with no server
// to answer deep links.
export function App() {
  const [client] = useState(createQueryClient);
  return (
    <Providers client={client}>
      <SessionProvider>
        <HashRouter>
          <SessionGate />
        </HashRouter>
      </SessionProvider>
    </Providers>
  );
}
