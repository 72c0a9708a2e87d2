//! Small layout helpers shared by every printed document: an A4 page writer with a cursor that
//! wraps text, starts a new page when the current one is full and draws a repeated header on
//! each page, then numbers the pages ("Page 1 of 2") when the document is finished.
//!
//! Coordinates are PDF points (1/72 inch) from the bottom-left corner of the page.

use printpdf::{
    Color, Greyscale, Line, LinePoint, Mm, Op, PaintMode, PdfFontHandle, PdfPage, Point, Pt, Rect, Rgb, TextItem, TextMatrix,
    XObjectId, XObjectTransform,
};

use crate::fonts::{DocFonts, Face};

/// A4 width in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
/// Left and right margin in points (about 18 mm).
pub const MARGIN_X: f32 = 50.0;
/// Top margin in points.
pub const MARGIN_TOP: f32 = 45.0;
/// Bottom margin in points; the page footer sits inside it.
pub const MARGIN_BOTTOM: f32 = 55.0;

/// How a piece of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// Font size in points.
    pub size: f32,
    /// Bold (DejaVu Sans Bold) or regular.
    pub bold: bool,
    /// Grey level: 0.0 is black, 1.0 white.
    pub grey: f32,
}

impl TextStyle {
    /// Body text.
    pub const BODY: TextStyle = TextStyle { size: 10.0, bold: false, grey: 0.0 };
    /// Bold body text, slightly larger: list item titles.
    pub const STRONG: TextStyle = TextStyle { size: 11.5, bold: true, grey: 0.0 };
    /// Small grey text: labels, footers, notes.
    pub const SMALL: TextStyle = TextStyle { size: 8.5, bold: false, grey: 0.35 };
    /// A document title.
    pub const TITLE: TextStyle = TextStyle { size: 18.0, bold: true, grey: 0.0 };
    /// The clinic's name in the letterhead.
    pub const LETTERHEAD: TextStyle = TextStyle { size: 15.0, bold: true, grey: 0.1 };

    /// Distance between two baselines of this style.
    pub fn line_height(&self) -> f32 {
        self.size * 1.35
    }

    fn face(&self) -> Face {
        if self.bold {
            Face::Bold
        } else {
            Face::Regular
        }
    }
}

/// Draws the top of a page; called by [`PageWriter`] at the start of every page with the page
/// number (1-based), the cursor at the top margin.
pub type Header<'h> = Box<dyn Fn(&mut PageWriter<'h>, usize) + 'h>;

/// Writes A4 pages top to bottom: a cursor, wrapped paragraphs, page breaks with a repeated
/// header, and page numbers at the end.
pub struct PageWriter<'h> {
    fonts: &'h DocFonts,
    header: Option<Header<'h>>,
    footer_text: String,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// The top of the next line, in points from the bottom of the page.
    y: f32,
    /// True once a page is open (the first write opens page 1).
    open: bool,
    /// True while the current page holds nothing but its header.
    fresh: bool,
}

impl<'h> PageWriter<'h> {
    /// A writer with no page started yet; the first write starts page 1.
    pub fn new(fonts: &'h DocFonts) -> Self {
        PageWriter {
            fonts,
            header: None,
            footer_text: String::new(),
            pages: Vec::new(),
            ops: Vec::new(),
            y: 0.0,
            open: false,
            fresh: false,
        }
    }

    /// Sets the header drawn at the top of every page started from now on.
    pub fn set_header(&mut self, header: Header<'h>) {
        self.header = Some(header);
    }

    /// Sets the small text printed at the bottom left of every page (the page number is right).
    pub fn set_footer_text(&mut self, text: impl Into<String>) {
        self.footer_text = text.into();
    }

    /// Width available between the margins.
    pub fn content_width(&self) -> f32 {
        PAGE_WIDTH - 2.0 * MARGIN_X
    }

    /// The cursor: top of the next line, in points from the bottom of the page.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Space left on the current page above the bottom margin.
    pub fn remaining(&self) -> f32 {
        if self.open {
            self.y - MARGIN_BOTTOM
        } else {
            0.0
        }
    }

    /// Starts a new page unless `height` points still fit on the current one (a block that
    /// does not fit even on a fresh page is started anyway and breaks where it must).
    pub fn ensure_space(&mut self, height: f32) {
        if self.open && (height <= self.remaining() || self.fresh) {
            return;
        }
        self.new_page();
    }

    /// Ends the current page (if any) and starts the next one, drawing the header.
    pub fn new_page(&mut self) {
        if self.open {
            self.pages.push(std::mem::take(&mut self.ops));
        }
        self.open = true;
        self.y = PAGE_HEIGHT - MARGIN_TOP;
        let page_number = self.pages.len() + 1;
        if let Some(header) = self.header.take() {
            header(self, page_number);
            self.header = Some(header);
        }
        self.fresh = true;
    }

