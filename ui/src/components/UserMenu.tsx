import { Button, Menu, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { appVersion, lockSession } from "../api";
import { roleLabel } from "../lib/labels";
import { useSession } from "../lib/session";

/** Who is logged in, with Lock, Change password and Log out, and the app's version. */
export function UserMenu() {
  const { session, markLocked, logOut } = useSession();
  const navigate = useNavigate();
  const version = useQuery({ queryKey: ["app-version"], queryFn: appVersion, staleTime: Infinity });
  if (!session) return null;
  const lock = () => {
    lockSession()
      .catch(() => undefined)
      .finally(markLocked);
  };
  return (
    <Menu position="bottom-end" withinPortal={false}>
      <Menu.Target>
        <Button variant="default" data-testid="user-menu">
          {session.displayName}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text size="xs">
            {session.username} · {roleLabel(session.role)}
          </Text>
        </Menu.Label>
        <Menu.Item onClick={lock} data-testid="lock-now">
          Lock
        </Menu.Item>
        <Menu.Item onClick={() => navigate("/account/password")} data-testid="nav-change-password">
          Change password
        </Menu.Item>
        <Menu.Item color="red" onClick={() => void logOut()} data-testid="log-out">
          Log out
        </Menu.Item>
        {version.data && (
          <Menu.Label data-testid="app-version">
            <Text size="xs">Clinic Desk {version.data}</Text>
          </Menu.Label>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
