//! Two-dimensional loss surfaces with analytic gradients.
//!
//! Each surface lives in its own module whose documentation gives its formula, its default
//! plotted domain and its critical points. Surfaces know nothing of optimizers or pixels.

mod narrow_valley;
mod peaks_and_valleys;
mod saddle_point;
mod smooth_valley;

pub use narrow_valley::NarrowValley;
pub use peaks_and_valleys::PeaksAndValleys;
pub use saddle_point::SaddlePoint;
pub use smooth_valley::SmoothValley;

/// A closed rectangle `[x_min, x_max] × [y_min, y_max]` of the plane.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Domain {
    /// Smallest x.
    pub x_min: f64,
    /// Largest x.
    pub x_max: f64,
    /// Smallest y.
    pub y_min: f64,
    /// Largest y.
    pub y_max: f64,
}

impl Domain {
    /// The rectangle `[x_min, x_max] × [y_min, y_max]`.
    pub const fn new(x_min: f64, x_max: f64, y_min: f64, y_max: f64) -> Self {
        Self {
            x_min,
            x_max,
            y_min,
            y_max,
        }
    }

    /// Whether every bound is finite and each minimum lies below its maximum.
    pub fn is_valid(&self) -> bool {
        [self.x_min, self.x_max, self.y_min, self.y_max]
            .iter()
            .all(|v| v.is_finite())
            && self.x_min < self.x_max
            && self.y_min < self.y_max
    }

    /// Whether `(x, y)` lies in the rectangle, edges included.
    pub fn contains(&self, x: f64, y: f64) -> bool {
        self.x_min <= x && x <= self.x_max && self.y_min <= y && y <= self.y_max
    }

    /// `x_max − x_min`.
    pub fn width(&self) -> f64 {
        self.x_max - self.x_min
    }

    /// `y_max − y_min`.
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }

    /// The rectangle with the same centre and each side `factor` times as long.
    pub fn scaled(&self, factor: f64) -> Self {
        let cx = 0.5 * (self.x_min + self.x_max);
        let cy = 0.5 * (self.y_min + self.y_max);
        let hw = 0.5 * self.width() * factor;
        let hh = 0.5 * self.height() * factor;
        Self::new(cx - hw, cx + hw, cy - hh, cy + hh)
    }
}

/// What kind of stationary point a [`CriticalPoint`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CriticalKind {
    /// The lowest value in the domain.
    GlobalMinimum,
    /// A local minimum that is not the global one.
    LocalMinimum,
    /// A saddle point: a minimum along one direction, a maximum along another.
    Saddle,
    /// A local maximum.
    Maximum,
}

impl CriticalKind {
    /// Whether this is a minimum, global or local.
    pub fn is_minimum(self) -> bool {
        matches!(self, Self::GlobalMinimum | Self::LocalMinimum)
    }
}

/// A point inside a surface's domain where its gradient vanishes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriticalPoint {
    /// What kind of point it is.
    pub kind: CriticalKind,
    /// Its x coordinate.
    pub x: f64,
    /// Its y coordinate.
    pub y: f64,
    /// The surface's value there.
    pub value: f64,
}

impl CriticalPoint {
    const fn new(kind: CriticalKind, x: f64, y: f64, value: f64) -> Self {
        Self { kind, x, y, value }
    }
}

/// A smooth function of two variables with its analytic gradient.
pub trait Surface: Send + Sync {
    /// Identifier used in scene files, e.g. `narrow-valley`.
    fn name(&self) -> &'static str;

    /// Human title, e.g. `Narrow Valley`.
    fn title(&self) -> &'static str;

    /// The formula as plain text, e.g. `f(x, y) = 0.1·x² + y²`.
    fn formula(&self) -> &'static str;

    /// The default plotted domain.
    fn domain(&self) -> Domain;

    /// Every minimum, saddle and maximum inside the default domain.
    fn critical_points(&self) -> &'static [CriticalPoint];

    /// f(x, y).
    fn value(&self, x: f64, y: f64) -> f64;

    /// ∇f(x, y) = [∂f/∂x, ∂f/∂y].
    fn gradient(&self, x: f64, y: f64) -> [f64; 2];

    /// f(x, y) and ∇f(x, y) together (overridden where they share work).
    fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        (self.value(x, y), self.gradient(x, y))
    }
}

/// Every built-in surface.
pub static ALL: [&dyn Surface; 4] = [&SmoothValley, &NarrowValley, &SaddlePoint, &PeaksAndValleys];

/// Looks a surface up by its identifier.
pub fn by_name(name: &str) -> Option<&'static dyn Surface> {
    ALL.iter().copied().find(|s| s.name() == name)
}

