//! The surface as a coloured field: sampling, the value scale (linear or logarithmic), the
//! isoline levels, the colormap, and isolines by marching squares.

use plotters::style::RGBColor;
use plotters::style::colors::colormaps::{ColorMap, ViridisRGB};

use crate::canvas::Rgb;

/// How values map to colours and where the isolines go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Colour proportional to the value; isolines evenly spaced.
    Linear,
    /// Colour proportional to `ln(f − floor + offset)`; isolines at floor + 1, 2, 5 × 10ᵏ.
    /// Used when most of the domain sits close to the minimum (values spanning decades).
    Log {
        /// Added before taking the logarithm so the minimum itself stays finite.
        offset: f64,
    },
}

/// A fitted value scale: the range of the field and how it maps to [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueScale {
    /// Linear or logarithmic.
    pub scale: Scale,
    /// The lowest value (the surface's global minimum if known, else the sampled minimum).
    pub floor: f64,
    /// The highest sampled value.
    pub ceiling: f64,
}

impl ValueScale {
    /// Fits a scale to sampled values; `known_min` is the surface's minimum if it has one in view.
    ///
    /// Logarithmic when the median lies in the lowest tenth of the range, linear otherwise
    /// (signed surfaces such as peaks stay linear).
    pub fn fit(samples: &[f64], known_min: Option<f64>) -> Self {
        let mut sorted: Vec<f64> = samples.iter().copied().filter(|v| v.is_finite()).collect();
        sorted.sort_by(f64::total_cmp);
        let (lo, hi) = match (sorted.first(), sorted.last()) {
            (Some(&lo), Some(&hi)) => (lo, hi),
            _ => (0.0, 1.0),
        };
        let floor = known_min.map_or(lo, |m| m.min(lo));
        let ceiling = if hi > floor { hi } else { floor + 1.0 };
        let median = sorted.get(sorted.len() / 2).copied().unwrap_or(floor);
        let skewed = (median - floor) / (ceiling - floor) < 0.1;
        let scale = if skewed {
            Scale::Log {
                offset: (ceiling - floor) * 1e-4,
            }
        } else {
            Scale::Linear
        };
        Self {
            scale,
            floor,
            ceiling,
        }
    }

    /// The value mapped to [0, 1] (clamped).
    pub fn normalized(&self, f: f64) -> f64 {
        let t = match self.scale {
            Scale::Linear => (f - self.floor) / (self.ceiling - self.floor),
            Scale::Log { offset } => {
                let lo = offset.ln();
                let hi = (self.ceiling - self.floor + offset).ln();
                (((f - self.floor).max(0.0) + offset).ln() - lo) / (hi - lo)
            }
        };
        if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) }
    }

    /// Values of the isolines, in increasing order, strictly inside the range.
    pub fn levels(&self) -> Vec<f64> {
        let span = self.ceiling - self.floor;
        match self.scale {
            Scale::Linear => {
                let step = nice_step(span / 16.0);
                let first = (self.floor / step).floor() as i64 + 1;
                (first..)
                    .map(|k| k as f64 * step)
                    .take_while(|&v| v < self.ceiling)
                    .filter(|&v| v > self.floor)
                    .collect()
            }
            Scale::Log { offset } => {
                let mut levels = Vec::new();
                let mut decade = 10f64.powf((offset * 2.0).log10().floor());
                while decade < span {
                    for m in [1.0, 2.0, 5.0] {
                        let d = m * decade;
                        if d >= offset * 2.0 && d < span {
                            levels.push(self.floor + d);
                        }
                    }
                    decade *= 10.0;
                }
                levels
            }
        }
    }
}

/// The "nice" step (1, 2 or 5 × 10ᵏ) closest above `raw`.
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let decade = 10f64.powf(raw.log10().floor());
    let m = raw / decade;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * decade
}

/// A 1024-entry lookup table of the viridis colormap, lightened towards white by `lighten`.
#[derive(Debug, Clone)]
pub struct Colormap {
    lut: Vec<Rgb>,
}

impl Colormap {
    /// Viridis (plotters' colormap), each colour mixed with white by `lighten` in [0, 1].
    pub fn viridis(lighten: f64) -> Self {
        let lut = (0..1024)
            .map(|i| {
                let u = f64::from(i) / 1023.0;
                let RGBColor(r, g, b) =
                    <ViridisRGB as ColorMap<RGBColor, f64>>::get_color_normalized(
                        &ViridisRGB,
                        u,
                        0.0,
                        1.0,
                    );
                let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * lighten).round() as u8;
                [mix(r), mix(g), mix(b)]
            })
            .collect();
        Self { lut }
    }

    /// The colour of a normalized value in [0, 1].
    pub fn color(&self, u: f64) -> Rgb {
        let i = (u.clamp(0.0, 1.0) * 1023.0).round() as usize;
        self.lut[i]
    }
}

/// A line segment between two points.
pub type Segment = ((f64, f64), (f64, f64));

