//! The world map's geometry: country shapes from the world-data crate (Natural Earth), loaded
//! and projected with Equal Earth once per process, and the pixel work a view needs (fitting a
//! window into a rectangle, dropping points closer than a pixel and a half, clipping to an
//! inset, areas).

use std::sync::OnceLock;

/// Equal Earth, from Šavrič, B., Patterson, T. & Jenny, B. (2018), "The Equal Earth map
/// projection", International Journal of Geographical Information Science 33(3), 454–465,
/// doi:10.1080/13658816.2018.1504949 (equations 1–2). Longitude and latitude in degrees;
/// returns (x, y) in units of the Earth's radius, y pointing north.
pub(crate) fn equal_earth(lon: f64, lat: f64) -> (f64, f64) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let m = 3f64.sqrt() / 2.0;
    let (lambda, phi) = (lon.to_radians(), lat.to_radians());
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
        / (3.0 * (9.0 * A4 * t6 * t2 + 7.0 * A3 * t6 + 3.0 * A2 * t2 + A1));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x, y)
}

/// One country, projected: its outer rings (holes are other countries, drawn over it), its
/// area and the middle of its largest ring (where a circle marks it when it is too small).
pub(crate) struct Land {
    pub code: String,
    pub rings: Vec<Vec<(f32, f32)>>,
    /// In square projected units.
    pub area: f64,
    pub centre: (f32, f32),
}

impl Land {
    fn new(code: String, rings: Vec<Vec<(f32, f32)>>) -> Land {
        let areas: Vec<f64> = rings.iter().map(|r| unit_area(r)).collect();
        let largest = (0..rings.len()).max_by(|&a, &b| areas[a].total_cmp(&areas[b]));
        let centre = largest
            .map(|i| {
                let mut w = Window::empty();
                rings[i].iter().for_each(|p| w.include(*p));
                ((w.min.0 + w.max.0) / 2.0, (w.min.1 + w.max.1) / 2.0)
            })
            .unwrap_or((0.0, 0.0));
        Land {
            code,
            area: areas.iter().sum(),
            centre,
            rings,
        }
    }
}

/// The area of a ring of the projected plane.
fn unit_area(ring: &[(f32, f32)]) -> f64 {
    let n = ring.len();
    let twice: f64 = (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 as f64 * b.1 as f64 - b.0 as f64 * a.1 as f64
        })
        .sum();
    (twice / 2.0).abs()
}

/// Every country but Antarctica, largest first (enclaves are drawn over their surroundings),
/// and the bounds of them all, in projected units.
pub(crate) struct World {
    pub lands: Vec<Land>,
    pub window: Window,
}

/// A rectangle of the projected plane: (west, south) to (east, north).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub min: (f32, f32),
    pub max: (f32, f32),
}

impl Window {
    /// The projected bounds of a box of longitudes and latitudes (edges are sampled, as
    /// meridians are curves in Equal Earth).
    fn empty() -> Window {
        Window {
            min: (f32::MAX, f32::MAX),
            max: (f32::MIN, f32::MIN),
        }
    }

    pub fn of_degrees(west: f64, east: f64, south: f64, north: f64) -> Window {
        let mut w = Window::empty();
        for i in 0..=20 {
            let t = i as f64 / 20.0;
            let lat = south + (north - south) * t;
            let lon = west + (east - west) * t;
            for (lon, lat) in [(west, lat), (east, lat), (lon, south), (lon, north)] {
                let (x, y) = equal_earth(lon, lat);
                w.include((x as f32, y as f32));
            }
        }
        w
    }

    fn include(&mut self, (x, y): (f32, f32)) {
        self.min = (self.min.0.min(x), self.min.1.min(y));
        self.max = (self.max.0.max(x), self.max.1.max(y));
    }

    pub fn contains(&self, (x, y): (f32, f32)) -> bool {
        x >= self.min.0 && x <= self.max.0 && y >= self.min.1 && y <= self.max.1
    }
}

