//! Peaks and Valleys: MATLAB's `peaks` function.
//!
//! `f(x, y) = 3(1 − x)²·e^(−x² − (y+1)²) − 10(x/5 − x³ − y⁵)·e^(−x² − y²) − (1/3)·e^(−(x+1)² − y²)`
//!
//! With `e₁ = e^(−x² − (y+1)²)`, `e₂ = e^(−x² − y²)`, `e₃ = e^(−(x+1)² − y²)` and
//! `q = x/5 − x³ − y⁵`:
//!
//! - `∂f/∂x = −6(1 − x)·(1 + x(1 − x))·e₁ − 10·(1/5 − 3x² − 2x·q)·e₂ + (2/3)(x + 1)·e₃`
//! - `∂f/∂y = −6(1 − x)²(y + 1)·e₁ − 10·(−5y⁴ − 2y·q)·e₂ + (2/3)·y·e₃`
//!
//! Domain `[−3, 3]²`. Critical points inside it, found by Newton's method from a 61×61 grid
//! of starts and checked by the tests (gradient below 1e-9, Hessian sign):
//!
//! | kind | (x, y) | f |
//! |---|---|---|
//! | global minimum | (0.228279, −1.625535) | −6.551133 |
//! | local minimum | (−1.347396, 0.204519) | −3.049849 |
//! | local minimum | (0.296446, 0.320196) | −0.064936 |
//! | saddle | (−0.265938, 0.466740) | 0.788293 |
//! | saddle | (0.416323, −0.394145) | 0.408548 |
//! | saddle | (1.098273, 0.854461) | 2.249192 |
//! | maximum | (−0.009318, 1.581368) | 8.106214 |
//! | maximum | (−0.460025, −0.629197) | 3.776581 |
//! | maximum | (1.285685, −0.004848) | 3.592490 |

use crate::{CriticalKind, CriticalPoint, Domain, Surface};

/// MATLAB's `peaks` on `[−3, 3]²`.
#[derive(Debug, Clone, Copy, Default)]
pub struct PeaksAndValleys;

const CRITICAL: [CriticalPoint; 9] = [
    CriticalPoint::new(
        CriticalKind::GlobalMinimum,
        0.228_278_920_556_369,
        -1.625_534_957_499_996,
        -6.551_133_332_835_834,
    ),
    CriticalPoint::new(
        CriticalKind::LocalMinimum,
        -1.347_396_244_368_211,
        0.204_518_866_097_005,
        -3.049_849_402_800_26,
    ),
    CriticalPoint::new(
        CriticalKind::LocalMinimum,
        0.296_445_553_846_832,
        0.320_196_247_666_834,
        -0.064_935_868_255_527,
    ),
    CriticalPoint::new(
        CriticalKind::Saddle,
        -0.265_937_556_837_246,
        0.466_739_993_726_269,
        0.788_293_462_678_964,
    ),
    CriticalPoint::new(
        CriticalKind::Saddle,
        0.416_323_321_678_508,
        -0.394_145_098_402_425,
        0.408_547_924_594_137,
    ),
    CriticalPoint::new(
        CriticalKind::Saddle,
        1.098_272_834_335_093,
        0.854_460_979_524_752,
        2.249_191_661_526_932,
    ),
    CriticalPoint::new(
        CriticalKind::Maximum,
        -0.009_317_581_959_954,
        1.581_367_962_939,
        8.106_213_589_442_337,
    ),
    CriticalPoint::new(
        CriticalKind::Maximum,
        -0.460_024_518_034_387,
        -0.629_196_508_716_801,
        3.776_580_998_532_207,
    ),
    CriticalPoint::new(
        CriticalKind::Maximum,
        1.285_684_697_241_304,
        -0.004_847_559_075_594,
        3.592_489_918_002_753,
    ),
];

impl PeaksAndValleys {
    fn terms(x: f64, y: f64) -> (f64, [f64; 2]) {
        let e1 = (-x * x - (y + 1.0) * (y + 1.0)).exp();
        let e2 = (-x * x - y * y).exp();
        let e3 = (-(x + 1.0) * (x + 1.0) - y * y).exp();
        let a = 1.0 - x;
        let q = x / 5.0 - x * x * x - y.powi(5);
        let value = 3.0 * a * a * e1 - 10.0 * q * e2 - e3 / 3.0;
        let dx = -6.0 * a * (1.0 + x * a) * e1 - 10.0 * (0.2 - 3.0 * x * x - 2.0 * x * q) * e2
            + (2.0 / 3.0) * (x + 1.0) * e3;
        let dy = -6.0 * a * a * (y + 1.0) * e1 - 10.0 * (-5.0 * y.powi(4) - 2.0 * y * q) * e2
            + (2.0 / 3.0) * y * e3;
        (value, [dx, dy])
    }
}

impl Surface for PeaksAndValleys {
    fn name(&self) -> &'static str {
        "peaks-and-valleys"
    }

    fn title(&self) -> &'static str {
        "Peaks and Valleys"
    }

    fn formula(&self) -> &'static str {
        "f(x, y) = 3(1 − x)²·e^(−x² − (y+1)²) − 10(x/5 − x³ − y⁵)·e^(−x² − y²) − (1/3)·e^(−(x+1)² − y²)"
    }

    fn domain(&self) -> Domain {
        Domain::new(-3.0, 3.0, -3.0, 3.0)
    }

    fn critical_points(&self) -> &'static [CriticalPoint] {
        &CRITICAL
    }

    fn value(&self, x: f64, y: f64) -> f64 {
        Self::terms(x, y).0
    }

    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        Self::terms(x, y).1
    }

    fn value_and_gradient(&self, x: f64, y: f64) -> (f64, [f64; 2]) {
        Self::terms(x, y)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_at_hand_computed_points() {
        // (0, 0): 3·e⁻¹ − 0 − (1/3)·e⁻¹ = (8/3)·e⁻¹.
        let e = std::f64::consts::E;
        assert!((PeaksAndValleys.value(0.0, 0.0) - 8.0 / (3.0 * e)).abs() < 1e-15);
        // (1, −1): 0 − 10(1/5 − 1 + 1)·e⁻² − (1/3)·e⁻⁵ = −2e⁻² − e⁻⁵/3.
        let expected = -2.0 * (-2.0f64).exp() - (-5.0f64).exp() / 3.0;
        assert!((PeaksAndValleys.value(1.0, -1.0) - expected).abs() < 1e-15);
    }

    #[test]
    fn global_minimum_matches_the_known_value() {
        let p = CRITICAL[0];
        assert!((p.x - 0.2283).abs() < 1e-4 && (p.y + 1.6255).abs() < 1e-4);
        assert!((PeaksAndValleys.value(p.x, p.y) + 6.5511).abs() < 1e-4);
    }
}
