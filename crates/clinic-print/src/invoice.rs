//! The printed invoice, credit note or receipt: the letterhead (with the logo) beside the title,
//! number and dates, the "Bill to" block, the table of lines, the totals, the payments, the
//! paid amount and the balance due, then the notes. Lines that do not fit continue on the next
//! page under the same letterhead, title and number and the table's column headers; the totals
//! are never split across pages. A status stamp ("VOID", "PAID") is drawn across every page.

use printpdf::{PdfDocument, RawImage, XObjectId};

use crate::fonts::{needs_fallback, DocFonts};
use crate::layout::{Header, PageWriter, TextStyle, MARGIN_X, PAGE_WIDTH};
use crate::table::{Align, ColumnSpec, Table};
use crate::PrintError;

/// The clinic's letterhead on an invoice: the prescription's plus tax id and an optional logo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLetterhead {
    /// The clinic's (organisation's) name, printed largest.
    pub clinic_name: String,
    /// This site's name.
    pub site_name: String,
    /// The site's postal address (a line break starts a new line).
    pub address: Option<String>,
    /// The site's phone number.
    pub phone: Option<String>,
    /// The clinic's tax (VAT) identification number.
    pub tax_id: Option<String>,
    /// The clinic's logo as a PNG file, printed top left about 20 mm high. It is embedded at
    /// its own resolution (printpdf scales down images over about 2 MB of pixels): a logo a few
    /// hundred pixels high is plenty. A file that is not a readable PNG is a [`PrintError::Logo`].
    pub logo_png: Option<Vec<u8>>,
}

/// One line of an invoice, amounts already formatted by the caller (e.g. "EUR 1,234.50").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSheetLine {
    /// The service's code in the fee schedule.
    pub code: String,
    /// What was provided; wraps in its column.
    pub description: String,
    /// How many, e.g. "2".
    pub quantity: String,
    /// Price of one.
    pub unit_price: String,
    /// Discount on the line ("" or "-" when none).
    pub discount: String,
    /// Tax on the line.
    pub tax: String,
    /// The line's total.
    pub total: String,
}

/// One payment shown on the invoice or receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSheetPayment {
    /// When it was paid, formatted for display.
    pub date: String,
    /// How, e.g. "Card" or "Refund (cash)".
    pub method: String,
    /// A card slip, transfer or claim reference.
    pub reference: Option<String>,
    /// The amount (negative for a refund).
    pub amount: String,
}

/// Everything printed on an invoice or a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceSheet {
    /// The clinic's letterhead, repeated on every page.
    pub letterhead: InvoiceLetterhead,
    /// "Invoice", "Credit note" or "Receipt".
    pub title: String,
    /// The invoice number, e.g. "RIV-2026-00042"; on every page and in every page's footer.
    pub number: String,
    /// The date of issue, formatted for display.
    pub issued_on: String,
    /// The due date, formatted for display (none on a receipt).
    pub due_on: Option<String>,
    /// The patient's full name.
    pub patient_name: String,
    /// The patient's postal address (a line break starts a new line).
    pub patient_address: Option<String>,
    /// The patient's medical record number.
    pub patient_mrn: String,
    /// The lines, in the order they are printed.
    pub lines: Vec<InvoiceSheetLine>,
    /// Sum of the lines before discount and tax.
    pub subtotal: String,
    /// Sum of the discounts.
    pub discount: String,
    /// Sum of the taxes.
    pub tax: String,
    /// What the invoice is for in all.
    pub total: String,
    /// Payments (and refunds), in the order they are printed.
    pub payments: Vec<InvoiceSheetPayment>,
    /// Sum of the payments.
    pub paid: String,
    /// Total minus paid.
    pub balance_due: String,
    /// Free text printed at the end (payment terms, bank details, the reason for a void).
    pub notes: Option<String>,
    /// A stamp across every page, e.g. "VOID" or "PAID".
    pub status_stamp: Option<String>,
}