/// Isoline segments of `level` over a grid of `values` (`nx` × `ny`, row-major, row 0 on top),
/// in grid coordinates (column, row). Saddle cells are resolved by the cell's mean value.
pub fn isoline(values: &[f64], nx: usize, ny: usize, level: f64) -> Vec<Segment> {
    let mut out = Vec::new();
    if nx < 2 || ny < 2 || values.len() != nx * ny {
        return out;
    }
    let at = |i: usize, j: usize| values[j * nx + i];
    // Where along an edge from value a to value b the level is crossed.
    let cross = |a: f64, b: f64| {
        let d = b - a;
        if d == 0.0 {
            0.5
        } else {
            ((level - a) / d).clamp(0.0, 1.0)
        }
    };
    for j in 0..ny - 1 {
        for i in 0..nx - 1 {
            // Corners: top-left, top-right, bottom-right, bottom-left.
            let (tl, tr, br, bl) = (at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
            if !(tl.is_finite() && tr.is_finite() && br.is_finite() && bl.is_finite()) {
                continue;
            }
            let case = usize::from(tl > level) << 3
                | usize::from(tr > level) << 2
                | usize::from(br > level) << 1
                | usize::from(bl > level);
            if case == 0 || case == 15 {
                continue;
            }
            let (x, y) = (i as f64, j as f64);
            let top = (x + cross(tl, tr), y);
            let right = (x + 1.0, y + cross(tr, br));
            let bottom = (x + cross(bl, br), y + 1.0);
            let left = (x, y + cross(tl, bl));
            let centre_above = (tl + tr + br + bl) / 4.0 > level;
            let pairs: &[Segment] = match case {
                1 | 14 => &[(left, bottom)],
                2 | 13 => &[(bottom, right)],
                3 | 12 => &[(left, right)],
                4 | 11 => &[(top, right)],
                6 | 9 => &[(top, bottom)],
                7 | 8 => &[(left, top)],
                5 if centre_above => &[(left, top), (bottom, right)],
                5 => &[(left, bottom), (top, right)],
                10 if centre_above => &[(left, bottom), (top, right)],
                _ => &[(left, top), (bottom, right)],
            };
            out.extend_from_slice(pairs);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.13), 0.2);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(240.0), 500.0);
    }

    #[test]
    fn skewed_positive_fields_get_a_log_scale_and_signed_ones_linear() {
        // Rosenbrock-like: most values near 0, a few huge.
        let mut skewed: Vec<f64> = (0..1000).map(|i| f64::from(i) * 0.01).collect();
        skewed.extend([1000.0, 2500.0]);
        let s = ValueScale::fit(&skewed, Some(0.0));
        assert!(matches!(s.scale, Scale::Log { .. }), "{s:?}");
        let levels = s.levels();
        assert!(levels.contains(&1.0) && levels.contains(&2.0) && levels.contains(&1000.0));
        assert!(levels.windows(2).all(|w| w[0] < w[1]));

        let signed: Vec<f64> = (-65..=81).map(|i| f64::from(i) * 0.1).collect();
        let s = ValueScale::fit(&signed, Some(-6.5511));
        assert_eq!(s.scale, Scale::Linear);
        assert_eq!(s.floor, -6.5511);
        let levels = s.levels();
        assert_eq!(levels.first(), Some(&-6.0));
        assert_eq!(levels.last(), Some(&8.0));
    }

    #[test]
    fn normalized_is_monotone_and_clamped() {
        for scale in [Scale::Linear, Scale::Log { offset: 0.01 }] {
            let s = ValueScale {
                scale,
                floor: 0.0,
                ceiling: 100.0,
            };
            assert_eq!(s.normalized(0.0), 0.0);
            assert_eq!(s.normalized(100.0), 1.0);
            assert_eq!(s.normalized(-5.0), 0.0);
            assert_eq!(s.normalized(1e9), 1.0);
            assert_eq!(s.normalized(f64::NAN), 0.0);
            let a = s.normalized(1.0);
            let b = s.normalized(10.0);
            assert!(0.0 < a && a < b && b < 1.0, "{scale:?}");
        }
    }

    #[test]
    fn colormap_ends_are_viridis() {
        let c = Colormap::viridis(0.0);
        assert_eq!(c.color(0.0), [68, 1, 84]);
        assert_eq!(c.color(1.0), [254, 232, 37]);
        let light = Colormap::viridis(0.5);
        assert_eq!(light.color(0.0), [162, 128, 170]);
    }

    #[test]
    fn isoline_of_a_cone_is_a_closed_ring_at_the_right_radius() {
        // f = distance from the centre of a 41 × 41 grid; the level-10.3 isoline is a circle
        // (a level off the grid values, so no crossing sits exactly on a node).
        let n = 41;
        let values: Vec<f64> = (0..n * n)
            .map(|k| {
                let (i, j) = ((k % n) as f64, (k / n) as f64);
                (i - 20.0).hypot(j - 20.0)
            })
            .collect();
        let segs = isoline(&values, n, n, 10.3);
        assert!(segs.len() > 40);
        for (a, b) in &segs {
            for p in [a, b] {
                let r = (p.0 - 20.0).hypot(p.1 - 20.0);
                assert!((r - 10.3).abs() < 0.1, "point {p:?} at radius {r}");
            }
        }
        // Closed: every endpoint is shared by exactly two segments.
        let key = |p: &(f64, f64)| ((p.0 * 1e6).round() as i64, (p.1 * 1e6).round() as i64);
        let mut counts = std::collections::HashMap::new();
        for (a, b) in &segs {
            *counts.entry(key(a)).or_insert(0) += 1;
            *counts.entry(key(b)).or_insert(0) += 1;
        }
        assert!(counts.values().all(|&c| c == 2), "open isoline");
    }

    #[test]
    fn no_isoline_outside_the_range() {
        let values = vec![1.0, 2.0, 3.0, 4.0];
        assert!(isoline(&values, 2, 2, 10.0).is_empty());
        assert!(isoline(&values, 2, 2, 0.0).is_empty());
        assert_eq!(isoline(&values, 2, 2, 2.5).len(), 1);
    }
}
