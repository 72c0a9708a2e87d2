import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { AllergyConflict } from "../../bindings/AllergyConflict";
import type { ChartRecord } from "../../bindings/ChartRecord";
import {
  allergy,
  clinicalAlert,
  condition,
  encounterSummary,
  PATIENT_ID,
  patientChart,
  prescriptionEntry,
  vitalsReading,
} from "../../test/chartFixtures";
import { callsOf, mockCommands, renderApp, sessionFixture, validationError, type Handler } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const CHART = `/patients/${PATIENT_ID}/chart`;

/** A chart for a role, with any extra command handlers. */
function openChart(role: "doctor" | "nurse", record: Partial<ChartRecord> = {}, handlers: Record<string, Handler> = {}) {
  mockCommands({
    current_session: () => sessionFixture(role, { userId: `user-${role}` }),
    open_patient_chart: () => patientChart(record),
    patient_appointments: () => [],
    ...handlers,
  });
  const user = userEvent.setup();
  renderApp(CHART);
  return user;
}

describe("chart banner", () => {
  it("shows the patient and active allergies in red, with open urgent results", async () => {
    openChart("doctor", {
      allergies: { state: "known", allergies: [allergy(), allergy({ id: "al-2", substance: "Latex", severity: "mild" })] },
      alerts: [clinicalAlert()],
    });
    const banner = await screen.findByTestId("chart-banner");
    expect(banner).toHaveTextContent("Maria Lopez");
    expect(banner).toHaveTextContent("RIV-000001");
    expect(banner).toHaveTextContent("Female");
    const allergies = within(banner).getByTestId("banner-allergies");
    expect(allergies).toHaveAttribute("data-state", "known");
    const badges = within(allergies).getAllByTestId("banner-allergy");
    expect(badges.map((b) => b.textContent)).toEqual(["Penicillin (severe)", "Latex (mild)"]);
    expect(within(banner).getByTestId("urgent-alerts")).toHaveTextContent("1 urgent result");
    expect(within(banner).getByTestId("urgent-alerts")).toHaveTextContent("Potassium 6.8 mmol/L (critical high)");
  });

  it("says 'No known allergies' when recorded so", async () => {
    openChart("nurse", { allergies: { state: "no_known_allergies" } });
    const allergies = await screen.findByTestId("banner-allergies");
    expect(allergies).toHaveAttribute("data-state", "no_known_allergies");
    expect(allergies).toHaveTextContent("No known allergies");
    expect(screen.queryByTestId("urgent-alerts")).not.toBeInTheDocument();
    // Already recorded: no button to record it again.
    expect(screen.queryByTestId("nka-record")).not.toBeInTheDocument();
  });

  it("says allergies are not recorded, and a nurse records 'no known allergies'", async () => {
    let record: Partial<ChartRecord> = {};
    const user = openChart("nurse", {}, {
      open_patient_chart: () => patientChart(record),
      record_no_known_allergies: () => {
        record = { allergies: { state: "no_known_allergies" } };
        return record.allergies;
      },
    });
    const allergies = await screen.findByTestId("banner-allergies");
    expect(allergies).toHaveAttribute("data-state", "not_recorded");
    expect(allergies).toHaveTextContent("Allergies not recorded");
    await user.click(await screen.findByTestId("nka-record"));
    await waitFor(() => expect(screen.getByTestId("banner-allergies")).toHaveAttribute("data-state", "no_known_allergies"));
    expect(callsOf("record_no_known_allergies")).toEqual([{ patientId: PATIENT_ID }]);
  });

  it("records an allergy from the summary and re-reads the chart", async () => {
    let record: Partial<ChartRecord> = {};
    const user = openChart("nurse", {}, {
      open_patient_chart: () => patientChart(record),
      record_allergy: (args) => {
        const { input } = args as { input: { substance: string; severity: "severe" } };
        const a = allergy({ substance: input.substance, severity: input.severity });
        record = { allergies: { state: "known", allergies: [a] }, allergyHistory: [a] };
        return a;
      },
    });
    await user.click(await screen.findByTestId("allergy-add"));
    expect(screen.getByTestId("allergy-substance")).toHaveFocus();
    await user.type(screen.getByTestId("allergy-substance"), "Sulfa drugs");
    await user.selectOptions(screen.getByTestId("allergy-severity"), "severe");
    await user.click(screen.getByTestId("allergy-save"));
    await waitFor(() => expect(screen.getByTestId("banner-allergies")).toHaveTextContent("Sulfa drugs (severe)"));
    expect(callsOf("record_allergy")).toEqual([
      { patientId: PATIENT_ID, input: { substance: "Sulfa drugs", reaction: null, severity: "severe", status: "active", notedOn: null } },
    ]);
  });

  it("does not turn a new allergy into a correction of another row while its form is open", async () => {
    const penicillin = allergy();
    const user = openChart("nurse", { allergies: { state: "known", allergies: [penicillin] }, allergyHistory: [penicillin] }, {
      record_allergy: (args) => allergy({ id: "al-2", substance: (args as { input: { substance: string } }).input.substance }),
      change_allergy: () => penicillin,
    });
    await user.click(await screen.findByTestId("allergy-add"));
    await user.type(screen.getByTestId("allergy-substance"), "Latex");
    // Correct on Penicillin while the new allergy is open: it must not take over the form.
    const correct = within(screen.getByTestId("allergy-list")).getByTestId("allergy-edit");
    await user.click(correct);
    expect(screen.getByTestId("allergy-substance")).toHaveValue("Latex");
    expect(correct).toBeDisabled();
    await user.click(screen.getByTestId("allergy-save"));
    await waitFor(() => expect(callsOf("record_allergy")).toHaveLength(1));
    expect(callsOf("record_allergy")[0]).toMatchObject({ input: { substance: "Latex" } });
    expect(callsOf("change_allergy")).toEqual([]);
    // Once the form has closed, the row can be corrected again, starting from its own values.
    await waitFor(() => expect(screen.queryByTestId("allergy-form")).not.toBeInTheDocument());
    expect(within(screen.getByTestId("allergy-list")).getByTestId("allergy-edit")).toBeEnabled();
    await user.click(within(screen.getByTestId("allergy-list")).getByTestId("allergy-edit"));
    expect(screen.getByTestId("allergy-substance")).toHaveValue("Penicillin");
  });
});