/// The logo's height on the page: 20 mm.
const LOGO_HEIGHT: f32 = 20.0 * 72.0 / 25.4;
/// The widest a logo may be (60 mm): a wider one is scaled down to this width.
const LOGO_MAX_WIDTH: f32 = 60.0 * 72.0 / 25.4;
/// Width of the label column of the totals, paid and balance blocks.
const SUMMARY_WIDTH: f32 = 250.0;

/// The columns of the lines table.
const LINE_COLUMNS: [ColumnSpec<'static>; 7] = [
    ColumnSpec { label: "Code", align: Align::Left, min: 30.0, max: 75.0, flex: false },
    ColumnSpec { label: "Description", align: Align::Left, min: 130.0, max: 0.0, flex: true },
    ColumnSpec { label: "Qty", align: Align::Right, min: 28.0, max: 48.0, flex: false },
    ColumnSpec { label: "Unit price", align: Align::Right, min: 48.0, max: 85.0, flex: false },
    ColumnSpec { label: "Discount", align: Align::Right, min: 44.0, max: 80.0, flex: false },
    ColumnSpec { label: "Tax", align: Align::Right, min: 40.0, max: 80.0, flex: false },
    ColumnSpec { label: "Total", align: Align::Right, min: 52.0, max: 90.0, flex: false },
];

/// The columns of the payments table.
const PAYMENT_COLUMNS: [ColumnSpec<'static>; 4] = [
    ColumnSpec { label: "Date", align: Align::Left, min: 60.0, max: 110.0, flex: false },
    ColumnSpec { label: "Method", align: Align::Left, min: 70.0, max: 150.0, flex: false },
    ColumnSpec { label: "Reference", align: Align::Left, min: 100.0, max: 0.0, flex: true },
    ColumnSpec { label: "Amount", align: Align::Right, min: 60.0, max: 100.0, flex: false },
];

/// The logo, added to the document.
struct Logo {
    id: XObjectId,
    width_px: usize,
    /// Size on the page, in points.
    width: f32,
    height: f32,
}

/// Renders `sheet` as an A4 PDF (one or more pages) and returns the file's bytes.
pub fn invoice_pdf(sheet: &InvoiceSheet) -> Result<Vec<u8>, PrintError> {
    let mut doc = PdfDocument::new(&format!("{} {}", sheet.title, sheet.number));
    doc.metadata.info.creator = "Clinic Desk".to_string();
    let logo = sheet.letterhead.logo_png.as_deref().map(|png| add_logo(&mut doc, png)).transpose()?;
    let fonts = DocFonts::register(&mut doc, needs_fallback(texts(sheet))?)?;

    let line_cells: Vec<Vec<&str>> = sheet.lines.iter().map(line_cells).collect();
    let payment_cells: Vec<Vec<&str>> = sheet.payments.iter().map(payment_cells).collect();
    let (lines_table, payments_table) = {
        let measure = PageWriter::new(&fonts);
        (Table::new(&measure, &LINE_COLUMNS, &line_cells), Table::new(&measure, &PAYMENT_COLUMNS, &payment_cells))
    };
    let logo = logo.as_ref();

    let mut w = PageWriter::new(&fonts);
    w.set_header(page_header(sheet, logo, None));
    w.set_footer_text(format!("{} {} · {} · MRN {}", sheet.title, sheet.number, sheet.patient_name, sheet.patient_mrn));

    bill_to(&mut w, sheet);
    w.gap(12.0);
    let strong = TextStyle { size: 11.5, ..TextStyle::STRONG };
    let body = TextStyle::BODY;
    let totals = Summary {
        rows: vec![("Subtotal", &sheet.subtotal, body), ("Discount", &sheet.discount, body), ("Tax", &sheet.tax, body)],
        last: ("Total", &sheet.total, strong),
    };
    let header_with = |table| page_header(sheet, logo, table);
    rows(&mut w, None, &lines_table, &line_cells, "No lines on this invoice.", totals.height() + 8.0, header_with);
    w.gap(8.0);
    totals.draw(&mut w);

    w.gap(14.0);
    let heading = TextStyle { size: 11.0, ..TextStyle::STRONG };
    let balance = Summary {
        rows: vec![("Paid", &sheet.paid, body)],
        last: ("Balance due", &sheet.balance_due, TextStyle { size: 13.0, ..TextStyle::STRONG }),
    };
    let title = Some(("Payments", heading));
    rows(&mut w, title, &payments_table, &payment_cells, "No payments recorded.", balance.height() + 8.0, header_with);
    w.gap(8.0);
    balance.draw(&mut w);

    if let Some(notes) = sheet.notes.as_deref().filter(|n| !n.trim().is_empty()) {
        w.gap(16.0);
        w.ensure_space(TextStyle::SMALL.line_height() + TextStyle::BODY.line_height());
        w.paragraph("Notes", TextStyle::SMALL, 0.0);
        w.paragraph(notes, TextStyle::BODY, 0.0);
    }

    let pages = w.finish();
    doc.with_pages(pages);
    crate::save(&doc)
}

