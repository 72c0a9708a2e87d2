//! The printed prescription: letterhead, title and date, the patient, allergies, a numbered
//! list of medications, and the prescriber's name with a signature line at the bottom.
//! Medications that do not fit continue on the next page under the same header.

use printpdf::PdfDocument;

use crate::fonts::{needs_fallback, DocFonts};
use crate::layout::{PageWriter, TextStyle};
use crate::PrintError;

/// The clinic's letterhead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    /// The clinic's (organisation's) name, printed largest.
    pub clinic_name: String,
    /// This site's name.
    pub site_name: String,
    /// The site's postal address, on one line.
    pub address: Option<String>,
    /// The site's phone number.
    pub phone: Option<String>,
}

/// One medication line on a prescription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MedicationLine {
    /// The medication's name, e.g. "Amoxicillin".
    pub medication: String,
    /// Its strength, e.g. "500 mg".
    pub strength: Option<String>,
    /// How much per dose, e.g. "1 capsule".
    pub dose: String,
    /// How it is taken, e.g. "by mouth".
    pub route: String,
    /// How often, e.g. "three times a day".
    pub frequency: String,
    /// How long, e.g. "7 days" (printed as "for 7 days").
    pub duration: Option<String>,
    /// How much to dispense, e.g. "21 capsules".
    pub quantity: Option<String>,
    /// Number of refills allowed.
    pub refills: u32,
    /// Free-text instructions for the patient, e.g. "Take with food".
    pub instructions: Option<String>,
}

/// Everything printed on a prescription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrescriptionSheet {
    /// The clinic's letterhead, repeated on every page.
    pub letterhead: Letterhead,
    /// The prescriber's name as it should be printed, e.g. "Dr. Anna Weber".
    pub prescriber: String,
    /// The patient's full name.
    pub patient_name: String,
    /// The patient's date of birth, formatted for display.
    pub patient_born: String,
    /// The patient's medical record number.
    pub patient_mrn: String,
    /// The prescription's date, formatted for display.
    pub date: String,
    /// Known allergies, one substance (and reaction) per entry; empty when none are recorded.
    pub allergies: Vec<String>,
    /// The medications, in the order they are printed.
    pub medications: Vec<MedicationLine>,
}

/// Width of the label column of the patient block.
const LABEL_WIDTH: f32 = 62.0;
/// Indent of a medication's text after its number.
const ITEM_INDENT: f32 = 24.0;
/// Height kept free at the bottom of the last page for the prescriber and signature line.
const SIGNATURE_BLOCK: f32 = 78.0;

/// Renders `sheet` as an A4 PDF (one or more pages) and returns the file's bytes.
pub fn prescription_pdf(sheet: &PrescriptionSheet) -> Result<Vec<u8>, PrintError> {
    let mut doc = PdfDocument::new("Prescription");
    doc.metadata.info.creator = "Clinic Desk".to_string();
    let fonts = DocFonts::register(&mut doc, needs_fallback(texts(sheet))?)?;

    let mut w = PageWriter::new(&fonts);
    w.set_header(Box::new(|w, page| header(w, sheet, page)));
    w.set_footer_text(format!("{} · MRN {} · {}", sheet.patient_name, sheet.patient_mrn, sheet.date));

    patient_block(&mut w, sheet);
    w.gap(10.0);
    w.paragraph("Medications", TextStyle { size: 12.5, ..TextStyle::STRONG }, 0.0);
    w.rule(0.5, 0.6);
    if sheet.medications.is_empty() {
        w.paragraph("No medications on this prescription.", TextStyle::BODY, 0.0);
    }
    for (i, med) in sheet.medications.iter().enumerate() {
        medication(&mut w, i + 1, med);
    }
    // Close the list so nothing can be written in below it by hand.
    let count = match sheet.medications.len() {
        1 => "1 medication".to_string(),
        n => format!("{n} medications"),
    };
    w.rule(0.5, 0.6);
    w.paragraph(&format!("{count} on this prescription. Nothing below this line."), TextStyle::SMALL, 0.0);
    signature(&mut w, sheet);

    let pages = w.finish();
    save_pages(doc, pages)
}

