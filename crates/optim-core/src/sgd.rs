//! Stochastic gradient descent: `w ← w − η·g`.

use crate::error::{HyperparameterError, check_learning_rate};
use crate::{Optimizer, OptimizerKind, StepError};

/// SGD's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SgdConfig {
    /// Learning rate η (no default: each scene sets it). Finite and > 0.
    pub learning_rate: f64,
}

impl SgdConfig {
    /// A configuration with learning rate η.
    pub fn new(learning_rate: f64) -> Self {
        Self { learning_rate }
    }
}

/// Plain gradient descent: `w_{t+1} = w_t − η·∇L(w_t)`. It keeps no state.
#[derive(Debug, Clone)]
pub struct Sgd {
    learning_rate: f64,
}

impl Sgd {
    /// Builds SGD after validating its hyperparameters.
    pub fn new(config: SgdConfig) -> Result<Self, HyperparameterError> {
        Ok(Self {
            learning_rate: check_learning_rate(config.learning_rate)?,
        })
    }
}

impl Optimizer for Sgd {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Sgd
    }

    fn step(&mut self, params: &mut [f64], gradient: &[f64]) -> Result<(), StepError> {
        crate::prepare_state(params, gradient, &mut [])?;
        for (w, &g) in params.iter_mut().zip(gradient) {
            *w -= self.learning_rate * g;
        }
        Ok(())
    }

    fn reset(&mut self) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_two_steps_match_closed_form() {
        // η = 0.1, w0 = (1, −2); g1 = (0.5, −4) → w1 = (0.95, −1.6); g2 = (2, 1) → w2 = (0.75, −1.7).
        let mut opt = Sgd::new(SgdConfig::new(0.1)).unwrap();
        let mut w = [1.0, -2.0];
        opt.step(&mut w, &[0.5, -4.0]).unwrap();
        assert!(
            (w[0] - 0.95).abs() < 1e-15 && (w[1] + 1.6).abs() < 1e-15,
            "{w:?}"
        );
        opt.step(&mut w, &[2.0, 1.0]).unwrap();
        assert!(
            (w[0] - 0.75).abs() < 1e-15 && (w[1] + 1.7).abs() < 1e-15,
            "{w:?}"
        );
    }

    #[test]
    fn no_nan_on_zero_gradient() {
        let mut opt = Sgd::new(SgdConfig::new(0.5)).unwrap();
        let mut w = [3.0, -1.0];
        for _ in 0..3 {
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
        }
        assert_eq!(w, [3.0, -1.0]);
    }

    #[test]
    fn rejects_bad_learning_rate() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            let err = Sgd::new(SgdConfig::new(bad)).unwrap_err();
            assert_eq!(err.field, "learning_rate");
        }
    }
}
