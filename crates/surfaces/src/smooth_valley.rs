//! Smooth Valley: an elongated convex bowl.
//!
//! `f(x, y) = 0.1·x² + y²`, `∇f = (0.2·x, 2·y)`.
//!
//! Domain `[−5, 5] × [−3, 3]`. One critical point: the global minimum `(0, 0)`, `f = 0`.
//! The curvature along y is ten times that along x, so plain gradient descent moves quickly
//! across the valley and slowly along it.

use crate::{CriticalKind, CriticalPoint, Domain, Surface};

/// `f(x, y) = 0.1·x² + y²` on `[−5, 5] × [−3, 3]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmoothValley;

const CRITICAL: [CriticalPoint; 1] = [CriticalPoint::new(
    CriticalKind::GlobalMinimum,
    0.0,
    0.0,
    0.0,
)];

impl Surface for SmoothValley {
    fn name(&self) -> &'static str {
        "smooth-valley"
    }

    fn title(&self) -> &'static str {
        "Smooth Valley"
    }

    fn formula(&self) -> &'static str {
        "f(x, y) = 0.1·x² + y²"
    }

    fn domain(&self) -> Domain {
        Domain::new(-5.0, 5.0, -3.0, 3.0)
    }

    fn critical_points(&self) -> &'static [CriticalPoint] {
        &CRITICAL
    }

    fn value(&self, x: f64, y: f64) -> f64 {
        0.1 * x * x + y * y
    }

    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        [0.2 * x, 2.0 * y]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_computed_points() {
        assert_eq!(SmoothValley.value(0.0, 0.0), 0.0);
        assert!((SmoothValley.value(3.0, 2.0) - 4.9).abs() < 1e-15);
        assert!((SmoothValley.value(-5.0, -3.0) - 11.5).abs() < 1e-15);
        assert_eq!(SmoothValley.gradient(-5.0, 1.5), [-1.0, 3.0]);
    }
}