describe("problem list", () => {
  it("does not turn a new problem into an update of another row while its form is open", async () => {
    const hypertension = condition();
    const user = openChart("doctor", { conditions: [hypertension] }, {
      search_icd10: () => [],
      record_condition: (args) => condition({ id: "cond-2", problem: (args as { input: { problem: string } }).input.problem }),
      change_condition: () => hypertension,
    });
    await user.click(await screen.findByTestId("tab-history"));
    await user.click(screen.getByTestId("condition-add"));
    await user.type(screen.getByTestId("condition-problem"), "Asthma");
    const update = within(screen.getByTestId("problem-list")).getByTestId("condition-edit");
    await user.click(update);
    expect(screen.getByTestId("condition-problem")).toHaveValue("Asthma");
    expect(update).toBeDisabled();
    await user.click(screen.getByTestId("condition-save"));
    await waitFor(() => expect(callsOf("record_condition")).toHaveLength(1));
    expect(callsOf("record_condition")[0]).toMatchObject({ input: { problem: "Asthma" } });
    expect(callsOf("change_condition")).toEqual([]);
    await waitFor(() => expect(screen.queryByTestId("condition-form")).not.toBeInTheDocument());
    await user.click(within(screen.getByTestId("problem-list")).getByTestId("condition-edit"));
    expect(screen.getByTestId("condition-problem")).toHaveValue("Essential hypertension");
  });
});

