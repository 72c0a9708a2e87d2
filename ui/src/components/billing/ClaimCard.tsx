import { useState } from "react";
import { Alert, Badge, Button, Group, Paper, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { moveClaim } from "../../api";
import type { ClaimListing } from "../../bindings/ClaimListing";
import type { ClaimMove } from "../../bindings/ClaimMove";
import { CLAIM_MOVE_LABELS, CLAIM_MOVES, CLAIM_STATUS_COLORS, CLAIM_STATUS_LABELS, type ClaimMoveKind } from "../../lib/billingLabels";
import { formErrorsOf } from "../../lib/fieldErrors";
import { amountInputText, formatMoney, parseMoney } from "../../lib/money";
import { MoneyInput } from "./MoneyInput";
import { useBillingWrite } from "./useBillingWrite";


/** The field of Rust's error for each move, and the input it shows under. */
const MOVE_FIELD: Record<ClaimMoveKind, string> = {
  submit: "claimedMinor",
  approve: "approvedMinor",
  deny: "denialReason",
  record_payment: "paidMinor",
};

const testKey = (k: ClaimMoveKind) => k.replace("_", "-");

function Amount({ label, minor, currency }: { label: string; minor: number; currency: string }) {
  return (
    <Text size="xs">
      <Text span c="dimmed" size="xs">
        {label}{" "}
      </Text>
      {formatMoney(minor, currency)}
    </Text>
  );
}

/** One claim on the board with the moves its status allows; approve, deny and pay ask first. */
export function ClaimCard({ claim, currency }: { claim: ClaimListing; currency: string }) {
  const [asking, setAsking] = useState<Exclude<ClaimMoveKind, "submit"> | null>(null);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const move = useBillingWrite(
    (m: ClaimMove) => moveClaim(claim.id, m),
    (saved) => {
      notifications.show({ color: "green", message: `Claim ${CLAIM_STATUS_LABELS[saved.status].toLowerCase()}` });
      setAsking(null);
    },
  );
  const { fields, general } = formErrorsOf(move.error, Object.values(MOVE_FIELD));

  function ask(kind: ClaimMoveKind) {
    move.reset();
    setProblem(null);
    if (kind === "submit") {
      move.mutate({ move: "submit" });
      return;
    }
    setAsking(kind);
    setText(kind === "approve" ? amountInputText(claim.claimedMinor, currency) : kind === "record_payment" ? amountInputText(claim.approvedMinor, currency) : "");
  }

  function confirm() {
    if (!asking) return;
    if (asking === "deny") {
      move.mutate({ move: "deny", reason: text.trim() });
      return;
    }
    const minor = parseMoney(text, currency);
    if (minor === null) {
      setProblem("Enter an amount like 80 or 80.50");
      return;
    }
    setProblem(null);
    move.mutate(asking === "approve" ? { move: "approve", approvedMinor: minor } : { move: "record_payment", paidMinor: minor });
  }

  const inputProps = asking && {
    label: asking === "deny" ? "Reason given by the payer" : asking === "approve" ? "Amount approved" : "Amount paid",
    value: text,
    error: problem ?? fields[MOVE_FIELD[asking]],
    errorProps: { "data-testid": `claim-error-${MOVE_FIELD[asking]}` },
    "data-testid": `claim-${testKey(asking)}-input`,
    size: "xs" as const,
  };
  return (
    <Paper withBorder p="sm" radius="md" data-testid="claim-card" data-claim-id={claim.id} data-status={claim.status}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap">
          <Text fw={600} size="sm">
            {claim.patientName}
          </Text>
          <Badge size="xs" color={CLAIM_STATUS_COLORS[claim.status]} variant="light">
            {CLAIM_STATUS_LABELS[claim.status]}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {claim.mrn} · {claim.invoiceNumber ?? "draft invoice"} · {claim.payer}
        </Text>
        <Group gap="md">
          <Amount label="Claimed" minor={claim.claimedMinor} currency={currency} />
          {claim.approvedMinor > 0 && <Amount label="Approved" minor={claim.approvedMinor} currency={currency} />}
          {claim.paidMinor > 0 && <Amount label="Paid" minor={claim.paidMinor} currency={currency} />}
        </Group>
        {claim.denialReason && (
          <Text size="xs" c="red">
            {claim.denialReason}
          </Text>
        )}
        {asking && inputProps && (
          <Group gap="xs" align="flex-end" wrap="nowrap">
            {asking === "deny" ? <TextInput {...inputProps} onChange={(e) => setText(e.currentTarget.value)} style={{ flex: 1 }} /> : <MoneyInput {...inputProps} currency={currency} onChange={setText} style={{ flex: 1 }} />}
            <Button size="xs" loading={move.isPending} onClick={confirm} data-testid={`claim-${testKey(asking)}-confirm`}>
              {CLAIM_MOVE_LABELS[asking]}
            </Button>
            <Button size="xs" variant="subtle" onClick={() => setAsking(null)}>
              Cancel
            </Button>
          </Group>
        )}
        {!asking && CLAIM_MOVES[claim.status].length > 0 && (
          <Group gap={4}>
            {CLAIM_MOVES[claim.status].map((k) => (
              <Button key={k} size="compact-xs" variant={k === "deny" ? "subtle" : "light"} color={k === "deny" ? "red" : undefined} loading={k === "submit" && move.isPending} onClick={() => ask(k)} data-testid={`claim-${testKey(k)}`}>
                {CLAIM_MOVE_LABELS[k]}
              </Button>
            ))}
          </Group>
        )}
        {(general || (!asking && fields.claimedMinor)) && (
          <Alert color="red" p="xs" data-testid="claim-move-error">
            {general ?? fields.claimedMinor}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