    /// Moves the cursor down by `points`.
    pub fn gap(&mut self, points: f32) {
        self.ensure_started();
        self.y -= points;
    }

    /// Splits `text` into lines no wider than `width` in `style` (words first, then characters).
    pub fn wrap(&self, text: &str, style: TextStyle, width: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut line = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
                if self.width(&candidate, style) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                // A word longer than the line is broken between characters.
                for c in word.chars() {
                    let mut longer = line.clone();
                    longer.push(c);
                    if !line.is_empty() && self.width(&longer, style) > width {
                        lines.push(std::mem::replace(&mut line, c.to_string()));
                    } else {
                        line = longer;
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    /// Height of `text` wrapped to `width` in `style`.
    pub fn measure(&self, text: &str, style: TextStyle, width: f32) -> f32 {
        self.wrap(text, style, width).len() as f32 * style.line_height()
    }

    /// Writes `text` wrapped to the content width, starting `indent` points from the left
    /// margin; lines that do not fit go to the next page.
    pub fn paragraph(&mut self, text: &str, style: TextStyle, indent: f32) {
        let width = self.content_width() - indent;
        for line in self.wrap(text, style, width) {
            self.ensure_space(style.line_height());
            let baseline = self.y - style.size;
            self.text_at(MARGIN_X + indent, baseline, &line, style);
            self.y -= style.line_height();
            self.fresh = false;
        }
    }

    /// Writes `label` in a column `label_width` points wide and `value` wrapped beside it.
    pub fn field(&mut self, label: &str, value: &str, label_width: f32, value_style: TextStyle) {
        let lines = self.wrap(value, value_style, self.content_width() - label_width);
        self.ensure_space(value_style.line_height());
        let label_baseline = self.y - value_style.size;
        self.text_at(MARGIN_X, label_baseline, label, TextStyle { size: value_style.size, ..TextStyle::SMALL });
        for line in lines {
            self.ensure_space(value_style.line_height());
            let baseline = self.y - value_style.size;
            self.text_at(MARGIN_X + label_width, baseline, &line, value_style);
            self.y -= value_style.line_height();
            self.fresh = false;
        }
    }

    /// Moves the cursor down so that a block `height` points tall ends on the bottom margin
    /// (starting a new page first if it does not fit): signatures, totals.
    pub fn bottom_block(&mut self, height: f32) {
        self.ensure_space(height);
        self.y = self.y.min(MARGIN_BOTTOM + height);
    }

    /// Writes one line with `left` at the left margin and `right` flush with the right margin.
    pub fn line_split(&mut self, left: &str, left_style: TextStyle, right: &str, right_style: TextStyle) {
        let height = left_style.line_height().max(right_style.line_height());
        self.ensure_space(height);
        let size = left_style.size.max(right_style.size);
        let baseline = self.y - size;
        self.text_at(MARGIN_X, baseline, left, left_style);
        let right_x = PAGE_WIDTH - MARGIN_X - self.width(right, right_style);
        self.text_at(right_x, baseline, right, right_style);
        self.y -= height;
        self.fresh = false;
    }

    /// Keeps a block `height` points tall together: starts a new page unless it fits (see
    /// [`PageWriter::ensure_space`]), lets `draw` paint it with the top of the block as argument
    /// (drawing with [`PageWriter::text_at`] and friends), then moves the cursor below it.
    pub fn block(&mut self, height: f32, draw: impl FnOnce(&mut Self, f32)) {
        self.ensure_space(height);
        let top = self.y;
        draw(self, top);
        self.y = top - height;
        self.fresh = false;
    }

    /// Draws a rectangle filled with `grey`, its bottom-left corner at (`x`, `y`); no cursor
    /// movement.
    pub fn fill_rect(&mut self, x: f32, y: f32, width: f32, height: f32, grey: f32) {
        self.ensure_started();
        self.ops.push(Op::SetFillColor { col: grey_color(grey) });
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(y),
                width: Pt(width),
                height: Pt(height),
                mode: Some(PaintMode::Fill),
                winding_order: None,
            },
        });
    }

