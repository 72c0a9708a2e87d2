//! Prescriptions checked the way a reader sees them: poppler's `pdftotext` must give the text
//! back (accents and CJK included), `pdftoppm` must render the page, `pdfinfo` counts pages and
//! `pdffonts` shows the fonts embedded as subsets. The poppler tools are required
//! (`scripts/install-deps.sh` installs `poppler-utils`): a missing tool fails, never skips.

use std::path::Path;
use std::process::Command;

use clinic_print::{prescription_pdf, Letterhead, MedicationLine, PrescriptionSheet};

const PATIENT: &str = "Zoë Ñúñez-Øberg 李";
const CLINIC: &str = "Riverside Family Clinic";
const PRESCRIBER: &str = "Dr. Amélie Dubois";

fn amoxicillin() -> MedicationLine {
    MedicationLine {
        medication: "Amoxicillin".into(),
        strength: Some("500 mg".into()),
        dose: "1 capsule".into(),
        route: "by mouth".into(),
        frequency: "three times a day".into(),
        duration: Some("7 days".into()),
        quantity: Some("21 capsules".into()),
        refills: 0,
        instructions: Some("Take with food and finish the course even if you feel better.".into()),
    }
}

fn sheet(medications: Vec<MedicationLine>, allergies: Vec<String>) -> PrescriptionSheet {
    PrescriptionSheet {
        letterhead: Letterhead {
            clinic_name: CLINIC.into(),
            site_name: "North Site".into(),
            address: Some("12 Harbour Road, Bergen".into()),
            phone: Some("+47 55 12 34 56".into()),
        },
        prescriber: PRESCRIBER.into(),
        patient_name: PATIENT.into(),
        patient_born: "1984-02-29".into(),
        patient_mrn: "NOR-000042".into(),
        date: "2026-11-25".into(),
        allergies,
        medications,
    }
}

/// Runs a poppler tool; a missing tool is a test failure with instructions, never a skip.
fn poppler(tool: &str, args: &[&str], pdf: &Path) -> Vec<u8> {
    let output = Command::new(tool).args(args).arg(pdf).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}). These tests need Debian's poppler-utils \
             (pdftotext, pdftoppm, pdfinfo, pdffonts): run scripts/install-deps.sh or \
             `apt-get install poppler-utils`."
        )
    });
    assert!(output.status.success(), "`{tool} {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    output.stdout
}

/// `pdftotext <args> file.pdf -` (text of the chosen pages on stdout).
fn pdftotext(pdf: &Path, args: &[&str]) -> String {
    let output = Command::new("pdftotext").args(args).args(["-enc", "UTF-8"]).arg(pdf).arg("-").output().unwrap_or_else(|e| {
        panic!(
            "cannot run `pdftotext` ({e}). These tests need Debian's poppler-utils: run \
                 scripts/install-deps.sh or `apt-get install poppler-utils`."
        )
    });
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("pdftotext gives UTF-8")
}