/// Every piece of text the sheet prints, to decide whether the fallback font is needed.
fn texts(sheet: &PrescriptionSheet) -> impl Iterator<Item = &str> {
    let l = &sheet.letterhead;
    let fixed = [&l.clinic_name, &l.site_name, &sheet.prescriber, &sheet.patient_name, &sheet.patient_born]
        .into_iter()
        .chain([&sheet.patient_mrn, &sheet.date])
        .chain(l.address.iter().chain(l.phone.iter()))
        .chain(sheet.allergies.iter());
    let meds = sheet.medications.iter().flat_map(|m| {
        [&m.medication, &m.dose, &m.route, &m.frequency]
            .into_iter()
            .chain(m.strength.iter().chain(m.duration.iter()))
            .chain(m.quantity.iter().chain(m.instructions.iter()))
    });
    fixed.chain(meds).map(String::as_str)
}

/// The top of every page: letterhead, rule, title and date; from page 2 on, who it is for.
fn header(w: &mut PageWriter<'_>, sheet: &PrescriptionSheet, page: usize) {
    let l = &sheet.letterhead;
    w.paragraph(&l.clinic_name, TextStyle::LETTERHEAD, 0.0);
    let contact: Vec<String> = std::iter::once(l.site_name.clone())
        .chain(l.address.clone())
        .chain(l.phone.as_ref().map(|p| format!("Tel. {p}")))
        .filter(|s| !s.trim().is_empty())
        .collect();
    w.paragraph(&contact.join(" · "), TextStyle { grey: 0.25, ..TextStyle::BODY }, 0.0);
    w.gap(2.0);
    w.rule(1.0, 0.15);
    w.gap(4.0);
    let date = format!("Date: {}", sheet.date);
    if page == 1 {
        w.line_split("Prescription", TextStyle::TITLE, &date, TextStyle::BODY);
    } else {
        let title = TextStyle { size: 13.0, ..TextStyle::TITLE };
        w.line_split("Prescription (continued)", title, &date, TextStyle::BODY);
        let patient = format!("Patient: {} · born {} · MRN {}", sheet.patient_name, sheet.patient_born, sheet.patient_mrn);
        w.paragraph(&patient, TextStyle::BODY, 0.0);
    }
    w.gap(8.0);
}

/// Name, date of birth and record number, then the allergies line.
fn patient_block(w: &mut PageWriter<'_>, sheet: &PrescriptionSheet) {
    w.field("Patient", &sheet.patient_name, LABEL_WIDTH, TextStyle::STRONG);
    w.field("Born", &sheet.patient_born, LABEL_WIDTH, TextStyle::BODY);
    w.field("MRN", &sheet.patient_mrn, LABEL_WIDTH, TextStyle::BODY);
    w.gap(6.0);
    if sheet.allergies.is_empty() {
        w.paragraph("Allergies: none recorded", TextStyle::BODY, 0.0);
    } else {
        // Allergies are a safety item: bold when there are any.
        let text = format!("Allergies: {}", sheet.allergies.join(", "));
        w.paragraph(&text, TextStyle { size: TextStyle::BODY.size, ..TextStyle::STRONG }, 0.0);
    }
}

/// The details line: "1 capsule, by mouth, three times a day, for 7 days, quantity 21, no refills".
fn details(med: &MedicationLine) -> String {
    let mut parts: Vec<String> =
        [&med.dose, &med.route, &med.frequency].into_iter().filter(|s| !s.trim().is_empty()).cloned().collect();
    if let Some(duration) = med.duration.as_ref().filter(|d| !d.trim().is_empty()) {
        parts.push(format!("for {duration}"));
    }
    if let Some(quantity) = med.quantity.as_ref().filter(|q| !q.trim().is_empty()) {
        parts.push(format!("quantity {quantity}"));
    }
    parts.push(match med.refills {
        0 => "no refills".to_string(),
        1 => "1 refill".to_string(),
        n => format!("{n} refills"),
    });
    parts.join(", ")
}