    /// Draws the image `id` (added to the document with `PdfDocument::add_image`, `width_px`
    /// wide) with its bottom-left corner at (`x`, `y`) and `width` points wide, keeping its
    /// aspect ratio; no cursor movement.
    pub fn image(&mut self, id: &XObjectId, x: f32, y: f32, width_px: usize, width: f32) {
        self.ensure_started();
        // At 72 dpi one pixel is one point; the scale then gives the wanted width.
        let scale = width / width_px.max(1) as f32;
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Pt(x)),
                translate_y: Some(Pt(y)),
                scale_x: Some(scale),
                scale_y: Some(scale),
                dpi: Some(72.0),
                ..XObjectTransform::default()
            },
        });
    }

    /// Draws `text` as a rubber stamp ("VOID", "PAID"): large red capitals in a frame, turned
    /// 30 degrees, across the middle of the page; no cursor movement. Drawn before the page's
    /// content it lies underneath it.
    pub fn stamp(&mut self, text: &str) {
        self.ensure_started();
        let runs = self.fonts.runs(text.trim(), Face::Bold);
        let width_per_pt: f32 = runs.iter().map(|r| r.width_per_pt).sum();
        if runs.is_empty() || width_per_pt <= 0.0 {
            return;
        }
        // At most 64 pt, and never wider than most of the page's diagonal.
        let size = (380.0 / width_per_pt).min(64.0);
        let (width, cap) = (width_per_pt * size, 0.73 * size);
        let (sin, cos) = 30f32.to_radians().sin_cos();
        let (cx, cy) = (PAGE_WIDTH / 2.0, PAGE_HEIGHT / 2.0);
        // (u, v) along and across the text, from the centre of the stamp, to page coordinates.
        let at = |u: f32, v: f32| (cx + u * cos - v * sin, cy + u * sin + v * cos);
        let colour = Color::Rgb(Rgb { r: 0.86, g: 0.3, b: 0.3, icc_profile: None });
        let pad = 0.28 * size;
        let corners = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0)].map(|(su, sv): (f32, f32)| {
            let (x, y) = at(su * (width / 2.0 + pad), sv * (cap / 2.0 + pad));
            LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false }
        });
        self.ops.push(Op::SetOutlineColor { col: colour.clone() });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(size / 14.0) });
        self.ops.push(Op::DrawLine { line: Line { points: corners.to_vec(), is_closed: true } });
        self.ops.push(Op::SetFillColor { col: colour });
        let mut u = -width / 2.0;
        for run in runs {
            let (x, y) = at(u, -cap / 2.0);
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(self.fonts.id(run.face)), size: Pt(size) },
                Op::SetTextMatrix { matrix: TextMatrix::TranslateRotate(Pt(x), Pt(y), 30.0) },
                Op::ShowText { items: vec![TextItem::Text(run.text)] },
                Op::EndTextSection,
            ]);
            u += run.width_per_pt * size;
        }
    }

    /// Draws a horizontal rule across the content width at the cursor, then moves below it.
    pub fn rule(&mut self, thickness: f32, grey: f32) {
        self.ensure_space(thickness + 6.0);
        let y = self.y - 3.0;
        self.hline(MARGIN_X, PAGE_WIDTH - MARGIN_X, y, thickness, grey);
        self.y -= thickness + 6.0;
    }

    /// Draws a horizontal line from `x1` to `x2` at height `y` (no cursor movement).
    pub fn hline(&mut self, x1: f32, x2: f32, y: f32, thickness: f32, grey: f32) {
        self.ensure_started();
        let point = |x: f32| LinePoint { p: Point { x: Pt(x), y: Pt(y) }, bezier: false };
        self.ops.push(Op::SetOutlineColor { col: grey_color(grey) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(thickness) });
        self.ops.push(Op::DrawLine { line: Line { points: vec![point(x1), point(x2)], is_closed: false } });
    }

    /// Draws one line of text with its baseline at (`x`, `baseline`); no wrapping, no cursor
    /// movement. Characters DejaVu lacks are drawn with the fallback font.
    pub fn text_at(&mut self, x: f32, baseline: f32, text: &str, style: TextStyle) {
        self.ensure_started();
        let runs = self.fonts.runs(text, style.face());
        if runs.is_empty() {
            return;
        }
        self.ops.push(Op::SetFillColor { col: grey_color(style.grey) });
        let mut x = x;
        for run in runs {
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(self.fonts.id(run.face)), size: Pt(style.size) },
                Op::SetTextCursor { pos: Point { x: Pt(x), y: Pt(baseline) } },
                Op::ShowText { items: vec![TextItem::Text(run.text)] },
                Op::EndTextSection,
            ]);
            x += run.width_per_pt * style.size;
        }
    }

    /// Width of `text` in `style`, in points.
    pub fn width(&self, text: &str, style: TextStyle) -> f32 {
        self.fonts.width(text, style.face(), style.size)
    }

    /// Ends the document: numbers every page ("Page 1 of N" bottom right, the footer text bottom
    /// left) and returns the A4 pages.
    pub fn finish(mut self) -> Vec<PdfPage> {
        self.ensure_started();
        self.pages.push(std::mem::take(&mut self.ops));
        let total = self.pages.len();
        let pages = std::mem::take(&mut self.pages);
        let footer_text = std::mem::take(&mut self.footer_text);
        let baseline = MARGIN_BOTTOM - 28.0;
        let style = TextStyle::SMALL;
        pages
            .into_iter()
            .enumerate()
            .map(|(i, ops)| {
                self.ops = ops;
                self.hline(MARGIN_X, PAGE_WIDTH - MARGIN_X, baseline + style.size + 4.0, 0.4, 0.6);
                self.text_at(MARGIN_X, baseline, &footer_text, style);
                let number = format!("Page {} of {}", i + 1, total);
                let x = PAGE_WIDTH - MARGIN_X - self.width(&number, style);
                self.text_at(x, baseline, &number, style);
                PdfPage::new(Mm::from(Pt(PAGE_WIDTH)), Mm::from(Pt(PAGE_HEIGHT)), std::mem::take(&mut self.ops))
            })
            .collect()
    }

    fn ensure_started(&mut self) {
        if !self.open {
            self.new_page();
        }
    }
}

