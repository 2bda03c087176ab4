//! A plotters drawing backend that writes an SVG document in which text is drawn as glyph
//! outlines of the bundled font (each glyph defined once in `<defs>`, placed with `<use>`), so
//! that the chart looks the same in every browser and print tool, with no font installed.
//!
//! The document has no XML prolog (it is inlined into the HTML report), no external reference,
//! ids prefixed by the chart's name (several charts share one page), and coordinates written
//! with at most two decimals: the same drawing gives the same bytes.

use super::font::{self, Turn};
pub(crate) use super::svg_text::{escape, num};
use super::svg_text::{offset, paint, points, stroke};
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};
use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt::Write;

/// The SVG backend; `present` writes the document to the string it was given.
pub(crate) struct SvgBackend<'a> {
    /// Where `present` writes the document.
    out: &'a mut String,
    size: (u32, u32),
    /// Prefix of every id ("top_destinations").
    id: String,
    title: String,
    desc: String,
    defs: String,
    body: String,
    /// (bold, glyph id, size in hundredths) → number of its `<path>` in defs.
    glyphs: BTreeMap<(bool, u16, u32), usize>,
    /// The ring of the `<polygon>` that ends the body, so that an outline drawn right after
    /// it along the same ring (a map's borders) becomes its stroke instead of a second copy.
    last_polygon: Option<(usize, Vec<BackendCoord>)>,
}

type Failure = DrawingErrorKind<Infallible>;

impl<'a> SvgBackend<'a> {
    pub fn new(out: &'a mut String, size: (u32, u32), id: &str, title: &str, desc: &str) -> Self {
        SvgBackend {
            out,
            size,
            id: id.to_string(),
            title: title.to_string(),
            desc: desc.to_string(),
            defs: String::new(),
            body: String::new(),
            glyphs: BTreeMap::new(),
            last_polygon: None,
        }
    }

    /// The whole document.
    fn document(&self) -> String {
        let (w, h) = self.size;
        let id = &self.id;
        let mut out = String::with_capacity(self.defs.len() + self.body.len() + 512);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\n<title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
            escape(&self.title),
            escape(&self.desc)
        );
        if !self.defs.is_empty() {
            out.push_str("<defs>\n");
            out.push_str(&self.defs);
            out.push_str("</defs>\n");
        }
        out.push_str(&self.body);
        out.push_str("</svg>\n");
        out
    }

    /// The id of the `<path>` drawing glyph `glyph` of the face at `size`, defining it first.
    fn glyph_ref(&mut self, bold: bool, glyph: ab_glyph::GlyphId, size: f32) -> Option<String> {
        let key = (bold, glyph.0, (size * 100.0).round() as u32);
        if let Some(n) = self.glyphs.get(&key) {
            return Some(format!("{}-g{n}", self.id));
        }
        let d = font::outline_path(bold, glyph, size, num)?;
        let n = self.glyphs.len();
        self.glyphs.insert(key, n);
        let _ = writeln!(self.defs, "<path id=\"{}-g{n}\" d=\"{d}\"/>", self.id);
        Some(format!("{}-g{n}", self.id))
    }
}

