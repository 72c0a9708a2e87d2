import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { CommandError } from "../../bindings/CommandError";
import type { PatientInput } from "../../bindings/PatientInput";
import { PatientNewPage } from "../../pages/PatientNewPage";
import { callsOf, mockCommands, patient, renderWithProviders } from "../../test/utils";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

const TEXT_VALUES: Record<string, string> = {
  givenName: "Maria",
  middleName: "Elena",
  familyName: "Lopez",
  preferredName: "Mia",
  dateOfBirth: "1980-04-12",
  phone: "+1 555 0100",
  email: "maria-at-example",
  addressLine1: "1 Main St",
  addressLine2: "Apt 2",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
  country: "US",
  emergencyContactName: "Juan Lopez",
  emergencyContactRelationship: "Husband",
  emergencyContactPhone: "+1 555 0101",
  insuranceProvider: "Acme Health",
  insurancePolicyNumber: "POL-1",
  insuranceGroupNumber: "GRP-9",
  notes: "Prefers morning appointments.\nSpeaks Spanish.",
};

const field = (key: string) => screen.getByTestId(`field-${key}`) as HTMLInputElement;

async function fillEverything(user: ReturnType<typeof userEvent.setup>) {
  for (const [key, value] of Object.entries(TEXT_VALUES)) {
    await user.click(field(key));
    await user.paste(value);
  }
  await user.selectOptions(field("sex"), "female");
  await user.selectOptions(field("bloodGroup"), "AB-");
}

async function fillRequired(user: ReturnType<typeof userEvent.setup>) {
  for (const key of ["givenName", "familyName", "dateOfBirth"]) {
    await user.click(field(key));
    await user.paste(TEXT_VALUES[key]!);
  }
  await user.selectOptions(field("sex"), "female");
}

describe("PatientForm", () => {
  beforeEach(() => {
    mockCommands({});
  });

  it("shows a Rust field error next to the field and keeps every typed value", async () => {
    const rustError: CommandError = {
      code: "validation",
      message: "Some fields are not valid",
      fieldErrors: [{ field: "email", message: "Enter a valid email address" }],
    };
    mockCommands({
      create_patient: () => {
        throw rustError;
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");

    await fillEverything(user);
    await user.click(screen.getByTestId("patient-save"));

    const error = await screen.findByTestId("error-email");
    expect(error).toHaveTextContent("Enter a valid email address");
    // The message belongs to the email input (Mantine links it with aria-describedby).
    expect(field("email")).toHaveAttribute("aria-invalid", "true");
    expect(field("email").getAttribute("aria-describedby")).toContain(error.id);
    // Only the email field is marked, and no generic alert is shown.
    expect(screen.queryByTestId("error-givenName")).not.toBeInTheDocument();
    expect(screen.queryByTestId("form-error")).not.toBeInTheDocument();

    // Every value typed is still there.
    for (const [key, value] of Object.entries(TEXT_VALUES)) {
      expect(field(key)).toHaveValue(value);
    }
    expect(field("sex")).toHaveValue("female");
    expect(field("bloodGroup")).toHaveValue("AB-");

    // The command got exactly what was typed, with the blood group as a value.
    const calls = callsOf("create_patient") as { input: PatientInput }[];
    expect(calls).toHaveLength(1);
    expect(calls[0]!.input).toEqual({ ...TEXT_VALUES, sex: "female", bloodGroup: "AB-" });

    // Editing the field clears its error.
    await user.type(field("email"), "x");
    expect(screen.queryByTestId("error-email")).not.toBeInTheDocument();
  });

  it("checks required fields on the client without calling Rust", async () => {
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");

    await user.click(field("middleName"));
    await user.paste("Elena");
    await user.click(screen.getByTestId("patient-save"));

    expect(await screen.findByTestId("error-givenName")).toHaveTextContent("Given name is required");
    expect(screen.getByTestId("error-familyName")).toHaveTextContent("Family name is required");
    expect(screen.getByTestId("error-dateOfBirth")).toHaveTextContent("Date of birth is required");
    expect(screen.getByTestId("error-sex")).toHaveTextContent("Select sex");
    expect(screen.queryByTestId("error-email")).not.toBeInTheDocument();
    expect(field("middleName")).toHaveValue("Elena");
    expect(field("givenName")).toHaveFocus();
    expect(callsOf("create_patient")).toHaveLength(0);
  });

  it("treats whitespace-only names as missing", async () => {
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");
    await user.click(field("givenName"));
    await user.paste("   ");
    await user.click(screen.getByTestId("patient-save"));
    expect(await screen.findByTestId("error-givenName")).toBeInTheDocument();
    expect(callsOf("create_patient")).toHaveLength(0);
  });

  it("shows an error without field errors above the Save button", async () => {
    mockCommands({
      create_patient: () => {
        throw { code: "database", message: "The database is locked", fieldErrors: [] } satisfies CommandError;
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");
    await fillRequired(user);
    await user.click(screen.getByTestId("patient-save"));

    expect(await screen.findByTestId("form-error")).toHaveTextContent("The database is locked");
    expect(field("givenName")).toHaveValue("Maria");
    expect(field("dateOfBirth")).toHaveValue("1980-04-12");
  });

  it("turns an unexpected rejection into a readable error", async () => {
    mockCommands({
      create_patient: () => {
        throw "IPC channel closed";
      },
    });
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");
    await fillRequired(user);
    await user.click(screen.getByTestId("patient-save"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("IPC channel closed");
  });

  it("saves, sends null for an unknown blood group and opens the patient page", async () => {
    const saved = patient({ id: "p-42" });
    mockCommands({ create_patient: () => saved });
    const user = userEvent.setup();
    renderWithProviders(<PatientNewPage />, "/patients/new");

    await user.click(field("givenName"));
    await user.paste("Maria");
    await user.click(field("familyName"));
    await user.paste("Lopez");
    await user.click(field("dateOfBirth"));
    await user.paste("1980-04-12");
    await user.selectOptions(field("sex"), "female");
    await user.click(screen.getByTestId("patient-save"));

    await waitFor(() => expect(screen.getByTestId("location")).toHaveAttribute("data-path", "/patients/p-42"));
    expect(await screen.findByText("Patient saved")).toBeInTheDocument();
    const calls = callsOf("create_patient") as { input: PatientInput }[];
    expect(calls[0]!.input.bloodGroup).toBeNull();
    expect(calls[0]!.input.email).toBe("");
  });
});