/// The header callback for every page started from now on, repeating `table`'s column headers.
fn page_header<'h>(sheet: &'h InvoiceSheet, logo: Option<&'h Logo>, table: Option<&'h Table>) -> Header<'h> {
    Box::new(move |w, page| header(w, sheet, logo, page, table))
}

/// Decodes the PNG logo and adds it to `doc`, sized 20 mm high (or 60 mm wide if wider).
fn add_logo(doc: &mut PdfDocument, png: &[u8]) -> Result<Logo, PrintError> {
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(PrintError::Logo("not a PNG file".into()));
    }
    let image = RawImage::decode_from_bytes(png, &mut Vec::new()).map_err(PrintError::Logo)?;
    if image.width == 0 || image.height == 0 {
        return Err(PrintError::Logo("the image is empty".into()));
    }
    let aspect = image.width as f32 / image.height as f32;
    let (width, height) = if LOGO_HEIGHT * aspect > LOGO_MAX_WIDTH {
        (LOGO_MAX_WIDTH, LOGO_MAX_WIDTH / aspect)
    } else {
        (LOGO_HEIGHT * aspect, LOGO_HEIGHT)
    };
    Ok(Logo { id: doc.add_image(&image), width_px: image.width, width, height })
}

/// Every piece of text the sheet prints, to decide whether the fallback font is needed.
fn texts(sheet: &InvoiceSheet) -> impl Iterator<Item = &str> {
    let l = &sheet.letterhead;
    let optional = [&l.address, &l.phone, &l.tax_id, &sheet.due_on, &sheet.patient_address, &sheet.notes, &sheet.status_stamp];
    let fixed = [&l.clinic_name, &l.site_name, &sheet.title, &sheet.number, &sheet.issued_on, &sheet.patient_name]
        .into_iter()
        .chain([&sheet.patient_mrn, &sheet.subtotal, &sheet.discount, &sheet.tax, &sheet.total, &sheet.paid])
        .chain([&sheet.balance_due])
        .chain(optional.into_iter().flatten());
    let lines =
        sheet.lines.iter().flat_map(|l| [&l.code, &l.description, &l.quantity, &l.unit_price, &l.discount, &l.tax, &l.total]);
    let payments = sheet.payments.iter().flat_map(|p| [&p.date, &p.method, &p.amount].into_iter().chain(&p.reference));
    fixed.chain(lines).chain(payments).map(String::as_str)
}

fn line_cells(line: &InvoiceSheetLine) -> Vec<&str> {
    [&line.code, &line.description, &line.quantity, &line.unit_price, &line.discount, &line.tax, &line.total]
        .map(String::as_str)
        .to_vec()
}

