//! Clinic Desk printing: documents rendered as PDF with [`printpdf`].
//!
//! The prescription ([`prescription_pdf`]) and the invoice, credit note or receipt
//! ([`invoice_pdf`]). Every document is A4, drawn with embedded
//! fonts (DejaVu Sans, with Droid Sans Fallback for Chinese, Japanese and Korean characters),
//! subset to the glyphs it uses, with real text that can be searched and copied. The shared
//! page machinery (a cursor that wraps text, page breaks with a repeated header, page numbers)
//! lives in the `layout` module, tables with a header repeated on every page in `table`.
//!
//! This crate depends on nothing else of Clinic Desk: callers turn their records into the plain
//! structs here (all text already formatted for display: dates, names, amounts).
//! See `docs/printing.md`.

mod billing_sheet;
mod fonts;
mod invoice;
mod layout;
mod prescription;
mod table;

pub use billing_sheet::{billing_letterhead, invoice_sheet};
pub use invoice::{invoice_pdf, InvoiceLetterhead, InvoiceSheet, InvoiceSheetLine, InvoiceSheetPayment};
pub use prescription::{prescription_pdf, Letterhead, MedicationLine, PrescriptionSheet};

/// Why a document could not be printed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PrintError {
    /// An embedded font could not be parsed (a broken build, never bad input).
    #[error("the embedded font {0} could not be read")]
    Font(&'static str),
    /// The letterhead's logo is not a PNG image that can be decoded (bad input: the document
    /// is not printed rather than printed without it).
    #[error("the logo is not a readable PNG image: {0}")]
    Logo(String),
    /// printpdf reported an error while writing the PDF.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

/// Serialises `doc` with font subsetting, turning printpdf's error-level warnings into errors.
pub(crate) fn save(doc: &printpdf::PdfDocument) -> Result<Vec<u8>, PrintError> {
    let mut warnings = Vec::new();
    let bytes = doc.save(&printpdf::PdfSaveOptions::default(), &mut warnings);
    let errors: Vec<String> =
        warnings.into_iter().filter(|w| w.severity == printpdf::PdfParseErrorSeverity::Error).map(|w| w.msg).collect();
    if errors.is_empty() {
        Ok(bytes)
    } else {
        Err(PrintError::Pdf(errors.join("; ")))
    }
}
