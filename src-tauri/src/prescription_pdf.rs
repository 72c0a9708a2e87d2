//! What a printed prescription says, from the chart: the mapping from our records to
//! `clinic_print`'s sheet. The layout itself lives in `clinic-print`.

use chrono::NaiveDate;
use clinic_core::chart::{AllergyRecord, AllergySeverity, PrescriptionEntry, Route};
use clinic_core::Patient;
use clinic_print::{Letterhead, MedicationLine, PrescriptionSheet};
use clinic_store::SiteInfo;

/// A route as a pharmacist reads it.
fn route_label(route: Route) -> &'static str {
    match route {
        Route::Oral => "by mouth",
        Route::Sublingual => "under the tongue",
        Route::Topical => "on the skin",
        Route::Transdermal => "patch on the skin",
        Route::Inhaled => "inhaled",
        Route::Nasal => "in the nose",
        Route::Ophthalmic => "in the eye",
        Route::Otic => "in the ear",
        Route::Intravenous => "intravenous",
        Route::Intramuscular => "intramuscular",
        Route::Subcutaneous => "subcutaneous",
        Route::Rectal => "rectal",
        Route::Vaginal => "vaginal",
        Route::Other => "other route",
    }
}

fn severity_label(severity: AllergySeverity) -> &'static str {
    match severity {
        AllergySeverity::Mild => "mild",
        AllergySeverity::Moderate => "moderate",
        AllergySeverity::Severe => "severe",
        AllergySeverity::LifeThreatening => "life-threatening",
    }
}

fn medication_line(entry: &PrescriptionEntry) -> MedicationLine {
    let d = &entry.prescription.details;
    MedicationLine {
        medication: d.medication.clone(),
        strength: d.strength.clone(),
        dose: d.dose.clone(),
        route: route_label(d.route).to_string(),
        frequency: d.frequency.clone(),
        duration: d.duration_days.map(|n| if n == 1 { "1 day".to_string() } else { format!("{n} days") }),
        quantity: d.quantity.map(|q| q.to_string()),
        refills: d.refills,
        instructions: d.instructions.clone(),
    }
}

/// The sheet for `entries`, written by `prescriber` on `date`.
pub fn prescription_sheet(
    site: &SiteInfo,
    prescriber: &str,
    patient: &Patient,
    allergies: &AllergyRecord,
    entries: &[PrescriptionEntry],
    date: NaiveDate,
) -> PrescriptionSheet {
    let allergies = match allergies {
        AllergyRecord::NotRecorded => vec!["not recorded".to_string()],
        AllergyRecord::NoKnownAllergies => vec!["no known allergies".to_string()],
        AllergyRecord::Known(list) => list
            .iter()
            .map(|a| {
                let severity = severity_label(a.severity);
                match &a.reaction {
                    Some(reaction) => format!("{} ({severity}, {reaction})", a.substance),
                    None => format!("{} ({severity})", a.substance),
                }
            })
            .collect(),
    };
    let name = [
        Some(patient.details.given_name.as_str()),
        patient.details.middle_name.as_deref(),
        Some(patient.details.family_name.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    PrescriptionSheet {
        letterhead: Letterhead {
            clinic_name: site.clinic_name.clone(),
            site_name: site.site_name.clone(),
            address: None,
            phone: None,
        },
        prescriber: prescriber.to_string(),
        patient_name: name,
        patient_born: patient.details.date_of_birth.format("%-d %B %Y").to_string(),
        patient_mrn: patient.mrn.clone(),
        date: date.format("%-d %B %Y").to_string(),
        allergies,
        medications: entries.iter().map(medication_line).collect(),
    }
}