fn payment_cells(payment: &InvoiceSheetPayment) -> Vec<&str> {
    vec![&payment.date, &payment.method, payment.reference.as_deref().unwrap_or(""), &payment.amount]
}

/// The top of every page: the stamp underneath, the logo and letterhead left, the title, number
/// and dates right, a rule; from page 2 on who it is for; the column headers of the table
/// being continued.
fn header(w: &mut PageWriter<'_>, sheet: &InvoiceSheet, logo: Option<&Logo>, page: usize, table: Option<&Table>) {
    if let Some(stamp) = sheet.status_stamp.as_deref().filter(|s| !s.trim().is_empty()) {
        w.stamp(stamp);
    }
    let top = w.y();
    let right = PAGE_WIDTH - MARGIN_X;

    let number_style = TextStyle { size: 11.0, ..TextStyle::STRONG };
    let mut right_lines = vec![(sheet.title.clone(), TextStyle::TITLE), (format!("No. {}", sheet.number), number_style)];
    right_lines.push((format!("Issued: {}", sheet.issued_on), TextStyle::BODY));
    if let Some(due) = sheet.due_on.as_deref().filter(|d| !d.trim().is_empty()) {
        right_lines.push((format!("Due: {due}"), TextStyle::BODY));
    }
    let right_width = right_lines.iter().map(|(t, s)| w.width(t, *s)).fold(0.0f32, f32::max).min(0.45 * w.content_width());
    let right_bottom = column(w, top, right_width, &right_lines, |x_width| right - x_width);

    let mut left = MARGIN_X;
    let mut left_bottom = top;
    if let Some(logo) = logo {
        w.image(&logo.id, MARGIN_X, top - logo.height, logo.width_px, logo.width);
        left += logo.width + 12.0;
        left_bottom = top - logo.height;
    }
    let l = &sheet.letterhead;
    let contact = TextStyle { grey: 0.25, ..TextStyle::BODY };
    let left_lines: Vec<(String, TextStyle)> = std::iter::once((l.clinic_name.clone(), TextStyle::LETTERHEAD))
        .chain(std::iter::once(l.site_name.clone()).chain(l.address.clone()).map(|t| (t, contact)))
        .chain(l.phone.as_ref().map(|p| (format!("Tel. {p}"), contact)))
        .chain(l.tax_id.as_ref().map(|t| (format!("Tax ID: {t}"), contact)))
        .filter(|(t, _)| !t.trim().is_empty())
        .collect();
    let left_width = (right - right_width - 18.0 - left).max(80.0);
    left_bottom = left_bottom.min(column(w, top, left_width, &left_lines, |_| left));

    w.gap(top - left_bottom.min(right_bottom) + 4.0);
    w.rule(1.0, 0.15);
    if page > 1 {
        let who = format!("Bill to: {} · MRN {}", sheet.patient_name, sheet.patient_mrn);
        w.paragraph(&who, TextStyle { grey: 0.25, ..TextStyle::BODY }, 0.0);
    }
    w.gap(8.0);
    if let Some(table) = table {
        table.header(w);
    }
}

/// Draws `lines` (each wrapped to `width`) from `top` down, each at the x `x_of(line width)`;
/// returns the bottom of the last line.
fn column(w: &mut PageWriter<'_>, top: f32, width: f32, lines: &[(String, TextStyle)], x_of: impl Fn(f32) -> f32) -> f32 {
    let mut y = top;
    for (text, style) in lines {
        for line in w.wrap(text, *style, width) {
            w.text_at(x_of(w.width(&line, *style)), y - style.size, &line, *style);
            y -= style.line_height();
        }
    }
    y
}

