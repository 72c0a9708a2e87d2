//! The embedded fonts, and splitting text into runs that each font can draw.
//!
//! DejaVu Sans (regular and bold) draws Latin, Greek, Cyrillic and most accents; Droid Sans
//! Fallback is used character by character for what DejaVu lacks (Chinese, Japanese, Korean).
//! printpdf subsets every font to the glyphs a document uses, so the PDF stays small.

use std::sync::OnceLock;

use printpdf::{FontId, ParsedFont, PdfDocument};
use unicode_normalization::UnicodeNormalization;

use crate::PrintError;

const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const DEJAVU_SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");
const DROID_SANS_FALLBACK: &[u8] = include_bytes!("../fonts/DroidSansFallbackFull.ttf");

/// Drawn in place of a character that no embedded font has.
const REPLACEMENT: char = '\u{FFFD}';

/// Which embedded face a run of text is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Face {
    /// DejaVu Sans.
    Regular,
    /// DejaVu Sans Bold.
    Bold,
    /// Droid Sans Fallback (CJK and whatever else DejaVu lacks).
    Fallback,
}

/// The parsed embedded fonts, shared by every document this process prints.
struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    fallback: ParsedFont,
}

impl Fonts {
    fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Fallback => &self.fallback,
        }
    }
}

/// Parses the embedded fonts once per process (the fallback font alone is 4 MB).
fn fonts() -> Result<&'static Fonts, PrintError> {
    static FONTS: OnceLock<Result<Fonts, PrintError>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8], name: &'static str| {
                ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).ok_or(PrintError::Font(name))
            };
            Ok(Fonts {
                regular: parse(DEJAVU_SANS, "DejaVuSans.ttf")?,
                bold: parse(DEJAVU_SANS_BOLD, "DejaVuSans-Bold.ttf")?,
                fallback: parse(DROID_SANS_FALLBACK, "DroidSansFallbackFull.ttf")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A run of text drawn with one face.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Run {
    /// The face that has every character of `text`.
    pub face: Face,
    /// The characters, normalised (NFC) and with unknown ones replaced.
    pub text: String,
    /// Advance width of the run at 1 pt, in points.
    pub width_per_pt: f32,
}

/// The fonts of one document: the parsed faces and their ids in that document.
pub(crate) struct DocFonts {
    fonts: &'static Fonts,
    regular: FontId,
    bold: FontId,
    fallback: Option<FontId>,
}

impl DocFonts {
    /// Registers the DejaVu faces with `doc`; the fallback face is added only if `needs_fallback`
    /// (an unused font would still cost its tables in the file).
    pub fn register(doc: &mut PdfDocument, needs_fallback: bool) -> Result<Self, PrintError> {
        let fonts = fonts()?;
        Ok(DocFonts {
            fonts,
            regular: doc.add_font(&fonts.regular),
            bold: doc.add_font(&fonts.bold),
            fallback: needs_fallback.then(|| doc.add_font(&fonts.fallback)),
        })
    }

    /// The document's id of `face` (regular stands in for the fallback when it was not registered).
    pub fn id(&self, face: Face) -> FontId {
        match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
            Face::Fallback => self.fallback.clone().unwrap_or_else(|| self.regular.clone()),
        }
    }

    /// Splits `text` into runs, each drawn by `primary` or, for characters it lacks, the fallback.
    pub fn runs(&self, text: &str, primary: Face) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        for c in clean(text) {
            let (face, c) = self.face_for(c, primary);
            let width = self.advance(face, c);
            match runs.last_mut() {
                Some(run) if run.face == face => {
                    run.text.push(c);
                    run.width_per_pt += width;
                }
                _ => runs.push(Run { face, text: c.to_string(), width_per_pt: width }),
            }
        }
        runs
    }

    /// Width of `text` in `primary` (with fallback) at `size` points.
    pub fn width(&self, text: &str, primary: Face, size: f32) -> f32 {
        self.runs(text, primary).iter().map(|r| r.width_per_pt).sum::<f32>() * size
    }

    /// The face that draws `c`, and the character to draw (the replacement if none has it).
    fn face_for(&self, c: char, primary: Face) -> (Face, char) {
        if self.fonts.face(primary).has_glyph(c as u32) {
            (primary, c)
        } else if self.fallback.is_some() && self.fonts.fallback.has_glyph(c as u32) {
            (Face::Fallback, c)
        } else {
            (primary, REPLACEMENT)
        }
    }

    /// Advance of `c` in `face` at 1 pt.
    fn advance(&self, face: Face, c: char) -> f32 {
        let font = self.fonts.face(face);
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        let gid = font.lookup_glyph_index(c as u32).unwrap_or(0);
        f32::from(font.get_horizontal_advance(gid)) / units_per_em
    }
}

/// Whether any character of `texts` is missing from DejaVu Sans (so the fallback font is needed).
pub(crate) fn needs_fallback<'a>(texts: impl IntoIterator<Item = &'a str>) -> Result<bool, PrintError> {
    let fonts = fonts()?;
    let regular = &fonts.regular;
    let bold = &fonts.bold;
    Ok(texts.into_iter().flat_map(clean).any(|c| !regular.has_glyph(c as u32) || !bold.has_glyph(c as u32)))
}

/// NFC-normalises `text` (a decomposed "e" + "¨" prints as one "ë") and turns tabs and other
/// control characters into spaces.
fn clean(text: &str) -> impl Iterator<Item = char> + '_ {
    text.nfc().map(|c| if c.is_control() { ' ' } else { c })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc_fonts(fallback: bool) -> DocFonts {
        let mut doc = PdfDocument::new("test");
        DocFonts::register(&mut doc, fallback).expect("embedded fonts parse")
    }

    #[test]
    fn latin_and_accents_stay_in_dejavu() {
        let fonts = doc_fonts(true);
        let runs = fonts.runs("Zoë Ñúñez-Øberg", Face::Regular);
        assert_eq!(runs.len(), 1);
        assert_eq!(runs[0].face, Face::Regular);
        assert!(!needs_fallback(["Zoë Ñúñez-Øberg", "Ωμέγα Дмитрий"]).expect("fonts"));
    }

    #[test]
    fn cjk_goes_to_the_fallback_face() {
        let fonts = doc_fonts(true);
        let runs = fonts.runs("Zoë 李 Li", Face::Bold);
        let faces: Vec<Face> = runs.iter().map(|r| r.face).collect();
        assert_eq!(faces, [Face::Bold, Face::Fallback, Face::Bold]);
        assert_eq!(runs[1].text, "李");
        assert!(needs_fallback(["Zoë 李"]).expect("fonts"));
    }

    #[test]
    fn decomposed_accents_are_composed_and_controls_become_spaces() {
        let fonts = doc_fonts(false);
        let runs = fonts.runs("Zoe\u{0308}\tX", Face::Regular);
        assert_eq!(runs[0].text, "Zoë X");
    }

    #[test]
    fn unknown_characters_print_as_the_replacement_character() {
        let fonts = doc_fonts(false);
        let runs = fonts.runs("李", Face::Regular);
        assert_eq!(runs[0].text, "\u{FFFD}");
    }

    #[test]
    fn widths_grow_with_size_and_text() {
        let fonts = doc_fonts(false);
        let w10 = fonts.width("Amoxicillin", Face::Regular, 10.0);
        assert!(w10 > 30.0 && w10 < 80.0, "{w10}");
        assert!((fonts.width("Amoxicillin", Face::Regular, 20.0) - 2.0 * w10).abs() < 0.01);
        assert!(fonts.width("Amoxicillin", Face::Bold, 10.0) > w10);
    }
}
