//! Invoices and receipts checked the way a reader sees them, with poppler: `pdftotext` gives
//! the text back page by page, `pdfinfo` counts pages, `pdftoppm` renders, `pdfimages` lists
//! the embedded logo. The poppler tools are required (`scripts/install-deps.sh` installs
//! `poppler-utils`): a missing tool fails, never skips.

use std::path::{Path, PathBuf};
use std::process::Command;

use clinic_print::{invoice_pdf, InvoiceLetterhead, InvoiceSheet, InvoiceSheetLine, InvoiceSheetPayment, PrintError};

const PATIENT: &str = "Zoë Ñúñez-Øberg 李";
const CLINIC: &str = "Riverside Family Clinic";
const NUMBER: &str = "RIV-2026-00042";
/// Lines on the long invoice: enough for exactly three pages.
const LONG: usize = 70;

/// A unique description per line; every seventh is long enough to wrap in its column.
fn description(i: usize) -> String {
    if i % 7 == 0 {
        format!("Consultation {i:02}: extended follow-up visit with wound dressing, suture removal and advice")
    } else {
        format!("Consultation {i:02}")
    }
}

fn line(i: usize) -> InvoiceSheetLine {
    InvoiceSheetLine {
        code: format!("C{i:03}"),
        description: description(i),
        quantity: "1".into(),
        unit_price: "EUR 85.00".into(),
        discount: if i % 5 == 0 { "EUR 8.50".into() } else { "-".into() },
        tax: "EUR 0.00".into(),
        total: if i % 5 == 0 { "EUR 76.50".into() } else { "EUR 85.00".into() },
    }
}

fn invoice(lines: usize) -> InvoiceSheet {
    InvoiceSheet {
        letterhead: InvoiceLetterhead {
            clinic_name: CLINIC.into(),
            site_name: "North Site".into(),
            address: Some("12 Harbour Road, 5003 Bergen".into()),
            phone: Some("+47 55 12 34 56".into()),
            tax_id: Some("NO 987 654 321 MVA".into()),
            logo_png: None,
        },
        title: "Invoice".into(),
        number: NUMBER.into(),
        issued_on: "2026-11-25".into(),
        due_on: Some("2026-12-25".into()),
        patient_name: PATIENT.into(),
        patient_address: Some("Strandgaten 7\n5013 Bergen".into()),
        patient_mrn: "NOR-000042".into(),
        lines: (1..=lines).map(line).collect(),
        subtotal: "EUR 6,800.00".into(),
        discount: "EUR 136.00".into(),
        tax: "EUR 0.00".into(),
        total: "EUR 6,664.00".into(),
        payments: vec![
            InvoiceSheetPayment {
                date: "2026-11-25".into(),
                method: "Card".into(),
                reference: Some("Slip 004211".into()),
                amount: "EUR 1,000.00".into(),
            },
            InvoiceSheetPayment {
                date: "2026-11-30".into(),
                method: "Cash".into(),
                reference: None,
                amount: "EUR 164.00".into(),
            },
        ],
        paid: "EUR 1,164.00".into(),
        balance_due: "EUR 5,500.00".into(),
        notes: Some("Please pay by bank transfer to NO93 8601 1117 947, quoting the invoice number.".into()),
        status_stamp: None,
    }
}

fn receipt() -> InvoiceSheet {
    InvoiceSheet {
        title: "Receipt".into(),
        number: "RIV-2026-00043".into(),
        due_on: None,
        lines: vec![InvoiceSheetLine {
            code: "GP1".into(),
            description: "General consultation".into(),
            quantity: "1".into(),
            unit_price: "EUR 85.00".into(),
            discount: "-".into(),
            tax: "EUR 0.00".into(),
            total: "EUR 85.00".into(),
        }],
        subtotal: "EUR 85.00".into(),
        discount: "EUR 0.00".into(),
        tax: "EUR 0.00".into(),
        total: "EUR 85.00".into(),
        payments: vec![InvoiceSheetPayment {
            date: "2026-11-25".into(),
            method: "Card".into(),
            reference: Some("Slip 004212".into()),
            amount: "EUR 85.00".into(),
        }],
        paid: "EUR 85.00".into(),
        balance_due: "EUR 0.00".into(),
        notes: None,
        ..invoice(0)
    }
}

