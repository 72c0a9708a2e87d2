import { AppShell, Badge, Burger, Button, Group, Kbd, NavLink, Stack, Text, Title } from "@mantine/core";
import { useDisclosure, useHotkeys } from "@mantine/hooks";
import { useEffect } from "react";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { patientSpotlight } from "../lib/patientSpotlight";
import { useSession } from "../lib/session";
import { DatabaseProblem } from "./DatabaseProblem";
import { PatientSearch } from "./PatientSearch";
import { SecurityAlertIndicator } from "./SecurityAlertIndicator";
import { SyncIndicator } from "./SyncIndicator";
import { UserMenu } from "./UserMenu";
import { ScreenErrorBoundary } from "./ScreenErrorBoundary";

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl";

export function AppLayout() {
  const [navOpened, nav] = useDisclosure(false);
  const navigate = useNavigate();
  const location = useLocation();
  const { status, can } = useSession();

  useHotkeys(
    [["alt+N", () => can("edit_patients") && navigate("/patients/new"), { usePhysicalKeys: true }]],
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
            <SyncIndicator />
            {can("view_audit_trail") && <SecurityAlertIndicator />}
            <UserMenu />
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
            />
            {can("edit_patients") && (
              <NavLink
                component={Link}
                to="/patients/new"
                label="Register patient"
                active={location.pathname === "/patients/new"}
                data-testid="nav-register"
              />
            )}
            {can("view_schedule") && (
              <>
                <NavLink component={Link} to="/schedule" label="Schedule" active={location.pathname === "/schedule"} data-testid="nav-schedule" />
                <NavLink component={Link} to="/queue" label="Today" active={location.pathname === "/queue"} data-testid="nav-queue" />
                <NavLink component={Link} to="/reminders" label="Reminders" active={location.pathname === "/reminders"} data-testid="nav-reminders" />
                <NavLink
                  component={Link}
                  to="/schedule/conflicts"
                  label="Double bookings"
                  active={location.pathname === "/schedule/conflicts"}
                  data-testid="nav-conflicts"
                />
              </>
            )}
            {can("write_clinical_notes") && (
              <NavLink component={Link} to="/alerts" label="Urgent results" active={location.pathname === "/alerts"} data-testid="nav-alerts" />
            )}
            {can("manage_billing") && (
              <NavLink component={Link} to="/claims" label="Claims" active={location.pathname === "/claims"} data-testid="nav-claims" />
            )}
            {can("view_billing_reports") && (
              <NavLink component={Link} to="/reports" label="Reports" active={location.pathname === "/reports"} data-testid="nav-reports" />
            )}
            {can("view_billing") && (
              <NavLink component={Link} to="/fees" label="Fee schedule" active={location.pathname === "/fees"} data-testid="nav-fees" />
            )}
            {can("manage_schedules") && (
              <NavLink component={Link} to="/admin/providers" label="Providers" active={location.pathname === "/admin/providers"} data-testid="nav-providers" />
            )}
            {can("manage_users") && (
              <NavLink component={Link} to="/admin/users" label="Staff accounts" active={location.pathname === "/admin/users"} data-testid="nav-users" />
            )}
            {can("view_audit_trail") && (
              <NavLink component={Link} to="/admin/audit" label="Audit trail" active={location.pathname === "/admin/audit"} data-testid="nav-audit" />
            )}
            {can("manage_settings") && (
              <>
                <NavLink component={Link} to="/admin/settings" label="Settings" active={location.pathname === "/admin/settings"} data-testid="nav-settings" />
                <NavLink component={Link} to="/admin/sync" label="Sync" active={location.pathname === "/admin/sync"} data-testid="nav-sync" />
              </>
            )}
          </Stack>
          <Stack gap={4} data-testid="shortcut-help">
            <Text size="xs" c="dimmed" fw={600}>
              Keyboard shortcuts
            </Text>
            <Text size="xs" c="dimmed">
              <Kbd size="xs">{MOD}</Kbd>+<Kbd size="xs">K</Kbd> search patients
            </Text>
            {can("edit_patients") && (
              <Text size="xs" c="dimmed">
                <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">N</Kbd> register patient
              </Text>
            )}
          </Stack>
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main>
        {status.isError && <DatabaseProblem error={status.error} />}
        <ScreenErrorBoundary>
          <Outlet />
        </ScreenErrorBoundary>
      </AppShell.Main>
      <PatientSearch />
    </AppShell>
  );
}
