import { useState } from "react";
import { Badge, Button, Group, Popover, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { disableUser, enableUser, listUsers, toCommandError } from "../api";
import type { User } from "../bindings/User";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { ResetPasswordModal } from "../components/ResetPasswordModal";
import { UserFormModal } from "../components/UserFormModal";
import { roleLabel } from "../lib/labels";
import { queryKeys } from "../lib/queryKeys";

/** Staff accounts: create, edit, disable, re-enable, reset password. */
export function UsersPage() {
  const client = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: listUsers });
  const [editing, setEditing] = useState<User | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [resetting, setResetting] = useState<User | null>(null);
  const status = useMutation({
    mutationFn: ({ user, enable }: { user: User; enable: boolean }) => (enable ? enableUser(user.id) : disableUser(user.id)),
    onSuccess: (u) => {
      void client.invalidateQueries({ queryKey: queryKeys.users });
      notifications.show({ message: `${u.username} is ${u.status === "active" ? "enabled" : "disabled"}` });
    },
    onError: (e) => notifications.show({ color: "red", message: toCommandError(e).message }),
  });

  if (users.isPending) return <LoadingState label="Loading accounts…" />;
  if (users.isError) return <ErrorState error={users.error} title="Could not load the accounts" onRetry={() => void users.refetch()} />;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>Staff accounts</Title>
        <Button
          onClick={() => {
            setEditing(null);
            setFormOpen(true);
          }}
          data-testid="user-create"
        >
          New account
        </Button>
      </Group>
      <Table striped highlightOnHover data-testid="users-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Username</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {users.data.map((u) => (
            <Table.Tr key={u.id} data-testid="user-row" data-username={u.username}>
              <Table.Td>{u.displayName}</Table.Td>
              <Table.Td>{u.username}</Table.Td>
              <Table.Td>{roleLabel(u.role)}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  <Badge color={u.status === "active" ? "green" : "gray"}>{u.status === "active" ? "Active" : "Disabled"}</Badge>
                  {u.mustChangePassword && (
                    <Badge color="yellow" variant="light">
                      Must change password
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      setEditing(u);
                      setFormOpen(true);
                    }}
                    data-testid="user-edit"
                  >
                    Edit
                  </Button>
                  <Button size="xs" variant="default" onClick={() => setResetting(u)} data-testid="user-reset">
                    Reset password
                  </Button>
                  {u.status === "active" ? (
                    <Popover withinPortal={false} position="bottom-end">
                      <Popover.Target>
                        <Button size="xs" color="red" variant="light" data-testid="user-disable">
                          Disable
                        </Button>
                      </Popover.Target>
                      <Popover.Dropdown>
                        <Text size="sm" mb="xs">
                          {u.username} can no longer log in, and their session here ends.
                        </Text>
                        <Button size="xs" color="red" onClick={() => status.mutate({ user: u, enable: false })} data-testid="user-disable-confirm">
                          Disable {u.username}
                        </Button>
                      </Popover.Dropdown>
                    </Popover>
                  ) : (
                    <Button size="xs" variant="light" onClick={() => status.mutate({ user: u, enable: true })} data-testid="user-enable">
                      Re-enable
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <UserFormModal user={editing} opened={formOpen} onClose={() => setFormOpen(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Stack>
  );
}