/// A 60 × 30 RGBA PNG: a blue disc on a transparent background.
fn logo() -> Vec<u8> {
    let (width, height) = (60u32, 30u32);
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let (dx, dy) = (x as f32 - 30.0, y as f32 - 15.0);
            let inside = dx * dx + dy * dy < 14.0 * 14.0;
            pixels.extend_from_slice(if inside { &[20, 80, 200, 255] } else { &[0, 0, 0, 0] });
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(&pixels).expect("PNG data");
    writer.finish().expect("PNG end");
    bytes
}

/// Runs a poppler tool on `pdf`; a missing tool is a test failure with instructions, never a skip.
fn poppler(tool: &str, args: &[&str], pdf: &Path, after: &[&str]) -> String {
    let output = Command::new(tool).args(args).arg(pdf).args(after).output().unwrap_or_else(|e| {
        panic!(
            "cannot run `{tool}` ({e}). These tests need Debian's poppler-utils \
             (pdftotext, pdftoppm, pdfinfo, pdfimages): run scripts/install-deps.sh or \
             `apt-get install poppler-utils`."
        )
    });
    assert!(output.status.success(), "`{tool} {}` failed: {}", args.join(" "), String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("{tool} gives UTF-8: {e}"))
}

/// The text of page `page` (or of every page), laid out as printed.
fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let range = page.map(|n| n.to_string());
    let mut args = vec!["-layout", "-enc", "UTF-8"];
    if let Some(n) = range.as_deref() {
        args.extend(["-f", n, "-l", n]);
    }
    poppler("pdftotext", &args, pdf, &["-"])
}