describe("permissions", () => {
  it("lets a nurse record vitals, allergies and labs but not prescribe or write notes", async () => {
    const user = openChart("nurse", { encounters: [encounterSummary()], prescriptions: [prescriptionEntry()] });
    expect(await screen.findByTestId("allergy-add")).toBeInTheDocument();
    await user.click(screen.getByTestId("tab-vitals"));
    expect(screen.getByTestId("vitals-systolic")).toBeVisible();
    await user.click(screen.getByTestId("tab-labs"));
    expect(screen.getByTestId("lab-add")).toBeVisible();
    await user.click(screen.getByTestId("tab-medications"));
    expect(screen.getByTestId("medication-list")).toHaveTextContent("Ibuprofen");
    expect(screen.queryByTestId("prescribe-open")).not.toBeInTheDocument();
    expect(screen.queryByTestId("rx-select")).not.toBeInTheDocument();
    expect(screen.queryByTestId("rx-stop")).not.toBeInTheDocument();
    expect(screen.queryByTestId("encounter-new")).not.toBeInTheDocument();
    expect(screen.queryByTestId("encounter-amend")).not.toBeInTheDocument();
    expect(screen.queryByTestId("condition-add")).not.toBeInTheDocument();
    expect(screen.queryByTestId("history-save")).not.toBeInTheDocument();
    expect(screen.queryByTestId("nav-alerts")).not.toBeInTheDocument();
  });

  it("moves between tabs with the arrow keys", async () => {
    const user = openChart("doctor");
    await screen.findByTestId("chart-banner");
    screen.getByTestId("tab-summary").focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("tab-history")).toHaveFocus();
    expect(screen.getByTestId("tab-history")).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{ArrowRight}{ArrowRight}");
    expect(screen.getByTestId("tab-vitals")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("location")).toHaveAttribute("data-path", CHART);
  });
});

describe("vitals", () => {
  it("converts °C, cm and kg to VitalsInput's units and shows Rust's field error under its input", async () => {
    let failOnce = true;
    const user = openChart("nurse", { vitals: [vitalsReading()] }, {
      record_vitals: () => {
        if (failOnce) {
          failOnce = false;
          throw validationError("pulsePerMin", "A pulse is 20 to 300 beats a minute");
        }
        return vitalsReading({ id: "v-2" });
      },
    });
    await user.click(await screen.findByTestId("tab-vitals"));
    expect(within(screen.getByTestId("vitals-table")).getAllByTestId("vitals-row")[0]).toHaveTextContent("128/82");
    await user.type(screen.getByTestId("vitals-systolic"), "120");
    await user.type(screen.getByTestId("vitals-diastolic"), "80");
    await user.type(screen.getByTestId("vitals-pulse"), "7");
    await user.type(screen.getByTestId("vitals-temperature"), "37.2");
    await user.type(screen.getByTestId("vitals-height"), "172.5");
    await user.type(screen.getByTestId("vitals-weight"), "72.5{Enter}");

    expect(await screen.findByTestId("vitals-error-pulsePerMin")).toHaveTextContent("A pulse is 20 to 300 beats a minute");
    expect(callsOf("record_vitals")).toEqual([
      {
        patientId: PATIENT_ID,
        input: {
          systolicMmhg: 120,
          diastolicMmhg: 80,
          pulsePerMin: 7,
          temperatureTenthsC: 372,
          respiratoryRatePerMin: null,
          spo2Percent: null,
          heightMm: 1725,
          weightG: 72500,
        },
      },
    ]);
    // Nothing typed is lost.
    expect(screen.getByTestId("vitals-temperature")).toHaveValue("37.2");
    expect(screen.getByTestId("vitals-weight")).toHaveValue("72.5");

    await user.type(screen.getByTestId("vitals-pulse"), "2");
    await user.click(screen.getByTestId("vitals-save"));
    await waitFor(() => expect(screen.getByTestId("vitals-weight")).toHaveValue(""));
    expect(callsOf("record_vitals").at(-1)).toMatchObject({ input: { pulsePerMin: 72 } });
    expect(screen.queryByTestId("vitals-error-pulsePerMin")).not.toBeInTheDocument();
  });
});

