// Labels for the chart's enums. Each is a `Record` over the generated type, so a new Rust
// variant fails the type check until it has a label here.
import type { AllergySeverity } from "../bindings/AllergySeverity";
import type { AllergyStatus } from "../bindings/AllergyStatus";
import type { ConditionStatus } from "../bindings/ConditionStatus";
import type { ConflictKind } from "../bindings/ConflictKind";
import type { LabFlag } from "../bindings/LabFlag";
import type { PrescriptionStatus } from "../bindings/PrescriptionStatus";
import type { Route } from "../bindings/Route";

export const ROUTE_LABELS: Record<Route, string> = {
  oral: "Oral (by mouth)",
  sublingual: "Sublingual",
  topical: "Topical (on the skin)",
  transdermal: "Transdermal (patch)",
  inhaled: "Inhaled",
  nasal: "Nasal",
  ophthalmic: "Eye (ophthalmic)",
  otic: "Ear (otic)",
  intravenous: "Intravenous (IV)",
  intramuscular: "Intramuscular (IM)",
  subcutaneous: "Subcutaneous (SC)",
  rectal: "Rectal",
  vaginal: "Vaginal",
  other: "Other",
};

export const ALLERGY_SEVERITY_LABELS: Record<AllergySeverity, string> = {
  mild: "Mild",
  moderate: "Moderate",
  severe: "Severe",
  life_threatening: "Life-threatening",
};

export const ALLERGY_STATUS_LABELS: Record<AllergyStatus, string> = {
  active: "Active",
  inactive: "Inactive",
  entered_in_error: "Entered in error",
};

export const LAB_FLAG_LABELS: Record<LabFlag, string> = {
  normal: "Normal",
  low: "Low",
  high: "High",
  critical_low: "Critical low",
  critical_high: "Critical high",
  not_applicable: "No range",
};

/** The badge colour of each flag: critical results stand out most. */
export const LAB_FLAG_COLORS: Record<LabFlag, string> = {
  normal: "green",
  low: "orange",
  high: "orange",
  critical_low: "red",
  critical_high: "red",
  not_applicable: "gray",
};

export const CONDITION_STATUS_LABELS: Record<ConditionStatus, string> = {
  active: "Active",
  resolved: "Resolved",
};

export const PRESCRIPTION_STATUS_LABELS: Record<PrescriptionStatus, string> = {
  active: "Active",
  completed: "Completed",
  stopped: "Stopped",
};

export const CONFLICT_KIND_LABELS: Record<ConflictKind, string> = {
  same_substance: "Same substance",
  same_class: "Same drug class",
  cross_reactivity: "Cross-reactivity",
};

/** Options for a Mantine Select, in the label table's order. */
export function optionsOf<T extends string>(labels: Record<T, string>): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
