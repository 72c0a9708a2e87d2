import { AppShell, Badge, Burger, Button, Group, Kbd, NavLink, Stack, Text, Title } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { appStatus } from "../api";
import { patientSpotlight } from "../lib/patientSpotlight";
import { queryKeys } from "../lib/queryKeys";
import { DatabaseProblem } from "./DatabaseProblem";
import { PatientSearch } from "./PatientSearch";
import { SyncStatusBadge } from "./SyncStatusBadge";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl";

export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const navigate = useNavigate();
  const location = useLocation();
  const status = useQuery({ queryKey: queryKeys.appStatus, queryFn: appStatus, refetchInterval: 30_000 });

  useHotkeys(
    [["alt+N", () => navigate("/patients/new"), { usePhysicalKeys: true }]],
    [], // also from inside text fields
  );

  // Close the mobile navbar after navigating.
  useEffect(() => nav.close(), [location.pathname]);

  const onPatients = location.pathname === "/" || /^\/patients\/(?!new$)[^/]+/.test(location.pathname);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: "sm", collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" miw={0}>
            <Burger opened={navOpened} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={4} lineClamp={1} data-testid="clinic-name">
              {status.data?.clinicName ?? "Clinic Desk"}
            </Title>
            {status.data && (
              <Badge variant="outline" color="gray" data-testid="site-code" title={status.data.siteName}>
                {status.data.siteCode}
              </Badge>
            )}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Button
              variant="default"
              onClick={patientSpotlight.open}
              data-testid="search-button"
              rightSection={<Kbd size="xs">{MOD}+K</Kbd>}
            >
              Search
            </Button>
            <SyncStatusBadge state={status.data?.sync} failed={status.isError} />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <Stack justify="space-between" h="100%">
          <Stack gap={4}>
            <NavLink
              component={Link}
              to="/"
              label="Patients"
              active={onPatients}
              data-testid="nav-patients"
              rightSection={
                status.data ? (
                  <Badge size="sm" variant="light" color="gray">
                    {status.data.patientCount}
                  </Badge>
                ) : null
              }
            />
            <NavLink
              component={Link}
              to="/patients/new"
              label="Register patient"
              active={location.pathname === "/patients/new"}
              data-testid="nav-register"
            />
          </Stack>
          <Stack gap={4} data-testid="shortcut-help">
            <Text size="xs" c="dimmed" fw={600}>
              Keyboard shortcuts
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">{MOD}</Kbd>+<Kbd size="xs">K</Kbd> search patients
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">N</Kbd> register patient
            </Text>
          </Stack>
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        {status.isError && <DatabaseProblem error={status.error} />}
        <Outlet />
      </AppShell.Main>
      <PatientSearch />
    </AppShell>
  );
}