/// "Bill to": the patient's name, record number and address (first page only).
fn bill_to(w: &mut PageWriter<'_>, sheet: &InvoiceSheet) {
    w.paragraph("Bill to", TextStyle::SMALL, 0.0);
    w.paragraph(&sheet.patient_name, TextStyle::STRONG, 0.0);
    w.paragraph(&format!("MRN {}", sheet.patient_mrn), TextStyle::BODY, 0.0);
    if let Some(address) = sheet.patient_address.as_deref().filter(|a| !a.trim().is_empty()) {
        w.paragraph(address, TextStyle::BODY, 0.0);
    }
}

/// Draws a table under an optional `title`: the title and header kept with the first row (or
/// the `empty` line when there are no rows), the header repeated on every page the rows
/// continue on (`header_with` gives the page header with or without it), and the last row kept
/// with the `then` points that follow it (the totals).
fn rows<'h>(
    w: &mut PageWriter<'h>,
    title: Option<(&str, TextStyle)>,
    table: &'h Table,
    cells: &[Vec<&str>],
    empty: &str,
    then: f32,
    header_with: impl Fn(Option<&'h Table>) -> Header<'h>,
) {
    let empty_style = TextStyle { grey: 0.25, ..TextStyle::BODY };
    let first = match cells.first() {
        Some(row) => table.header_height(w) + table.row_height(w, row),
        None => w.measure(empty, empty_style, w.content_width()),
    };
    // With one row or none, the first row is the last: keep `then` too.
    let first_then = if cells.len() <= 1 { then } else { 0.0 };
    w.ensure_space(title.map_or(0.0, |(_, style)| style.line_height()) + first + first_then);
    if let Some((title, style)) = title {
        w.paragraph(title, style, 0.0);
    }
    if cells.is_empty() {
        w.paragraph(empty, empty_style, 0.0);
        return;
    }
    table.header(w);
    w.set_header(header_with(Some(table)));
    for (i, row) in cells.iter().enumerate() {
        if i + 1 == cells.len() {
            w.ensure_space(table.row_height(w, row) + then);
        }
        table.row(w, row);
    }
    w.set_header(header_with(None));
}

/// A right-hand block of label/amount rows, then `last` emphasised on a shaded band under a
/// rule (the total, the balance due); never split across pages.
struct Summary<'a> {
    rows: Vec<(&'a str, &'a str, TextStyle)>,
    last: (&'a str, &'a str, TextStyle),
}

impl Summary<'_> {
    /// Space between the text of `last` and its band's edges.
    const BAND: f32 = 4.0;

    fn height(&self) -> f32 {
        self.rows.iter().map(|(_, _, s)| s.line_height()).sum::<f32>() + self.last.2.line_height() + 2.0 * Self::BAND + 3.0
    }

    fn draw(&self, w: &mut PageWriter<'_>) {
        let right = PAGE_WIDTH - MARGIN_X;
        let label_x = right - SUMMARY_WIDTH;
        w.block(self.height(), |w, top| {
            let mut y = top;
            for (label, value, style) in &self.rows {
                w.text_at(label_x + 6.0, y - style.size, label, *style);
                w.text_at(right - 6.0 - w.width(value, *style), y - style.size, value, *style);
                y -= style.line_height();
            }
            let (label, value, style) = self.last;
            y -= 3.0;
            let band_height = style.line_height() + 2.0 * Self::BAND;
            w.fill_rect(label_x, y - band_height, SUMMARY_WIDTH, band_height, 0.9);
            w.hline(label_x, right, y, 1.0, 0.1);
            let baseline = y - Self::BAND - style.size;
            w.text_at(label_x + 6.0, baseline, label, style);
            w.text_at(right - 6.0 - w.width(value, style), baseline, value, style);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_logo_that_is_not_a_png_is_an_error() {
        let mut doc = PdfDocument::new("test");
        assert_eq!(add_logo(&mut doc, b"GIF89a").err(), Some(PrintError::Logo("not a PNG file".into())));
        let truncated = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0";
        assert!(matches!(add_logo(&mut doc, truncated), Err(PrintError::Logo(_))));
    }
}