/// One numbered medication, kept on one page: name and strength, details, instructions.
fn medication(w: &mut PageWriter<'_>, number: usize, med: &MedicationLine) {
    let title = match med.strength.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(strength) => format!("{} {}", med.medication, strength),
        None => med.medication.clone(),
    };
    let details = details(med);
    let instructions = med.instructions.as_deref().filter(|s| !s.trim().is_empty());
    let note_style = TextStyle { grey: 0.2, ..TextStyle::BODY };
    let width = w.content_width() - ITEM_INDENT;
    let height = w.measure(&title, TextStyle::STRONG, width)
        + w.measure(&details, TextStyle::BODY, width)
        + instructions.map_or(0.0, |i| w.measure(i, note_style, width))
        + 8.0;
    w.ensure_space(height);

    w.ensure_space(TextStyle::STRONG.line_height());
    // The number is right-aligned in the indent, so "9." and "10." line up.
    let number = format!("{number}.");
    let baseline = w.y() - TextStyle::STRONG.size;
    let x = crate::layout::MARGIN_X + ITEM_INDENT - 5.0 - w.width(&number, TextStyle::STRONG);
    w.text_at(x, baseline, &number, TextStyle::STRONG);
    w.paragraph(&title, TextStyle::STRONG, ITEM_INDENT);
    w.paragraph(&details, TextStyle::BODY, ITEM_INDENT);
    if let Some(instructions) = instructions {
        w.paragraph(instructions, note_style, ITEM_INDENT);
    }
    w.gap(8.0);
}

/// The prescriber's name and a line to sign on, at the bottom of the last page.
fn signature(w: &mut PageWriter<'_>, sheet: &PrescriptionSheet) {
    w.bottom_block(SIGNATURE_BLOCK);
    w.paragraph(&format!("Prescriber: {}", sheet.prescriber), TextStyle::BODY, 0.0);
    w.gap(34.0);
    let line_y = w.y();
    let x = crate::layout::MARGIN_X;
    w.hline(x, x + 220.0, line_y, 0.8, 0.0);
    w.hline(x + 280.0, x + 400.0, line_y, 0.8, 0.0);
    w.gap(4.0);
    let label_y = w.y() - TextStyle::SMALL.size;
    w.text_at(x, label_y, "Signature", TextStyle::SMALL);
    w.text_at(x + 280.0, label_y, "Date", TextStyle::SMALL);
}

/// Puts the pages into `doc` and serialises it.
fn save_pages(mut doc: PdfDocument, pages: Vec<printpdf::PdfPage>) -> Result<Vec<u8>, PrintError> {
    doc.with_pages(pages);
    crate::save(&doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn med(refills: u32) -> MedicationLine {
        MedicationLine {
            medication: "Amoxicillin".into(),
            strength: Some("500 mg".into()),
            dose: "1 capsule".into(),
            route: "by mouth".into(),
            frequency: "three times a day".into(),
            duration: Some("7 days".into()),
            quantity: Some("21 capsules".into()),
            refills,
            instructions: None,
        }
    }

    #[test]
    fn details_line_reads_naturally() {
        assert_eq!(details(&med(0)), "1 capsule, by mouth, three times a day, for 7 days, quantity 21 capsules, no refills");
        assert!(details(&med(1)).ends_with(", 1 refill"));
        let bare = MedicationLine { duration: None, quantity: Some(" ".into()), ..med(2) };
        assert_eq!(details(&bare), "1 capsule, by mouth, three times a day, 2 refills");
    }
}
