// Form model for PatientForm. The client checks only required fields and maximum
// lengths; every format rule (email, phone, date validity, date not in the future)
// is enforced by the Rust command layer and comes back as CommandError.fieldErrors.
import { z } from "zod";
import type { BloodGroup } from "../bindings/BloodGroup";
import type { Patient } from "../bindings/Patient";
import type { PatientInput } from "../bindings/PatientInput";
import type { Sex } from "../bindings/Sex";
import { BLOOD_GROUPS, SEX_VALUES } from "./format";

/** What the form edits: PatientInput with "" standing for "not chosen yet" in the selects. */
export type PatientFormValues = Omit<PatientInput, "sex" | "bloodGroup"> & {
  sex: Sex | "";
  bloodGroup: BloodGroup | "";
};

export type PatientFormField = keyof PatientFormValues;

/** Maximum lengths (characters). The Rust side must accept at least these. */
export const MAX_LENGTHS: Record<Exclude<PatientFormField, "sex" | "bloodGroup">, number> = {
  givenName: 100,
  middleName: 100,
  familyName: 100,
  preferredName: 100,
  dateOfBirth: 10,
  phone: 32,
  email: 254,
  addressLine1: 200,
  addressLine2: 200,
  city: 100,
  region: 100,
  postalCode: 20,
  country: 100,
  emergencyContactName: 100,
  emergencyContactRelationship: 100,
  emergencyContactPhone: 32,
  insuranceProvider: 100,
  insurancePolicyNumber: 100,
  insuranceGroupNumber: 100,
  notes: 4000,
};

function text(max: number) {
  return z.string().max(max, `At most ${max} characters`);
}

function required(max: number, message: string) {
  return z
    .string()
    .refine((v) => v.trim() !== "", message)
    .pipe(z.string().max(max, `At most ${max} characters`));
}

export const patientFormSchema = z.object({
  givenName: required(MAX_LENGTHS.givenName, "Given name is required"),
  middleName: text(MAX_LENGTHS.middleName),
  familyName: required(MAX_LENGTHS.familyName, "Family name is required"),
  preferredName: text(MAX_LENGTHS.preferredName),
  dateOfBirth: required(MAX_LENGTHS.dateOfBirth, "Date of birth is required"),
  sex: z.union([z.enum(SEX_VALUES as [Sex, ...Sex[]]), z.literal("")]).refine((v) => v !== "", "Select sex"),
  phone: text(MAX_LENGTHS.phone),
  email: text(MAX_LENGTHS.email),
  addressLine1: text(MAX_LENGTHS.addressLine1),
  addressLine2: text(MAX_LENGTHS.addressLine2),
  city: text(MAX_LENGTHS.city),
  region: text(MAX_LENGTHS.region),
  postalCode: text(MAX_LENGTHS.postalCode),
  country: text(MAX_LENGTHS.country),
  bloodGroup: z.union([z.enum(BLOOD_GROUPS as [BloodGroup, ...BloodGroup[]]), z.literal("")]),
  emergencyContactName: text(MAX_LENGTHS.emergencyContactName),
  emergencyContactRelationship: text(MAX_LENGTHS.emergencyContactRelationship),
  emergencyContactPhone: text(MAX_LENGTHS.emergencyContactPhone),
  insuranceProvider: text(MAX_LENGTHS.insuranceProvider),
  insurancePolicyNumber: text(MAX_LENGTHS.insurancePolicyNumber),
  insuranceGroupNumber: text(MAX_LENGTHS.insuranceGroupNumber),
  notes: text(MAX_LENGTHS.notes),
});

/** Runs the schema and returns Mantine-form style errors: { field: message }. */
export function validatePatientForm(values: PatientFormValues): Partial<Record<PatientFormField, string>> {
  const result = patientFormSchema.safeParse(values);
  if (result.success) return {};
  const errors: Partial<Record<PatientFormField, string>> = {};
  for (const issue of result.error.issues) {
    const key = issue.path[0];
    if (typeof key === "string" && key in values && !(key in errors)) {
      errors[key as PatientFormField] = issue.message;
    }
  }
  return errors;
}

export const EMPTY_PATIENT_FORM: PatientFormValues = {
  givenName: "",
  middleName: "",
  familyName: "",
  preferredName: "",
  dateOfBirth: "",
  sex: "",
  phone: "",
  email: "",
  addressLine1: "",
  addressLine2: "",
  city: "",
  region: "",
  postalCode: "",
  country: "",
  bloodGroup: "",
  emergencyContactName: "",
  emergencyContactRelationship: "",
  emergencyContactPhone: "",
  insuranceProvider: "",
  insurancePolicyNumber: "",
  insuranceGroupNumber: "",
  notes: "",
};

export function isPatientFormField(field: string): field is PatientFormField {
  return Object.prototype.hasOwnProperty.call(EMPTY_PATIENT_FORM, field);
}

/** Form values → command input. Only call after validation (sex must be chosen). */
export function formValuesToInput(values: PatientFormValues): PatientInput {
  if (values.sex === "") throw new Error("sex must be chosen before submitting");
  return {
    ...values,
    sex: values.sex,
    bloodGroup: values.bloodGroup === "" ? null : values.bloodGroup,
  };
}

/** Stored patient → form values (null → ""). */
export function patientToFormValues(p: Patient): PatientFormValues {
  const s = (v: string | null) => v ?? "";
  return {
    givenName: p.givenName,
    middleName: s(p.middleName),
    familyName: p.familyName,
    preferredName: s(p.preferredName),
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    phone: s(p.phone),
    email: s(p.email),
    addressLine1: s(p.addressLine1),
    addressLine2: s(p.addressLine2),
    city: s(p.city),
    region: s(p.region),
    postalCode: s(p.postalCode),
    country: s(p.country),
    bloodGroup: p.bloodGroup ?? "",
    emergencyContactName: s(p.emergencyContactName),
    emergencyContactRelationship: s(p.emergencyContactRelationship),
    emergencyContactPhone: s(p.emergencyContactPhone),
    insuranceProvider: s(p.insuranceProvider),
    insurancePolicyNumber: s(p.insurancePolicyNumber),
    insuranceGroupNumber: s(p.insuranceGroupNumber),
    notes: s(p.notes),
  };
}