/// The countries, loaded and projected on first use (about 50 ms).
pub(crate) fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let data = world_data::load();
        let mut lands: Vec<(u32, Land)> = data
            .countries
            .into_iter()
            .filter(|(code, _)| code != "AQ")
            .map(|(code, country)| {
                let rings = country
                    .polygons
                    .iter()
                    .map(|p| {
                        p.exterior()
                            .coords()
                            .map(|c| {
                                let (x, y) = equal_earth(c.x as f64, c.y as f64);
                                (x as f32, y as f32)
                            })
                            .collect()
                    })
                    .collect();
                (country.area, Land::new(code, rings))
            })
            .collect();
        lands.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.code.cmp(&b.1.code)));
        let mut window = Window::empty();
        for p in lands.iter().flat_map(|l| l.1.rings.iter().flatten()) {
            window.include(*p);
        }
        World {
            lands: lands.into_iter().map(|l| l.1).collect(),
            window,
        }
    })
}

/// A window of the plane drawn into a pixel rectangle, keeping proportions (centred).
#[derive(Debug, Clone, Copy)]
pub(crate) struct View {
    pub window: Window,
    scale: f32,
    origin: (f32, f32),
    /// The pixel rectangle the drawing is clipped to, when it is an inset.
    pub clip: Option<((f32, f32), (f32, f32))>,
}

impl View {
    /// `window` fitted into the pixel rectangle `(left, top)`–`(right, bottom)`.
    pub fn fit(window: Window, (left, top): (i32, i32), (right, bottom): (i32, i32)) -> View {
        let (w, h) = ((right - left) as f32, (bottom - top) as f32);
        let (span_x, span_y) = (window.max.0 - window.min.0, window.max.1 - window.min.1);
        let scale = (w / span_x).min(h / span_y);
        View {
            window,
            scale,
            origin: (
                left as f32 + (w - span_x * scale) / 2.0,
                top as f32 + (h - span_y * scale) / 2.0,
            ),
            clip: None,
        }
    }

    /// An area of the projected plane in square pixels.
    pub fn px_area(&self, area: f64) -> f64 {
        area * (self.scale as f64).powi(2)
    }

    /// Whether a projected point shows in the view (inside its clip rectangle, if any).
    pub fn shows(&self, p: (f32, f32)) -> bool {
        let (x, y) = self.px(p);
        match self.clip {
            Some((lo, hi)) => x >= lo.0 && x <= hi.0 && y >= lo.1 && y <= hi.1,
            None => true,
        }
    }

    /// The pixel position of a projected point.
    pub fn px(&self, (x, y): (f32, f32)) -> (f32, f32) {
        (
            self.origin.0 + (x - self.window.min.0) * self.scale,
            self.origin.1 + (self.window.max.1 - y) * self.scale,
        )
    }

    /// A ring in pixels, clipped to the inset if any, with points closer than [`STEP`] to the
    /// last one kept dropped.
    pub fn ring(&self, ring: &[(f32, f32)]) -> Vec<(i32, i32)> {
        let pixels: Vec<(f32, f32)> = ring.iter().map(|p| self.px(*p)).collect();
        let pixels = match self.clip {
            Some((lo, hi)) => clip(&pixels, lo, hi),
            None => pixels,
        };
        simplify(pixels.into_iter())
    }
}

/// Points closer than this (in pixels, on both axes) to the last one kept are dropped.
const STEP: f32 = 1.5;

fn simplify(points: impl Iterator<Item = (f32, f32)>) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    let mut last: Option<(f32, f32)> = None;
    for p in points {
        if let Some(l) = last {
            if (p.0 - l.0).abs() < STEP && (p.1 - l.1).abs() < STEP {
                continue;
            }
        }
        last = Some(p);
        out.push((p.0.round() as i32, p.1.round() as i32));
    }
    out
}