fn grey_color(grey: f32) -> Color {
    Color::Greyscale(Greyscale { percent: grey.clamp(0.0, 1.0), icc_profile: None })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use printpdf::PdfDocument;

    use super::*;

    fn fonts() -> DocFonts {
        DocFonts::register(&mut PdfDocument::new("test"), false).expect("embedded fonts parse")
    }

    #[test]
    fn wrap_breaks_between_words_and_inside_words_too_long_for_a_line() {
        let fonts = fonts();
        let w = PageWriter::new(&fonts);
        let style = TextStyle::BODY;
        let width = w.width("one two three", style) + 0.5;
        assert_eq!(w.wrap("one two three four five", style, width), ["one two three", "four five"]);
        let long = "x".repeat(200);
        let lines = w.wrap(&long, style, 100.0);
        assert!(lines.len() > 1 && lines.iter().all(|l| w.width(l, style) <= 100.0), "{lines:?}");
        assert_eq!(lines.concat(), long);
        assert_eq!(w.wrap("a\nb", style, 100.0), ["a", "b"]);
        assert_eq!(w.measure("a\nb", style, 100.0), 2.0 * style.line_height());
    }

    #[test]
    fn a_full_page_starts_the_next_with_the_header_and_pages_are_numbered() {
        let fonts = fonts();
        let headers = Cell::new(Vec::new());
        let mut w = PageWriter::new(&fonts);
        w.set_header(Box::new(|w, page| {
            let mut seen = headers.take();
            seen.push(page);
            headers.set(seen);
            w.paragraph("Header", TextStyle::TITLE, 0.0);
        }));
        for i in 0..120 {
            w.paragraph(&format!("line {i}"), TextStyle::BODY, 0.0);
            assert!(w.y() >= MARGIN_BOTTOM, "line {i} ran into the bottom margin");
        }
        let pages = w.finish();
        assert!(pages.len() >= 2);
        assert_eq!(headers.take(), (1..=pages.len()).collect::<Vec<_>>());
    }

    #[test]
    fn a_block_that_does_not_fit_moves_to_the_next_page_but_never_leaves_a_page_empty() {
        let fonts = fonts();
        let mut w = PageWriter::new(&fonts);
        w.paragraph("first", TextStyle::BODY, 0.0);
        w.ensure_space(PAGE_HEIGHT);
        w.ensure_space(PAGE_HEIGHT);
        w.paragraph("second", TextStyle::BODY, 0.0);
        assert_eq!(w.finish().len(), 2);
    }

    #[test]
    fn a_block_is_kept_on_one_page_and_moves_the_cursor_below_it() {
        let fonts = fonts();
        let mut w = PageWriter::new(&fonts);
        w.paragraph("text", TextStyle::BODY, 0.0);
        let before = w.y();
        let mut tops = Vec::new();
        w.block(40.0, |_, top| tops.push(top));
        assert_eq!((tops[0], w.y()), (before, before - 40.0));
        // A block taller than what is left starts the next page; the page is no longer fresh.
        w.gap(w.remaining() - 10.0);
        w.block(40.0, |_, top| tops.push(top));
        assert_eq!(tops[1], PAGE_HEIGHT - MARGIN_TOP);
        w.block(PAGE_HEIGHT, |_, _| {});
        assert_eq!(w.finish().len(), 3);
    }

    #[test]
    fn a_bottom_block_ends_on_the_bottom_margin() {
        let fonts = fonts();
        let mut w = PageWriter::new(&fonts);
        w.paragraph("text", TextStyle::BODY, 0.0);
        w.bottom_block(80.0);
        assert_eq!(w.y(), MARGIN_BOTTOM + 80.0);
    }
}