describe("prescribing", () => {
  const conflict: AllergyConflict = {
    allergyId: "al-1",
    substance: "Penicillin",
    severity: "severe",
    kind: "same_class",
    class: "penicillins",
    message: "Amoxicillin is a penicillin: the patient is allergic to Penicillin (severe)",
  };

  it("warns of an allergy, requires a reason, and passes it to prescribe", async () => {
    const user = openChart("doctor", { allergies: { state: "known", allergies: [allergy()] } }, {
      check_prescription: (args) => ((args as { medication: string }).medication.toLowerCase().startsWith("amox") ? [conflict] : []),
      prescribe: (args) => {
        const { overrideReason } = args as { overrideReason: string | null };
        if (!overrideReason || overrideReason.length < 10) throw validationError("overrideReason", "This medication matches an allergy: give a reason of at least 10 characters");
        return prescriptionEntry({ id: "rx-2", medication: "Amoxicillin", overrideReason });
      },
    });
    await user.click(await screen.findByTestId("tab-medications"));
    await user.click(screen.getByTestId("prescribe-open"));
    expect(screen.getByTestId("rx-medication")).toHaveFocus();
    await user.type(screen.getByTestId("rx-medication"), "Amoxicillin");
    await user.type(screen.getByTestId("rx-strength"), "500 mg");
    await user.type(screen.getByTestId("rx-dose"), "1 capsule");
    await user.type(screen.getByTestId("rx-frequency"), "three times a day");
    await user.type(screen.getByTestId("rx-duration"), "7");
    await user.type(screen.getByTestId("rx-quantity"), "21");

    const warning = await screen.findByTestId("allergy-warning");
    expect(warning).toHaveTextContent(conflict.message);
    expect(screen.getByTestId("rx-save")).toHaveTextContent("Prescribe anyway");

    // No reason: not sent, and the reason field says why.
    await user.click(screen.getByTestId("rx-save"));
    expect(await screen.findByTestId("rx-error-overrideReason")).toHaveTextContent("Give a reason");
    expect(screen.getByTestId("override-reason")).toHaveFocus();
    expect(callsOf("prescribe")).toEqual([]);

    await user.type(screen.getByTestId("override-reason"), "Tolerated amoxicillin in 2024 without reaction");
    await user.click(screen.getByTestId("rx-save"));
    await waitFor(() => expect(callsOf("prescribe")).toHaveLength(1));
    expect(callsOf("prescribe")[0]).toEqual({
      patientId: PATIENT_ID,
      input: {
        medication: "Amoxicillin",
        strength: "500 mg",
        dose: "1 capsule",
        route: "oral",
        frequency: "three times a day",
        durationDays: 7,
        quantity: 21,
        refills: 0,
        instructions: null,
      },
      overrideReason: "Tolerated amoxicillin in 2024 without reaction",
      encounterId: null,
    });
    await waitFor(() => expect(screen.queryByTestId("prescribe-form")).not.toBeInTheDocument());
    expect(callsOf("check_prescription").at(-1)).toEqual({ patientId: PATIENT_ID, medication: "Amoxicillin" });
  });

  it("prescribes without a reason when there is no warning", async () => {
    const user = openChart("doctor", {}, {
      check_prescription: () => [],
      prescribe: () => prescriptionEntry({ id: "rx-3" }),
    });
    await user.click(await screen.findByTestId("tab-medications"));
    await user.click(screen.getByTestId("prescribe-open"));
    await user.type(screen.getByTestId("rx-medication"), "Ibuprofen");
    await user.type(screen.getByTestId("rx-dose"), "1 tablet");
    await user.type(screen.getByTestId("rx-frequency"), "twice a day");
    // Checked as typed, while the form is still open: no warning, no reason asked, a plain "Prescribe".
    await waitFor(() => expect(callsOf("check_prescription")).toContainEqual({ patientId: PATIENT_ID, medication: "Ibuprofen" }));
    const form = screen.getByTestId("prescribe-form");
    expect(within(form).queryByTestId("allergy-warning")).not.toBeInTheDocument();
    expect(within(form).queryByTestId("override-reason")).not.toBeInTheDocument();
    expect(screen.getByTestId("rx-save")).toHaveTextContent(/^Prescribe$/);

    await user.type(screen.getByTestId("rx-frequency"), "{Enter}");
    await waitFor(() => expect(callsOf("prescribe")).toHaveLength(1));
    expect(callsOf("prescribe")[0]).toMatchObject({ overrideReason: null, input: { medication: "Ibuprofen", durationDays: null, quantity: null } });
    await waitFor(() => expect(screen.queryByTestId("prescribe-form")).not.toBeInTheDocument());
  });

  it.each(["doctor", "nurse"] as const)("shows a %s why an allergy warning was overridden", async (role) => {
    const why = "Tolerated amoxicillin in 2024 without reaction";
    const user = openChart(role, {
      prescriptions: [prescriptionEntry({ id: "rx-2", medication: "Amoxicillin", overrideReason: why }), prescriptionEntry()],
    });
    await user.click(await screen.findByTestId("tab-medications"));
    const [amox, ibuprofen] = within(screen.getByTestId("medication-list")).getAllByTestId("rx-row");
    expect(within(amox!).getByTestId("rx-override-reason")).toHaveTextContent(`Allergy warning overridden: ${why}`);
    expect(within(ibuprofen!).queryByTestId("rx-override-reason")).not.toBeInTheDocument();
  });

  it("saves the selected prescriptions as a PDF and shows where", async () => {
    const user = openChart("doctor", { prescriptions: [prescriptionEntry(), prescriptionEntry({ id: "rx-9", medication: "Omeprazole" }), prescriptionEntry({ id: "rx-old", status: "stopped", stopReason: "Rash" })] }, {
      save_prescription_pdf: () => ({ path: "/home/clinic/Documents/Clinic Desk/prescription-RIV-000001.pdf" }),
    });
    await user.click(await screen.findByTestId("tab-medications"));
    const current = screen.getByTestId("medication-list");
    expect(within(current).getAllByTestId("rx-row")).toHaveLength(2);
    expect(screen.getByTestId("medication-history")).toHaveTextContent("Stopped: Rash");
    expect(screen.getByTestId("rx-pdf")).toBeDisabled();
    await user.click(within(current).getAllByTestId("rx-select")[1]!);
    await user.click(screen.getByTestId("rx-pdf"));
    expect(await screen.findByTestId("pdf-saved-path")).toHaveTextContent("/home/clinic/Documents/Clinic Desk/prescription-RIV-000001.pdf");
    expect(callsOf("save_prescription_pdf")).toEqual([{ patientId: PATIENT_ID, prescriptionIds: ["rx-9"] }]);
  });

  it("stops a prescription with a reason", async () => {
    const user = openChart("doctor", { prescriptions: [prescriptionEntry()] }, {
      change_prescription: () => prescriptionEntry({ status: "stopped", stopReason: "Stomach pain" }),
    });
    await user.click(await screen.findByTestId("tab-medications"));
    await user.click(screen.getByTestId("rx-stop"));
    await user.type(await screen.findByTestId("rx-stop-reason"), "Stomach pain");
    await user.click(screen.getByTestId("rx-stop-confirm"));
    await waitFor(() => expect(callsOf("change_prescription")).toEqual([{ patientId: PATIENT_ID, prescriptionId: "rx-1", change: { to: "stop", reason: "Stomach pain" } }]));
  });
});