/// Sutherland–Hodgman: the part of a ring inside the rectangle `lo`–`hi`.
fn clip(ring: &[(f32, f32)], lo: (f32, f32), hi: (f32, f32)) -> Vec<(f32, f32)> {
    let mut out = ring.to_vec();
    // Each edge of the rectangle: which side is inside, and where a segment crosses it.
    for edge in 0..4 {
        let inside = |p: (f32, f32)| match edge {
            0 => p.0 >= lo.0,
            1 => p.0 <= hi.0,
            2 => p.1 >= lo.1,
            _ => p.1 <= hi.1,
        };
        let cross = |a: (f32, f32), b: (f32, f32)| {
            let t = match edge {
                0 => (lo.0 - a.0) / (b.0 - a.0),
                1 => (hi.0 - a.0) / (b.0 - a.0),
                2 => (lo.1 - a.1) / (b.1 - a.1),
                _ => (hi.1 - a.1) / (b.1 - a.1),
            };
            (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1))
        };
        let input = std::mem::take(&mut out);
        for (i, &b) in input.iter().enumerate() {
            let a = input[(i + input.len() - 1) % input.len()];
            match (inside(a), inside(b)) {
                (true, true) => out.push(b),
                (true, false) => out.push(cross(a, b)),
                (false, true) => {
                    out.push(cross(a, b));
                    out.push(b);
                }
                (false, false) => {}
            }
        }
        if out.is_empty() {
            break;
        }
    }
    out
}

/// The area of a ring, in square pixels.
pub(crate) fn area(points: &[(i32, i32)]) -> f64 {
    let n = points.len();
    let twice: i64 = (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.0 as i64 * b.1 as i64 - b.0 as i64 * a.1 as i64
        })
        .sum();
    (twice as f64 / 2.0).abs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_earth_matches_the_papers_extent() {
        // The projection's edge: x = ±2.7066 at the equator, y = ±1.3174 at the poles.
        let (x, y) = equal_earth(180.0, 0.0);
        assert!((x - 2.7066).abs() < 1e-3 && y.abs() < 1e-12, "{x} {y}");
        let (x, y) = equal_earth(0.0, 90.0);
        assert!(x.abs() < 1e-12 && (y - 1.3174).abs() < 1e-3, "{x} {y}");
        let (x, y) = equal_earth(-90.0, -45.0);
        assert!(x < 0.0 && y < 0.0);
    }

    #[test]
    fn rings_are_thinned_clipped_and_measured() {
        // A 10 × 10 square with a point 1 px from a corner, which is dropped.
        let thin = simplify(
            [
                (0.0, 0.0),
                (1.0, 0.0),
                (10.0, 0.0),
                (10.0, 10.0),
                (0.0, 10.0),
            ]
            .into_iter(),
        );
        assert_eq!(thin, [(0, 0), (10, 0), (10, 10), (0, 10)]);
        assert_eq!(area(&thin), 100.0);
        let cut = clip(
            &[(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)],
            (5.0, -1.0),
            (20.0, 20.0),
        );
        let cut: Vec<(i32, i32)> = cut.iter().map(|p| (p.0 as i32, p.1 as i32)).collect();
        assert_eq!(area(&cut), 50.0);
        assert!(clip(
            &[(0.0, 0.0), (1.0, 0.0), (0.0, 1.0)],
            (5.0, 5.0),
            (6.0, 6.0)
        )
        .is_empty());
    }

    #[test]
    fn the_world_has_no_antarctica_and_fits_its_window() {
        let w = world();
        assert!(w.lands.len() > 200);
        assert!(w.lands.iter().all(|l| l.code != "AQ"));
        assert!(w.lands.iter().any(|l| l.code == "MT"));
        // Without Antarctica the map stops around 56° south.
        assert!(
            w.window.min.1 > -1.2 && w.window.max.1 > 1.2,
            "{:?}",
            w.window
        );
        let view = View::fit(w.window, (0, 0), (1000, 500));
        let (x, y) = view.px(w.window.min);
        assert!(x >= -0.01 && y <= 500.01);
    }
}
