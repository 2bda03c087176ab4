//! The PNG side: plotters' bitmap backend on an RGB buffer, with text drawn from the shared
//! layout of [`super::font`] (so that it sits where the SVG puts it), then encoded with the png
//! crate deterministically: 8-bit RGB, fixed compression and filter, no time or text chunks.

use super::font::{self, Turn};
use ab_glyph::{point, Font};
use plotters::backend::BitMapBackend;
use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The bitmap backend with the charts' own text drawing.
pub(crate) struct PngBackend<'a> {
    inner: BitMapBackend<'a>,
}

type BitmapError = <BitMapBackend<'static> as DrawingBackend>::ErrorType;
type Failure = DrawingErrorKind<BitmapError>;

/// Draws with `draw` on a white-less fresh RGB canvas of `size` and returns the PNG file.
pub(crate) fn render<F>(size: (u32, u32), draw: F) -> Result<Vec<u8>, String>
where
    F: FnOnce(&DrawingArea<PngBackend<'_>, Shift>) -> Result<(), DrawingAreaErrorKind<BitmapError>>,
{
    let mut rgb = vec![0u8; size.0 as usize * size.1 as usize * 3];
    {
        let root = PngBackend {
            inner: BitMapBackend::with_buffer(&mut rgb, size),
        }
        .into_drawing_area();
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    encode(&rgb, size).map_err(|e| e.to_string())
}

/// An RGB8 buffer as a PNG file; the same pixels always give the same bytes.
pub(crate) fn encode(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Default);
        encoder.set_filter(png::FilterType::Paeth);
        encoder.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

impl DrawingBackend for PngBackend<'_> {
    type ErrorType = BitmapError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Failure> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Failure> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failure> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failure> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failure> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let run = font::run(text, style);
        let face = font::face(run.bold);
        // Turned text is drawn in its own frame, then each pixel is turned a quarter at a time.
        for (id, x, y) in run.placed(pos) {
            let Some(outlined) = face
                .font
                .outline_glyph(id.with_scale_and_position(run.size, point(x, y)))
            else {
                continue;
            };
            let min = outlined.px_bounds().min;
            let (left, top) = (min.x as i32, min.y as i32);
            let mut pixels = Vec::new();
            outlined.draw(|gx, gy, coverage| {
                if coverage > 0.0 {
                    pixels.push((left + gx as i32, top + gy as i32, coverage.min(1.0)));
                }
            });
            for (i, j, coverage) in pixels {
                let (px, py) = match run.turn {
                    Turn::None => (i, j),
                    // The pixel's centre, turned around the anchor, lands in its new pixel.
                    turn => {
                        let (x, y) = turn.apply(i as f32 + 0.5, j as f32 + 0.5);
                        (pos.0 + x.floor() as i32, pos.1 + y.floor() as i32)
                    }
                };
                self.inner
                    .draw_pixel((px, py), color.mix(coverage as f64))?;
            }
        }
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

    fn picture() -> Vec<u8> {
        super::super::font::register();
        render((1600, 900), |root| {
            root.fill(&WHITE)?;
            root.draw(&Rectangle::new(
                [(100, 100), (300, 800)],
                RGBColor(0, 114, 178).filled(),
            ))?;
            let style = TextStyle::from(("sans-serif", 40).into_font()).color(&BLACK);
            root.draw(&Text::new("Mobilités 2024-2025", (400, 100), style.clone()))?;
            root.draw(&Text::new(
                "Axe",
                (50, 450),
                style.transform(FontTransform::Rotate270),
            ))?;
            Ok(())
        })
        .unwrap()
    }

    #[test]
    fn the_png_decodes_to_the_stated_size_and_is_not_blank() {
        let bytes = picture();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        assert_eq!((info.width, info.height), (1600, 900));
        assert_eq!(info.color_type, png::ColorType::Rgb);
        let pixels = &buf[..info.buffer_size()];
        let first = &pixels[..3];
        assert!(pixels.chunks(3).any(|p| p != first), "all one colour");
        // Text was drawn: dark pixels right of the bar, in the title's row.
        let dark = |x: usize, y: usize| pixels[(y * 1600 + x) * 3] < 100;
        assert!((400..800).any(|x| (100..140).any(|y| dark(x, y))));
        // The turned axis title lies left of its anchor's column, reading upwards.
        assert!((50..80).any(|x| (400..450).any(|y| dark(x, y))));
    }

    #[test]
    fn the_same_drawing_gives_the_same_bytes() {
        assert_eq!(picture(), picture());
    }
}