describe("encounters", () => {
  it("shows Amend (not Edit) on a signed note, Edit on a draft, and amends with a reason", async () => {
    const draft = encounterSummary({ id: "enc-2", signedAt: null, createdAt: "2026-11-21T09:00:00Z" });
    const signed = encounterSummary({ versionCount: 2 });
    const user = openChart("doctor", { encounters: [draft, signed] }, {
      amend_encounter: () => signed,
      encounter_history: () => ({
        current: { ...signed.current, id: "amd-1", amendmentReason: "Wrong throat side" },
        versions: [signed.current, { ...signed.current, id: "amd-1", amendmentReason: "Wrong throat side" }],
      }),
    });
    await user.click(await screen.findByTestId("tab-encounters"));
    const [draftCard, signedCard] = within(screen.getByTestId("encounter-list")).getAllByTestId("encounter-card");
    expect(within(draftCard!).getByTestId("encounter-edit")).toBeInTheDocument();
    expect(within(draftCard!).queryByTestId("encounter-amend")).not.toBeInTheDocument();
    expect(within(signedCard!).getByTestId("encounter-amend")).toBeInTheDocument();
    expect(within(signedCard!).queryByTestId("encounter-edit")).not.toBeInTheDocument();

    await user.click(within(signedCard!).getByTestId("encounter-history-open"));
    expect(within(signedCard!).getByTestId("encounter-history-open")).toHaveTextContent("History (2 versions)");
    const history = await screen.findByTestId("encounter-history");
    expect(within(history).getAllByTestId("encounter-version")).toHaveLength(2);
    expect(history).toHaveTextContent("Wrong throat side");
    await user.keyboard("{Escape}");

    await user.click(within(signedCard!).getByTestId("encounter-amend"));
    expect(screen.getByTestId("encounter-reason")).toHaveValue("Sore throat");
    expect(screen.queryByTestId("encounter-sign")).not.toBeInTheDocument();
    await user.clear(screen.getByTestId("encounter-plan"));
    await user.type(screen.getByTestId("encounter-plan"), "Penicillin V for 10 days");
    await user.type(screen.getByTestId("encounter-amendment-reason"), "Strep test came back positive");
    await user.click(screen.getByTestId("encounter-amend-save"));
    await waitFor(() => expect(callsOf("amend_encounter")).toHaveLength(1));
    expect(callsOf("amend_encounter")[0]).toMatchObject({
      patientId: PATIENT_ID,
      encounterId: "enc-1",
      input: { reason: "Strep test came back positive", note: { reason: "Sore throat", plan: "Penicillin V for 10 days" } },
    });
  });

  it("offers Edit only on the doctor's own drafts; another doctor's draft is read-only", async () => {
    const mine = encounterSummary({ id: "enc-2", signedAt: null, createdAt: "2026-11-21T09:00:00Z" });
    const theirs = encounterSummary({ id: "enc-3", providerId: "user-doctor-2", signedAt: null, createdAt: "2026-11-21T10:00:00Z" });
    const user = openChart("doctor", { encounters: [theirs, mine], staff: { "user-doctor": "Dr Ada Okafor", "user-doctor-2": "Dr Ben Osei" } }, {
      save_encounter: () => {
        throw { code: "conflict", message: "Only the doctor who wrote this draft can change or sign it", fieldErrors: [] };
      },
    });
    await user.click(await screen.findByTestId("tab-encounters"));
    const [theirCard, myCard] = within(screen.getByTestId("encounter-list")).getAllByTestId("encounter-card");
    expect(within(theirCard!).queryByTestId("encounter-edit")).not.toBeInTheDocument();
    expect(within(theirCard!).queryByTestId("encounter-amend")).not.toBeInTheDocument();
    expect(within(theirCard!).getByTestId("encounter-draft-by")).toHaveTextContent("Draft by Dr Ben Osei");
    expect(within(myCard!).queryByTestId("encounter-draft-by")).not.toBeInTheDocument();

    // Should Rust refuse anyway (the draft changed hands meanwhile), its message is shown.
    await user.click(within(myCard!).getByTestId("encounter-edit"));
    await user.click(screen.getByTestId("encounter-sign"));
    expect(await screen.findByTestId("encounter-error")).toHaveTextContent("Only the doctor who wrote this draft can change or sign it");
  });

  it("shows a nurse who wrote a draft, without Edit", async () => {
    const user = openChart("nurse", { encounters: [encounterSummary({ signedAt: null })] });
    await user.click(await screen.findByTestId("tab-encounters"));
    const card = screen.getByTestId("encounter-card");
    expect(within(card).queryByTestId("encounter-edit")).not.toBeInTheDocument();
    expect(within(card).getByTestId("encounter-draft-by")).toHaveTextContent("Draft by Dr Ada Okafor");
  });

  it("writes and signs a new note, leaving out empty diagnosis rows and placing Rust's row errors", async () => {
    let fail = true;
    const user = openChart("doctor", {}, {
      search_icd10: () => [{ code: "J06.9", description: "Acute upper respiratory infection, unspecified" }],
      save_encounter: () => {
        if (fail) {
          fail = false;
          throw validationError("diagnoses[0].code", "Not an ICD-10 code");
        }
        return encounterSummary({ id: "enc-new" });
      },
    });
    await user.click(await screen.findByTestId("tab-encounters"));
    await user.click(screen.getByTestId("encounter-new"));
    expect(screen.getByTestId("encounter-reason")).toHaveFocus();
    await user.type(screen.getByTestId("encounter-reason"), "Cough");
    await user.type(screen.getByTestId("encounter-subjective"), "Dry cough for a week");
    await user.type(screen.getByTestId("encounter-assessment"), "URTI");
    await user.click(screen.getByTestId("diagnosis-add"));
    await user.click(screen.getByTestId("diagnosis-add"));
    // The first row stays empty; the second gets a code from the search.
    // At once: typed key by key on a busy machine, the 250 ms debounce may search "upper" first.
    fireEvent.change(screen.getByTestId("diagnosis-description-1"), { target: { value: "upper resp" } });
    await user.click(await screen.findByRole("option", { name: /J06\.9/ }));
    expect(screen.getByTestId("diagnosis-description-1")).toHaveValue("Acute upper respiratory infection, unspecified");
    expect(screen.getByTestId("diagnosis-code-1")).toHaveValue("J06.9");

    await user.click(screen.getByTestId("encounter-sign"));
    // Rust's "diagnoses[0]" is the first row sent: the second one shown.
    expect(await screen.findByTestId("encounter-error-diagnoses[1].code")).toHaveTextContent("Not an ICD-10 code");
    expect(callsOf("save_encounter")[0]).toEqual({
      patientId: PATIENT_ID,
      encounterId: null,
      appointmentId: null,
      note: {
        reason: "Cough",
        subjective: "Dry cough for a week",
        objective: null,
        assessment: "URTI",
        plan: null,
        diagnoses: [{ code: "J06.9", description: "Acute upper respiratory infection, unspecified" }],
      },
      sign: true,
    });
    // Not necessarily the last search: 250 ms after the pick, the chosen text is searched too.
    expect(callsOf("search_icd10")).toContainEqual({ query: "upper resp" });
    // Filling the empty row above afterwards does not move the error: it is about the row sent.
    await user.type(screen.getByTestId("diagnosis-description-0"), "Cough");
    expect(screen.getByTestId("encounter-error-diagnoses[1].code")).toHaveTextContent("Not an ICD-10 code");
    expect(screen.queryByTestId("encounter-error-diagnoses[0].code")).not.toBeInTheDocument();

    await user.click(screen.getByTestId("encounter-sign"));
    await waitFor(() => expect(screen.queryByTestId("encounter-form")).not.toBeInTheDocument());
    expect(callsOf("save_encounter")).toHaveLength(2);
  });
});