fn page_count(pdf: &Path) -> usize {
    let info = poppler("pdfinfo", &[], pdf, &[]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{info}"))
}

fn write_pdf(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the PDF");
    path
}

/// Whether `text` has "Consultation NN" as a whole (not the start of a longer number).
fn has_line(text: &str, i: usize) -> bool {
    let needle = format!("Consultation {i:02}");
    text.match_indices(&needle).any(|(at, _)| !text[at + needle.len()..].starts_with(|c: char| c.is_ascii_digit()))
}

#[test]
fn a_three_page_invoice_repeats_its_header_and_prints_every_line_and_the_totals() {
    let bytes = invoice_pdf(&invoice(LONG)).expect("invoice renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, "invoice.pdf", &bytes);
    assert_eq!(page_count(&pdf), 3);

    let mut pages = Vec::new();
    for n in 1..=3 {
        let text = pdftotext(&pdf, Some(n));
        for expected in [CLINIC, "North Site", "Tax ID: NO 987 654 321 MVA", "Invoice", NUMBER, "Issued: 2026-11-25"] {
            assert!(text.contains(expected), "page {n} lacks the header text {expected:?}:\n{text}");
        }
        assert!(text.contains(&format!("Page {n} of 3")), "page {n} has no page number:\n{text}");
        let footer = format!("Invoice {NUMBER} · {PATIENT} · MRN NOR-000042");
        assert!(text.contains(&footer), "page {n} has no footer {footer:?}:\n{text}");
        assert!(text.contains(PATIENT), "page {n}:\n{text}");
        pages.push(text);
    }
    // The table runs onto page 3, with its column headers on every page.
    assert!(has_line(&pages[2], LONG), "the last line is not on page 3:\n{}", pages[2]);
    for (n, text) in pages.iter().enumerate() {
        let header = text
            .lines()
            .find(|l| l.contains("Description"))
            .unwrap_or_else(|| panic!("page {} has no table header:\n{text}", n + 1));
        for column in ["Code", "Qty", "Unit price", "Discount", "Tax", "Total"] {
            assert!(header.contains(column), "page {} lacks the column {column:?}: {header}", n + 1);
        }
    }
    let first = &pages[0];
    for expected in ["Bill to", "MRN NOR-000042", "Strandgaten 7", "5013 Bergen", "Due: 2026-12-25"] {
        assert!(first.contains(expected), "{expected:?} missing from page 1:\n{first}");
    }

    // Every line once, in order, on some page; the long descriptions wrap but are all there.
    let all = pages.concat();
    let mut from = 0;
    for i in 1..=LONG {
        assert!(pages.iter().filter(|p| has_line(p, i)).count() == 1, "line {i} missing or printed twice");
        let code = format!("C{i:03}");
        let at = all[from..].find(&code).unwrap_or_else(|| panic!("{code} missing or out of order"));
        assert!(has_line(&all[from + at..], i), "line {i}'s description is not after its code");
        from += at + code.len();
    }
    assert!(all.contains("suture removal and advice"), "a wrapped description lost its end:\n{all}");

    // The totals, all on one page; payments; the balance due; the notes.
    let totals = pages.iter().find(|p| p.contains("Subtotal")).expect("the totals are printed");
    for expected in ["EUR 6,800.00", "EUR 136.00", "EUR 6,664.00"] {
        assert!(totals.contains(expected), "{expected:?} is not on the totals' page:\n{totals}");
    }
    assert!(totals.lines().any(|l| l.contains("Total") && l.contains("EUR 6,664.00")), "{totals}");
    for expected in [
        "Payments",
        "Slip 004211",
        "EUR 1,000.00",
        "Cash",
        "EUR 164.00",
        "Paid",
        "EUR 1,164.00",
        "Notes",
        "quoting the invoice number",
    ] {
        assert!(all.contains(expected), "{expected:?} missing:\n{all}");
    }
    assert!(all.lines().any(|l| l.contains("Balance due") && l.contains("EUR 5,500.00")), "{all}");
}

#[test]
fn the_totals_and_the_balance_stay_together_and_with_the_last_row_at_every_page_break() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Around the end of page 1 (about 27 rows fit): the blocks after the table fall on each side.
    for (lines, payments) in (20..=32).flat_map(|n| [(n, 2), (n, 1)]) {
        let mut sheet = invoice(lines);
        sheet.payments.truncate(payments);
        let pdf = write_pdf(&dir, "invoice.pdf", &invoice_pdf(&sheet).expect("invoice renders"));
        let pages: Vec<String> = (1..=page_count(&pdf)).map(|n| pdftotext(&pdf, Some(n))).collect();
        // The page with a line showing `label` and `value`.
        let on = |label: &str, value: &str| {
            let row = |p: &String| p.lines().any(|l| l.contains(label) && l.contains(value));
            pages.iter().position(row).unwrap_or_else(|| panic!("{lines} lines: no {label:?} {value:?}"))
        };
        let last = pages.iter().position(|p| has_line(p, lines)).expect("the last line is printed");
        for (label, value) in [("Subtotal", "EUR 6,800.00"), ("Discount", "EUR 136.00"), ("Total", "EUR 6,664.00")] {
            assert_eq!(on(label, value), last, "{lines} lines: {label:?} is not on the page of the last line");
        }
        let last_payment = if payments == 2 { on("Cash", "EUR 164.00") } else { on("Card", "EUR 1,000.00") };
        for (label, value) in [("Paid", "EUR 1,164.00"), ("Balance due", "EUR 5,500.00")] {
            assert_eq!(on(label, value), last_payment, "{lines} lines: {label:?} left the last payment");
        }
        let heading = pages.iter().position(|p| p.lines().any(|l| l.trim() == "Payments")).expect("a payments heading");
        assert_eq!(heading, on("Card", "EUR 1,000.00"), "{lines} lines, {payments} payments: the heading left the first payment");
    }
}

#[test]
fn page_one_of_an_invoice_renders_to_png() {
    let mut sheet = invoice(LONG);
    sheet.letterhead.logo_png = Some(logo());
    let bytes = invoice_pdf(&sheet).expect("invoice renders");
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, "invoice.pdf", &bytes);
    let prefix = dir.path().join("page");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "50", "-f", "1", "-l", "1"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap_or_else(|e| panic!("cannot run `pdftoppm` ({e}): install poppler-utils (scripts/install-deps.sh)"));
    assert!(status.success(), "pdftoppm failed");
    let pngs: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .expect("read temp dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "png"))
        .collect();
    assert_eq!(pngs.len(), 1, "pdftoppm wrote {pngs:?}");
    let png = std::fs::read(&pngs[0]).expect("read the PNG");
    assert!(png.len() > 1000, "PNG is only {} bytes", png.len());
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
}

#[test]
fn a_receipt_with_a_logo_and_a_void_invoice_print() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut sheet = receipt();
    sheet.letterhead.logo_png = Some(logo());
    sheet.status_stamp = Some("PAID".into());
    let bytes = invoice_pdf(&sheet).expect("receipt renders");
    let pdf = write_pdf(&dir, "receipt.pdf", &bytes);
    assert_eq!(page_count(&pdf), 1);
    let text = pdftotext(&pdf, None);
    // Poppler's layout modes leave out diagonal text such as the stamp; -raw keeps it.
    let raw = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, &["-"]);
    assert!(raw.contains("PAID"), "no stamp:\n{raw}");
    for expected in ["Receipt", "No. RIV-2026-00043", CLINIC, PATIENT, "General consultation", "Slip 004212", "Page 1 of 1"] {
        assert!(text.contains(expected), "{expected:?} missing from the receipt:\n{text}");
    }
    assert!(!text.contains("Due:"), "a receipt without a due date prints none:\n{text}");
    assert!(text.lines().any(|l| l.contains("Balance due") && l.contains("EUR 0.00")), "{text}");
    // The logo is embedded: an RGB image with its alpha channel as a soft mask.
    let images = poppler("pdfimages", &["-list"], &pdf, &[]);
    let rows: Vec<&str> = images.lines().skip(2).collect();
    assert!(rows.iter().any(|r| r.contains("image") && r.contains(" 60 ") && r.contains(" 30 ")), "{images}");
    assert!(rows.iter().any(|r| r.contains("smask")), "{images}");

    let mut void = invoice(3);
    void.status_stamp = Some("VOID".into());
    void.notes = Some("Voided: issued to the wrong patient.".into());
    let pdf = write_pdf(&dir, "void.pdf", &invoice_pdf(&void).expect("void invoice renders"));
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8"], &pdf, &["-"]);
    for expected in ["VOID", NUMBER, "Consultation 03", "Voided: issued to the wrong patient."] {
        assert!(text.contains(expected), "{expected:?} missing from the void invoice:\n{text}");
    }
}

