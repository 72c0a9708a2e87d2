//! Tables across the content width: a shaded header row, then rows whose cells wrap inside
//! their column, text left-aligned or right-aligned (amounts). Column widths follow the content
//! within each column's limits, one flexible column (a description) taking what is left.
//!
//! A row is kept on one page unless it is taller than a whole page. To repeat the header on
//! every page the table continues on, draw [`Table::header`] from the page header callback
//! (see `invoice.rs`).

use crate::layout::{PageWriter, TextStyle, MARGIN_X};

/// Space between a cell's text and its column's edges, left and right.
const PAD_X: f32 = 4.0;
/// Space above and below the text of a row.
const PAD_Y: f32 = 3.0;

/// How a column's text is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// What a column should be: its header, alignment and width limits in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ColumnSpec<'a> {
    pub label: &'a str,
    pub align: Align,
    /// Never narrower than this.
    pub min: f32,
    /// Never wider than this (longer text wraps), unless the column is `flex`.
    pub max: f32,
    /// Takes the width the other columns leave (at least `min`).
    pub flex: bool,
}

/// A table laid out for the content width.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    labels: Vec<String>,
    aligns: Vec<Align>,
    widths: Vec<f32>,
}

impl Table {
    /// Header text style.
    pub const HEADER: TextStyle = TextStyle { size: 8.5, bold: true, grey: 0.1 };
    /// Cell text style.
    pub const CELL: TextStyle = TextStyle { size: 9.0, bold: false, grey: 0.0 };

    /// Lays out the columns for `rows` (cells in column order): each column as wide as its
    /// widest cell or header within its limits; if that leaves the flexible column less than
    /// its minimum, the others shrink in proportion (their text then wraps).
    pub fn new(w: &PageWriter<'_>, specs: &[ColumnSpec<'_>], rows: &[Vec<&str>]) -> Table {
        let natural = |i: usize, spec: &ColumnSpec<'_>| {
            let cells = rows.iter().filter_map(|r| r.get(i)).map(|c| w.width(c, Table::CELL));
            let label = spec.label.split_whitespace().map(|word| w.width(word, Table::HEADER));
            cells.chain(label).fold(0.0f32, f32::max) + 2.0 * PAD_X
        };
        let mut widths: Vec<f32> =
            specs.iter().enumerate().map(|(i, s)| if s.flex { 0.0 } else { natural(i, s).clamp(s.min, s.max) }).collect();
        let fixed: f32 = widths.iter().sum();
        let flex_min: f32 = specs.iter().filter(|s| s.flex).map(|s| s.min).sum();
        let content = w.content_width();
        if fixed + flex_min > content && fixed > 0.0 {
            let shrink = ((content - flex_min) / fixed).max(0.0);
            widths.iter_mut().for_each(|width| *width *= shrink);
        }
        let fixed: f32 = widths.iter().sum();
        let flex_count = specs.iter().filter(|s| s.flex).count().max(1) as f32;
        for (width, spec) in widths.iter_mut().zip(specs) {
            if spec.flex {
                *width = ((content - fixed) / flex_count).max(spec.min);
            }
        }
        Table {
            labels: specs.iter().map(|s| s.label.to_string()).collect(),
            aligns: specs.iter().map(|s| s.align).collect(),
            widths,
        }
    }

    /// The columns' widths, left to right.
    #[cfg(test)]
    pub fn widths(&self) -> &[f32] {
        &self.widths
    }

    /// Height of the header row.
    pub fn header_height(&self, w: &PageWriter<'_>) -> f32 {
        let labels: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        self.height(&self.wrap(w, &labels, Table::HEADER), Table::HEADER)
    }

    /// Height of a row of `cells`.
    pub fn row_height(&self, w: &PageWriter<'_>, cells: &[&str]) -> f32 {
        self.height(&self.wrap(w, cells, Table::CELL), Table::CELL)
    }

    /// Draws the header row at the cursor (no page break: call it where it fits, e.g. from a
    /// page header or after [`PageWriter::ensure_space`]).
    pub fn header(&self, w: &mut PageWriter<'_>) {
        let labels: Vec<&str> = self.labels.iter().map(String::as_str).collect();
        let lines = self.wrap(w, &labels, Table::HEADER);
        let height = self.height(&lines, Table::HEADER);
        let top = w.y();
        w.fill_rect(MARGIN_X, top - height, w.content_width(), height, 0.9);
        self.draw(w, top, &lines, Table::HEADER);
        w.hline(MARGIN_X, MARGIN_X + w.content_width(), top - height, 0.8, 0.3);
        w.gap(height);
    }

    /// Draws one row at the cursor, on the next page (with its header) if it does not fit; a
    /// row taller than a page continues on the next one.
    pub fn row(&self, w: &mut PageWriter<'_>, cells: &[&str]) {
        let mut lines = self.wrap(w, cells, Table::CELL);
        let line_height = Table::CELL.line_height();
        w.ensure_space(self.height(&lines, Table::CELL));
        loop {
            let count = lines.iter().map(Vec::len).max().unwrap_or(0);
            let fits = ((w.remaining() - 2.0 * PAD_Y) / line_height).floor().max(1.0) as usize;
            let rest: Vec<Vec<String>> = lines.iter_mut().map(|cell| cell.split_off(fits.min(count).min(cell.len()))).collect();
            let height = self.height(&lines, Table::CELL);
            w.block(height, |w, top| {
                self.draw(w, top, &lines, Table::CELL);
                w.hline(MARGIN_X, MARGIN_X + w.content_width(), top - height, 0.4, 0.8);
            });
            if rest.iter().all(Vec::is_empty) {
                return;
            }
            w.new_page();
            lines = rest;
        }
    }

    /// Each cell's text wrapped to its column.
    fn wrap(&self, w: &PageWriter<'_>, cells: &[&str], style: TextStyle) -> Vec<Vec<String>> {
        self.widths
            .iter()
            .zip(cells.iter().chain(std::iter::repeat(&"")))
            .map(|(width, cell)| {
                let lines = w.wrap(cell.trim(), style, width - 2.0 * PAD_X);
                if lines.len() == 1 && lines[0].is_empty() {
                    Vec::new()
                } else {
                    lines
                }
            })
            .collect()
    }

    fn height(&self, lines: &[Vec<String>], style: TextStyle) -> f32 {
        lines.iter().map(Vec::len).max().unwrap_or(0).max(1) as f32 * style.line_height() + 2.0 * PAD_Y
    }

    /// Draws wrapped cells from `top` down.
    fn draw(&self, w: &mut PageWriter<'_>, top: f32, lines: &[Vec<String>], style: TextStyle) {
        let mut x = MARGIN_X;
        for ((cell, width), align) in lines.iter().zip(&self.widths).zip(&self.aligns) {
            let mut baseline = top - PAD_Y - style.size;
            for line in cell {
                let left = match align {
                    Align::Left => x + PAD_X,
                    Align::Right => x + width - PAD_X - w.width(line, style),
                };
                w.text_at(left, baseline, line, style);
                baseline -= style.line_height();
            }
            x += width;
        }
    }
}