/// Draws with `draw` on a fresh SVG canvas and returns the document.
pub(crate) fn render<F>(
    size: (u32, u32),
    id: &str,
    title: &str,
    desc: &str,
    draw: F,
) -> Result<String, String>
where
    F: FnOnce(&DrawingArea<SvgBackend<'_>, Shift>) -> Result<(), DrawingAreaErrorKind<Infallible>>,
{
    let mut out = String::new();
    {
        let root = SvgBackend::new(&mut out, size, id, title, desc).into_drawing_area();
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

impl DrawingBackend for SvgBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), Failure> {
        let document = self.document();
        *self.out = document;
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        if color.alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\"{}/>",
                point.0,
                point.1,
                paint("fill", color)
            );
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        if style.color().alpha > 0.0 {
            let o = offset(style.stroke_width());
            let _ = writeln!(
                self.body,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                num(from.0 as f32 + o),
                num(from.1 as f32 + o),
                num(to.0 as f32 + o),
                num(to.1 as f32 + o),
                stroke(style)
            );
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let (x0, x1) = (
            upper_left.0.min(bottom_right.0),
            upper_left.0.max(bottom_right.0),
        );
        let (y0, y1) = (
            upper_left.1.min(bottom_right.1),
            upper_left.1.max(bottom_right.1),
        );
        if fill {
            // The bitmap fills [x0, x1) × [y0, y1).
            let _ = writeln!(
                self.body,
                "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\"{}/>",
                x1 - x0,
                y1 - y0,
                paint("fill", style.color())
            );
        } else {
            let o = offset(style.stroke_width());
            let _ = writeln!(
                self.body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\"{}/>",
                num(x0 as f32 + o),
                num(y0 as f32 + o),
                x1 - x0,
                y1 - y0,
                stroke(style)
            );
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let path: Vec<BackendCoord> = path.into_iter().collect();
        if let Some((end, ring)) = self.last_polygon.take() {
            let closes = path.len() == ring.len() + 1 && path[..ring.len()] == ring[..];
            if closes && path.last() == ring.first() && self.body.len() == end {
                self.body.truncate(self.body.len() - 3);
                let _ = writeln!(self.body, " stroke-linejoin=\"round\"{}/>", stroke(style));
                return Ok(());
            }
        }
        let o = offset(style.stroke_width());
        let points = points(path, o);
        let _ = writeln!(
            self.body,
            "<polyline points=\"{points}\" fill=\"none\" stroke-linejoin=\"round\"{}/>",
            stroke(style)
        );
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let look = if fill {
            paint("fill", style.color())
        } else {
            format!(" fill=\"none\"{}", stroke(style))
        };
        let _ = writeln!(
            self.body,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\"{look}/>",
            num(center.0 as f32 + 0.5),
            num(center.1 as f32 + 0.5)
        );
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        if style.color().alpha == 0.0 {
            return Ok(());
        }
        let ring: Vec<BackendCoord> = vert.into_iter().collect();
        // plotters' rasteriser fills by crossings (even-odd); say the same to the SVG reader.
        let _ = writeln!(
            self.body,
            "<polygon points=\"{}\" fill-rule=\"evenodd\"{}/>",
            points(ring.iter().copied(), 0.0),
            paint("fill", style.color())
        );
        self.last_polygon = Some((self.body.len(), ring));
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 || text.trim().is_empty() {
            return Ok(());
        }
        let run = font::run(text, style);
        let mut uses = String::new();
        for (glyph, x, y) in run.placed(pos) {
            let Some(href) = self.glyph_ref(run.bold, glyph, run.size) else {
                continue; // a space: nothing to draw
            };
            let _ = writeln!(
                uses,
                "<use href=\"#{href}\" x=\"{}\" y=\"{}\"/>",
                num(x),
                num(y)
            );
        }
        let place = match run.turn {
            Turn::None => String::new(),
            turn => format!(
                " transform=\"translate({} {}) rotate({})\"",
                pos.0,
                pos.1,
                turn.degrees()
            ),
        };
        let _ = write!(
            self.body,
            "<g{}{place}>\n{uses}</g>\n",
            paint("fill", color)
        );
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Failure> {
        Ok(font::style_box_size(text, style))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::prelude::*;

    fn tiny() -> String {
        super::super::font::register();
        render(
            (400, 200),
            "t",
            "A <title> & more",
            "Alt \"text\"",
            |root| {
                root.fill(&WHITE)?;
                root.draw(&Rectangle::new(
                    [(10, 10), (60, 90)],
                    RGBColor(0, 114, 178).filled(),
                ))?;
                root.draw(&PathElement::new(vec![(0, 100), (399, 100)], BLACK))?;
                root.draw(&Circle::new((200, 50), 5, RED.filled()))?;
                root.draw(&Polygon::new(
                    vec![(1, 1), (30, 1), (15, 20)],
                    GREEN.filled(),
                ))?;
                let style = TextStyle::from(("sans-serif", 24).into_font()).color(&BLACK);
                root.draw(&Text::new("Gégé 1 234", (100, 120), style.clone()))?;
                let turned = style.transform(FontTransform::Rotate270);
                root.draw(&Text::new("Axe", (20, 150), turned))?;
                Ok(())
            },
        )
        .unwrap()
    }

    #[test]
    fn a_tiny_drawing_is_a_well_formed_self_contained_svg() {
        let svg = tiny();
        assert!(
            svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 200\"")
        );
        assert!(svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<title").count(), 1);
        assert!(svg.contains("<title id=\"t-title\">A &lt;title&gt; &amp; more</title>"));
        assert!(svg.contains("<desc id=\"t-desc\">Alt &quot;text&quot;</desc>"));
        assert!(!svg.contains("<text"));
        assert_eq!(svg.matches("http").count(), 1, "only the namespace");
        // No "-0" as a whole number ("-0.43" is fine).
        let bytes = svg.as_bytes();
        for (i, _) in svg.match_indices("-0") {
            assert_eq!(bytes.get(i + 2), Some(&b'.'), "-0 at {i}");
        }
        // "Gégé 1 234" has 8 visible glyphs (é twice: defined once), "Axe" 3.
        assert_eq!(svg.matches("<use ").count(), 11);
        assert!(svg.contains("rotate(-90)"));
        // Balanced tags: every opening tag that is not self-closed is closed.
        for tag in ["svg", "title", "desc", "defs", "g"] {
            let open =
                svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
            assert_eq!(open, svg.matches(&format!("</{tag}>")).count(), "<{tag}>");
        }
        assert_eq!(svg.matches('<').count(), svg.matches('>').count());
    }

    #[test]
    fn glyphs_are_defined_once_and_the_output_is_stable() {
        let svg = tiny();
        assert_eq!(
            svg.matches("id=\"t-g").count(),
            svg.matches("<path").count()
        );
        assert_eq!(svg, tiny());
    }

    #[test]
    fn an_outline_along_a_filled_ring_becomes_its_stroke() {
        let svg = render((100, 100), "m", "t", "d", |root| {
            let ring = vec![(10, 10), (90, 10), (50, 80)];
            root.draw(&Polygon::new(ring.clone(), BLUE.filled()))?;
            let mut edge = ring.clone();
            edge.push(ring[0]);
            root.draw(&PathElement::new(edge.clone(), WHITE))?;
            // Not right after its polygon: drawn as a line of its own.
            root.draw(&PathElement::new(edge, BLACK))?;
            Ok(())
        })
        .unwrap();
        assert_eq!(svg.matches("<polygon").count(), 1);
        assert!(svg.contains(
            "fill=\"#0000ff\" stroke-linejoin=\"round\" stroke=\"#ffffff\" stroke-width=\"1\"/>"
        ));
        assert_eq!(svg.matches("<polyline").count(), 1);
    }

    #[test]
    fn numbers_have_two_decimals_at_most() {
        assert_eq!(num(0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-1.23456), "-1.23");
        assert_eq!(num(7.0), "7");
        assert_eq!(num(0.05), "0.05");
    }
}