#[test]
fn a_corrupt_logo_is_an_error() {
    let mut truncated = logo();
    truncated.truncate(truncated.len() / 2);
    let mut garbled = logo();
    let end = garbled.len() - 20;
    garbled[40..end].iter_mut().for_each(|b| *b ^= 0x5a);
    for (what, bytes) in
        [("truncated", truncated), ("garbled", garbled), ("a text file", b"not an image".to_vec()), ("empty", vec![])]
    {
        let mut sheet = receipt();
        sheet.letterhead.logo_png = Some(bytes);
        match invoice_pdf(&sheet) {
            Err(PrintError::Logo(reason)) => assert!(!reason.is_empty(), "{what}"),
            other => panic!("a {what} logo gave {other:?}"),
        }
    }
}

#[test]
fn an_invoice_without_lines_or_payments_still_prints() {
    let mut sheet = invoice(0);
    sheet.payments.clear();
    sheet.notes = None;
    let dir = tempfile::tempdir().expect("temp dir");
    let pdf = write_pdf(&dir, "empty.pdf", &invoice_pdf(&sheet).expect("invoice renders"));
    let text = pdftotext(&pdf, None);
    for expected in ["No lines on this invoice.", "No payments recorded.", "Subtotal", "Balance due"] {
        assert!(text.contains(expected), "{expected:?} missing:\n{text}");
    }
}
