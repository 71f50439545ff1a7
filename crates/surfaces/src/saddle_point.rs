//! Saddle Point: a saddle at the origin between two symmetric minima.
//!
//! `f(x, y) = x² − y² + y⁴/4`, `∇f = (2·x, −2·y + y³)`.
//!
//! Domain `[−2.5, 2.5]²`. Critical points: the saddle `(0, 0)` with `f = 0`, and the two global
//! minima `(0, ±√2)` with `f = −1`. The x-axis is the saddle's stable direction: a run that
//! starts exactly on `y = 0` slides into the saddle and stays there.

use crate::{CriticalKind, CriticalPoint, Domain, Surface};

/// `f(x, y) = x² − y² + y⁴/4` on `[−2.5, 2.5]²`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SaddlePoint;

const CRITICAL: [CriticalPoint; 3] = [
    CriticalPoint::new(CriticalKind::Saddle, 0.0, 0.0, 0.0),
    CriticalPoint::new(
        CriticalKind::GlobalMinimum,
        0.0,
        std::f64::consts::SQRT_2,
        -1.0,
    ),
    CriticalPoint::new(
        CriticalKind::GlobalMinimum,
        0.0,
        -std::f64::consts::SQRT_2,
        -1.0,
    ),
];

impl Surface for SaddlePoint {
    fn name(&self) -> &'static str {
        "saddle-point"
    }

    fn title(&self) -> &'static str {
        "Saddle Point"
    }

    fn formula(&self) -> &'static str {
        "f(x, y) = x² − y² + y⁴/4"
    }

    fn domain(&self) -> Domain {
        Domain::new(-2.5, 2.5, -2.5, 2.5)
    }

    fn critical_points(&self) -> &'static [CriticalPoint] {
        &CRITICAL
    }

    fn value(&self, x: f64, y: f64) -> f64 {
        let y2 = y * y;
        x * x - y2 + 0.25 * y2 * y2
    }

    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        [2.0 * x, -2.0 * y + y * y * y]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_computed_points() {
        // (1, 2): 1 − 4 + 16/4 = 1; (0, 1): −1 + 1/4 = −0.75.
        assert_eq!(SaddlePoint.value(1.0, 2.0), 1.0);
        assert_eq!(SaddlePoint.value(0.0, 1.0), -0.75);
        // ∇f(1, 2) = (2, −4 + 8) = (2, 4).
        assert_eq!(SaddlePoint.gradient(1.0, 2.0), [2.0, 4.0]);
        assert_eq!(SaddlePoint.gradient(-1.5, 0.0), [-3.0, 0.0]);
    }
}