describe("labs and urgent results", () => {
  it("shows lab flags as badges and records a result", async () => {
    const user = openChart("nurse", {
      labs: [
        {
          id: "lab-1",
          recordedAt: "2026-11-20T11:00:00Z",
          recordedBy: "user-nurse",
          test: "Potassium",
          value: { kind: "numeric", number: "6.8" },
          unit: "mmol/L",
          range: { low: "3.5", high: "5.1", criticalLow: "2.5", criticalHigh: "6.5" },
          flag: "critical_high",
          collectedOn: "2026-11-20",
        },
      ],
    }, {
      record_lab_result: (args) => ({ ...(args as { input: object }).input, id: "lab-2", flag: "normal" }),
    });
    await user.click(await screen.findByTestId("tab-labs"));
    const flag = within(screen.getByTestId("lab-table")).getByTestId("lab-flag");
    expect(flag).toHaveTextContent("Critical high");
    expect(flag).toHaveAttribute("data-flag", "critical_high");
    await user.click(screen.getByTestId("lab-add"));
    await user.type(screen.getByTestId("lab-test"), "Sodium");
    await user.type(screen.getByTestId("lab-value"), "140");
    await user.type(screen.getByTestId("lab-unit"), "mmol/L");
    await user.type(screen.getByTestId("lab-referenceLow"), "135");
    await user.type(screen.getByTestId("lab-referenceHigh"), "145{Enter}");
    await waitFor(() =>
      expect(callsOf("record_lab_result")).toEqual([
        {
          patientId: PATIENT_ID,
          input: { test: "Sodium", value: "140", unit: "mmol/L", referenceLow: "135", referenceHigh: "145", criticalLow: null, criticalHigh: null, collectedOn: null },
        },
      ]),
    );
  });

  it("lists urgent results for a doctor and acknowledges one", async () => {
    let open = [{ ...clinicalAlert(), patientName: "Maria Lopez", mrn: "RIV-000001" }];
    mockCommands({
      current_session: () => sessionFixture("doctor"),
      list_patients: () => ({ items: [], total: 0, page: 1, pageSize: 25 }),
      list_clinical_alerts: () => open,
      acknowledge_clinical_alert: () => {
        open = [];
        return null;
      },
    });
    const user = userEvent.setup();
    renderApp("/");
    await user.click(await screen.findByTestId("nav-alerts"));
    const row = await screen.findByTestId("urgent-result-row");
    expect(row).toHaveTextContent("Maria Lopez");
    expect(row).toHaveTextContent("RIV-000001");
    expect(row).toHaveTextContent("Critical high");
    expect(within(row).getByTestId("urgent-result-patient")).toHaveAttribute("href", `/patients/${PATIENT_ID}/chart?tab=labs`);
    await user.click(within(row).getByTestId("urgent-ack"));
    expect(await screen.findByTestId("urgent-results-empty")).toBeInTheDocument();
    expect(callsOf("acknowledge_clinical_alert")).toEqual([{ alertId: "alert-1" }]);
  });
});
