//! Narrow Valley: Rosenbrock's banana function.
//!
//! `f(x, y) = (1 − x)² + 100·(y − x²)²`,
//! `∇f = (−2·(1 − x) − 400·x·(y − x²), 200·(y − x²))`.
//!
//! Domain `[−2, 2] × [−1, 3]`. One critical point: the global minimum `(1, 1)`, `f = 0`,
//! at the end of a long, curved, flat-floored valley along `y = x²`.

use crate::{CriticalKind, CriticalPoint, Domain, Surface};

/// Rosenbrock's function `(1 − x)² + 100·(y − x²)²` on `[−2, 2] × [−1, 3]`.
#[derive(Debug, Clone, Copy, Default)]
pub struct NarrowValley;

const CRITICAL: [CriticalPoint; 1] = [CriticalPoint::new(
    CriticalKind::GlobalMinimum,
    1.0,
    1.0,
    0.0,
)];

impl Surface for NarrowValley {
    fn name(&self) -> &'static str {
        "narrow-valley"
    }

    fn title(&self) -> &'static str {
        "Narrow Valley"
    }

    fn formula(&self) -> &'static str {
        "f(x, y) = (1 − x)² + 100·(y − x²)²"
    }

    fn domain(&self) -> Domain {
        Domain::new(-2.0, 2.0, -1.0, 3.0)
    }

    fn critical_points(&self) -> &'static [CriticalPoint] {
        &CRITICAL
    }

    fn value(&self, x: f64, y: f64) -> f64 {
        let a = 1.0 - x;
        let b = y - x * x;
        a * a + 100.0 * b * b
    }

    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        let b = y - x * x;
        [-2.0 * (1.0 - x) - 400.0 * x * b, 200.0 * b]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_computed_points() {
        assert_eq!(NarrowValley.value(1.0, 1.0), 0.0);
        assert_eq!(NarrowValley.value(0.0, 0.0), 1.0);
        // (−1, 1): (2)² + 100·0 = 4; (0, 1): 1 + 100 = 101.
        assert_eq!(NarrowValley.value(-1.0, 1.0), 4.0);
        assert_eq!(NarrowValley.value(0.0, 1.0), 101.0);
        // ∇f(0, 1) = (−2, 200); ∇f(−1, 1) = (−4, 0).
        assert_eq!(NarrowValley.gradient(0.0, 1.0), [-2.0, 200.0]);
        assert_eq!(NarrowValley.gradient(-1.0, 1.0), [-4.0, 0.0]);
    }
}
