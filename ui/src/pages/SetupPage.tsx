import { useState } from "react";
import { Tabs } from "@mantine/core";
import type { AppStatus } from "../bindings/AppStatus";
import { GateCard } from "../components/GateCard";
import { JoinClinicForm } from "../components/setup/JoinClinicForm";
import { NewClinicForm } from "../components/setup/NewClinicForm";

type Mode = "new" | "join";

const SUBTITLES: Record<Mode, string> = {
  new: "Name the clinic and this computer's site, and create the first administrator.",
  join: "Connect this computer to the clinic's server as one more site.",
};

/** First run: set up a new clinic here, or join one that already has a server. */
export function SetupPage({ status }: { status: AppStatus }) {
  const [mode, setMode] = useState<Mode>("new");
  return (
    <GateCard title="Set up Clinic Desk" subtitle={SUBTITLES[mode]} width={620}>
      {/* Both forms stay mounted, so switching back keeps what was typed. */}
      <Tabs value={mode} onChange={(v) => setMode(v === "join" ? "join" : "new")}>
        <Tabs.List grow mb="md">
          <Tabs.Tab value="new" data-testid="setup-mode-new">
            Set up a new clinic
          </Tabs.Tab>
          <Tabs.Tab value="join" data-testid="setup-mode-join">
            Join an existing clinic
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="new">
          <NewClinicForm status={status} />
        </Tabs.Panel>
        <Tabs.Panel value="join">
          <JoinClinicForm />
        </Tabs.Panel>
      </Tabs>
    </GateCard>
  );
}
