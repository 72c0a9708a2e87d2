import { Button } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router-dom";
import { listSecurityAlerts } from "../api";
import { queryKeys } from "../lib/queryKeys";

/** For admins: how many break-the-glass accesses wait for review. */
export function SecurityAlertIndicator() {
  const alerts = useQuery({ queryKey: queryKeys.alerts, queryFn: listSecurityAlerts, refetchInterval: 60_000 });
  const count = alerts.data?.length ?? 0;
  return (
    <Button
      component={Link}
      to="/admin/audit"
      variant={count > 0 ? "filled" : "default"}
      color={count > 0 ? "red" : "gray"}
      data-testid="security-alerts"
      title="Emergency accesses to review"
    >
      Alerts: {count}
    </Button>
  );
}