#[cfg(test)]
mod tests {
    use printpdf::PdfDocument;

    use super::*;
    use crate::fonts::DocFonts;

    fn spec(label: &str, align: Align, min: f32, max: f32, flex: bool) -> ColumnSpec<'_> {
        ColumnSpec { label, align, min, max, flex }
    }

    #[test]
    fn columns_follow_their_content_and_the_flexible_one_takes_the_rest() {
        let fonts = DocFonts::register(&mut PdfDocument::new("test"), false).expect("fonts");
        let w = PageWriter::new(&fonts);
        let specs = [
            spec("Code", Align::Left, 20.0, 80.0, false),
            spec("Description", Align::Left, 120.0, 0.0, true),
            spec("Total", Align::Right, 20.0, 60.0, false),
        ];
        let table = Table::new(&w, &specs, &[vec!["A1", "Consultation", "EUR 1,234,567,890.00"]]);
        let widths = table.widths();
        assert!(widths[0] < 40.0, "{widths:?}");
        assert_eq!(widths[2], 60.0, "capped: the amount wraps");
        assert!((widths.iter().sum::<f32>() - w.content_width()).abs() < 0.01, "{widths:?}");
        assert!(table.row_height(&w, &["A1", "Consultation", "EUR 1,234,567,890.00"]) > table.row_height(&w, &["A1"]));

        // Columns that would squeeze the flexible one below its minimum shrink instead.
        let wide = [spec("A", Align::Left, 300.0, 300.0, false), spec("B", Align::Left, 300.0, 0.0, true)];
        let widths = Table::new(&w, &wide, &[]).widths().to_vec();
        assert!(widths[1] >= 300.0 && (widths.iter().sum::<f32>() - w.content_width()).abs() < 0.01, "{widths:?}");
    }

    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next() {
        let fonts = DocFonts::register(&mut PdfDocument::new("test"), false).expect("fonts");
        let mut w = PageWriter::new(&fonts);
        let table = Table::new(&w, &[spec("Text", Align::Left, 100.0, 0.0, true)], &[]);
        let long = (0..150).map(|i| format!("line{i}")).collect::<Vec<_>>().join("\n");
        table.row(&mut w, &[&long]);
        assert!(w.y() >= crate::layout::MARGIN_BOTTOM);
        assert_eq!(w.finish().len(), 3);
    }
}