fn page_count(pdf: &Path) -> usize {
    let info = String::from_utf8(poppler("pdfinfo", &[], pdf)).expect("pdfinfo gives UTF-8");
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

fn write_pdf(dir: &tempfile::TempDir, bytes: &[u8]) -> std::path::PathBuf {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.path().join("prescription.pdf");
    std::fs::write(&path, bytes).expect("write the PDF");
    path
}

#[test]
fn one_page_prescription_gives_its_text_back_and_renders() {
    let bytes = prescription_pdf(&sheet(vec![amoxicillin()], vec![])).expect("prescription renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, &bytes);

    assert_eq!(page_count(&pdf), 1);
    let layout = pdftotext(&pdf, &["-layout"]);
    for expected in [
        PATIENT,
        "Amoxicillin 500 mg",
        "1 capsule, by mouth, three times a day, for 7 days, quantity 21 capsules, no refills",
        "Take with food",
        PRESCRIBER,
        CLINIC,
        "North Site · 12 Harbour Road, Bergen · Tel. +47 55 12 34 56",
        "Prescription",
        "Date: 2026-11-25",
        "1984-02-29",
        "NOR-000042",
        "Allergies: none recorded",
        "1 medication on this prescription. Nothing below this line.",
        "Signature",
        "Page 1 of 1",
    ] {
        assert!(layout.contains(expected), "{expected:?} missing from pdftotext -layout output:\n{layout}");
    }

    // Render page 1 at 50 dpi: poppler must draw it, and the result must be a PNG.
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap_or_else(|e| panic!("cannot run `pdftoppm` ({e}): install poppler-utils (scripts/install-deps.sh)"));
    assert!(status.success(), "pdftoppm failed");
    let png_path = std::fs::read_dir(dir.path())
        .expect("read temp dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "png"))
        .expect("pdftoppm wrote a PNG");
    let png = std::fs::read(&png_path).expect("read the PNG");
    assert!(png.len() > 1000, "PNG is only {} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
}

#[test]
fn fonts_are_embedded_as_subsets_and_the_file_stays_small() {
    let bytes = prescription_pdf(&sheet(vec![amoxicillin()], vec![])).expect("prescription renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, &bytes);
    let fonts = String::from_utf8(poppler("pdffonts", &[], &pdf)).expect("pdffonts gives UTF-8");
    let rows: Vec<&str> = fonts.lines().skip(2).filter(|l| !l.trim().is_empty()).collect();
    // DejaVu Sans, DejaVu Sans Bold and (for 李) Droid Sans Fallback.
    assert_eq!(rows.len(), 3, "{fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb, sub and uni must all be "yes".
        let flags = &cols[cols.len() - 5..cols.len() - 2];
        assert_eq!(flags, ["yes", "yes", "yes"], "font not embedded as a subset with ToUnicode: {row}");
    }
    // The three fonts are 5.5 MB in full; subset they are a few tens of KB.
    assert!(bytes.len() < 150_000, "PDF is {} bytes: are fonts subset?", bytes.len());

    // Without any CJK text the fallback font is not embedded at all.
    let mut latin = sheet(vec![amoxicillin()], vec![]);
    latin.patient_name = "Zoë Ñúñez-Øberg".into();
    let bytes = prescription_pdf(&latin).expect("prescription renders");
    let pdf = write_pdf(&dir, &bytes);
    let fonts = String::from_utf8(poppler("pdffonts", &[], &pdf)).expect("pdffonts gives UTF-8");
    assert!(!fonts.contains("Droid"), "{fonts}");
}

#[test]
fn allergies_are_listed() {
    let allergies = vec!["Penicillin (anaphylaxis)".to_string(), "Sulfonamides".to_string()];
    let bytes = prescription_pdf(&sheet(vec![amoxicillin()], allergies)).expect("prescription renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let text = pdftotext(&write_pdf(&dir, &bytes), &["-layout"]);
    assert!(text.contains("Allergies: Penicillin (anaphylaxis), Sulfonamides"), "{text}");
}

#[test]
fn forty_medications_continue_on_more_pages_with_the_header() {
    let medications: Vec<MedicationLine> = (1..=40)
        .map(|i| MedicationLine {
            medication: format!("Drug{i:02}"),
            instructions: (i % 3 == 0).then(|| "Take in the morning, before breakfast.".to_string()),
            ..amoxicillin()
        })
        .collect();
    let bytes = prescription_pdf(&sheet(medications, vec![])).expect("prescription renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, &bytes);

    let pages = page_count(&pdf);
    assert!(pages >= 2, "40 medications fit on {pages} page");
    let mut all = String::new();
    for n in 1..=pages {
        let n_text = n.to_string();
        let text = pdftotext(&pdf, &["-layout", "-f", &n_text, "-l", &n_text]);
        for expected in [CLINIC, "North Site", "Prescription", "Date: 2026-11-25", PATIENT] {
            assert!(text.contains(expected), "page {n} lacks the header text {expected:?}:\n{text}");
        }
        assert!(text.contains(&format!("Page {n} of {pages}")), "page {n} has no page number:\n{text}");
        if n > 1 {
            assert!(text.contains("Prescription (continued)"), "page {n}:\n{text}");
        }
        all.push_str(&text);
    }
    // Every medication is printed once, in order, each with its number.
    let mut from = 0;
    for i in 1..=40 {
        let item = format!("{i}.");
        let name = format!("Drug{i:02} 500 mg");
        let at = all[from..].find(&name).unwrap_or_else(|| panic!("{name} missing or out of order"));
        assert!(all[from..from + at].contains(&item), "{name} is not numbered {item}");
        assert_eq!(all.matches(&name).count(), 1, "{name} printed more than once");
        from += at + name.len();
    }
    // The signature block is on the last page only.
    let last = pdftotext(&pdf, &["-layout", "-f", &pages.to_string(), "-l", &pages.to_string()]);
    assert!(last.contains(PRESCRIBER) && last.contains("Signature"), "{last}");
    let first = pdftotext(&pdf, &["-layout", "-f", "1", "-l", "1"]);
    assert!(!first.contains("Signature"), "{first}");
}