/// The identifiers of every built-in surface, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    ALL.iter().map(|s| s.name())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Central difference of `s` at `(x, y)` with a step scaled to the coordinates.
    fn numeric_gradient(s: &dyn Surface, x: f64, y: f64) -> [f64; 2] {
        let hx = 1e-6 * x.abs().max(1.0);
        let hy = 1e-6 * y.abs().max(1.0);
        [
            (s.value(x + hx, y) - s.value(x - hx, y)) / (2.0 * hx),
            (s.value(x, y + hy) - s.value(x, y - hy)) / (2.0 * hy),
        ]
    }

    fn assert_gradient_matches(s: &dyn Surface, x: f64, y: f64) {
        let analytic = s.gradient(x, y);
        let numeric = numeric_gradient(s, x, y);
        let scale = 1.0
            + s.value(x, y)
                .abs()
                .max(analytic[0].abs().max(analytic[1].abs()));
        for i in 0..2 {
            let err = (analytic[i] - numeric[i]).abs();
            assert!(
                err <= 1e-6 * scale,
                "{} at ({x}, {y}): ∂{i} analytic {} vs numeric {} (error {err:e})",
                s.name(),
                analytic[i],
                numeric[i]
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn analytic_gradient_matches_central_differences(
            which in 0usize..4,
            u in 0.0f64..=1.0,
            v in 0.0f64..=1.0,
        ) {
            let s = ALL[which];
            // Sample the domain enlarged by half so behaviour just outside it is covered too.
            let d = s.domain().scaled(1.5);
            let (x, y) = (d.x_min + u * d.width(), d.y_min + v * d.height());
            assert_gradient_matches(s, x, y);
        }

        #[test]
        fn value_and_gradient_agree_with_separate_calls(
            which in 0usize..4,
            x in -4.0f64..4.0,
            y in -4.0f64..4.0,
        ) {
            let s = ALL[which];
            let (value, gradient) = s.value_and_gradient(x, y);
            prop_assert_eq!(value.to_bits(), s.value(x, y).to_bits());
            prop_assert_eq!(gradient[0].to_bits(), s.gradient(x, y)[0].to_bits());
            prop_assert_eq!(gradient[1].to_bits(), s.gradient(x, y)[1].to_bits());
        }
    }

    #[test]
    fn gradient_vanishes_at_every_critical_point_with_the_listed_value() {
        for s in ALL {
            assert!(!s.critical_points().is_empty(), "{}", s.name());
            for p in s.critical_points() {
                let [gx, gy] = s.gradient(p.x, p.y);
                assert!(
                    gx.hypot(gy) < 1e-9,
                    "{} {:?}: gradient ({gx:e}, {gy:e})",
                    s.name(),
                    p
                );
                assert!(
                    (s.value(p.x, p.y) - p.value).abs() < 1e-12,
                    "{} {:?}",
                    s.name(),
                    p
                );
                assert!(s.domain().contains(p.x, p.y), "{} {:?}", s.name(), p);
            }
        }
    }

    #[test]
    fn critical_kinds_match_the_hessian() {
        // Classify by the finite-difference Hessian of the analytic gradient.
        for s in ALL {
            for p in s.critical_points() {
                let h = 1e-5;
                let gxp = s.gradient(p.x + h, p.y);
                let gxm = s.gradient(p.x - h, p.y);
                let gyp = s.gradient(p.x, p.y + h);
                let gym = s.gradient(p.x, p.y - h);
                let hxx = (gxp[0] - gxm[0]) / (2.0 * h);
                let hyy = (gyp[1] - gym[1]) / (2.0 * h);
                let hxy = (gyp[0] - gym[0]) / (2.0 * h);
                let det = hxx * hyy - hxy * hxy;
                let kind = if det < 0.0 {
                    "saddle"
                } else if hxx > 0.0 {
                    "minimum"
                } else {
                    "maximum"
                };
                let expected = match p.kind {
                    CriticalKind::Saddle => "saddle",
                    CriticalKind::Maximum => "maximum",
                    _ => "minimum",
                };
                assert_eq!(kind, expected, "{} {:?}", s.name(), p);
            }
        }
    }

    #[test]
    fn global_minima_are_lowest_on_a_dense_grid() {
        for s in ALL {
            let globals: Vec<_> = s
                .critical_points()
                .iter()
                .filter(|p| p.kind == CriticalKind::GlobalMinimum)
                .collect();
            assert!(!globals.is_empty(), "{}", s.name());
            assert!(
                globals
                    .iter()
                    .all(|p| (p.value - globals[0].value).abs() < 1e-12)
            );
            let locals_higher = s
                .critical_points()
                .iter()
                .filter(|p| p.kind != CriticalKind::GlobalMinimum)
                .all(|p| p.value > globals[0].value);
            assert!(locals_higher, "{}", s.name());
            let d = s.domain();
            let n = 400;
            for i in 0..=n {
                for j in 0..=n {
                    let x = d.x_min + d.width() * i as f64 / n as f64;
                    let y = d.y_min + d.height() * j as f64 / n as f64;
                    assert!(
                        s.value(x, y) >= globals[0].value - 1e-12,
                        "{} ({x}, {y})",
                        s.name()
                    );
                }
            }
        }
    }

    #[test]
    fn lookup_by_name() {
        let names: Vec<_> = names().collect();
        assert_eq!(
            names,
            [
                "smooth-valley",
                "narrow-valley",
                "saddle-point",
                "peaks-and-valleys"
            ]
        );
        for s in ALL {
            assert_eq!(by_name(s.name()).map(|t| t.title()), Some(s.title()));
        }
        assert!(by_name("Smooth Valley").is_none());
    }

    #[test]
    fn domain_helpers() {
        let d = Domain::new(-2.0, 2.0, -1.0, 3.0);
        assert!(d.is_valid());
        assert!(d.contains(2.0, -1.0) && !d.contains(2.1, 0.0));
        assert_eq!(d.scaled(10.0), Domain::new(-20.0, 20.0, -19.0, 21.0));
        assert!(!Domain::new(1.0, 1.0, 0.0, 1.0).is_valid());
        assert!(!Domain::new(0.0, f64::NAN, 0.0, 1.0).is_valid());
    }
}
