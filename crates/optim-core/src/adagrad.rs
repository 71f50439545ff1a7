//! Adagrad: `s ← s + g²; w ← w − η·g / √(s + ε)`, with ε inside the square root.

use crate::error::{HyperparameterError, check_epsilon, check_learning_rate};
use crate::{DEFAULT_EPSILON, Optimizer, OptimizerKind, StepError, prepare_state, ratio};

/// Adagrad's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdagradConfig {
    /// Learning rate η (no default). Finite and > 0.
    pub learning_rate: f64,
    /// ε added to the cache inside the square root (default 1e-8). Finite and ≥ 0.
    pub epsilon: f64,
}

impl AdagradConfig {
    /// A configuration with learning rate η and the default ε.
    pub fn new(learning_rate: f64) -> Self {
        Self {
            learning_rate,
            epsilon: DEFAULT_EPSILON,
        }
    }
}

/// Adagrad with a per-coordinate cache of summed squared gradients.
///
/// `s_t = s_{t−1} + g_t²` (s₀ = 0), then `w_{t+1} = w_t − η / √(s_t + ε) · g_t`.
#[derive(Debug, Clone)]
pub struct Adagrad {
    config: AdagradConfig,
    cache: Vec<f64>,
}

impl Adagrad {
    /// Builds Adagrad after validating its hyperparameters.
    pub fn new(config: AdagradConfig) -> Result<Self, HyperparameterError> {
        check_learning_rate(config.learning_rate)?;
        check_epsilon(config.epsilon)?;
        Ok(Self {
            config,
            cache: Vec::new(),
        })
    }
}

impl Optimizer for Adagrad {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Adagrad
    }

    fn step(&mut self, params: &mut [f64], gradient: &[f64]) -> Result<(), StepError> {
        prepare_state(params, gradient, &mut [&mut self.cache])?;
        let AdagradConfig {
            learning_rate: eta,
            epsilon,
        } = self.config;
        for ((w, &g), s) in params.iter_mut().zip(gradient).zip(&mut self.cache) {
            *s += g * g;
            *w -= ratio(eta * g, (*s + epsilon).sqrt());
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.cache.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adagrad(eta: f64, epsilon: f64) -> Adagrad {
        Adagrad::new(AdagradConfig {
            learning_rate: eta,
            epsilon,
        })
        .unwrap()
    }

    #[test]
    fn first_two_steps_match_closed_form() {
        // ε = 7 makes the roots whole: coordinate 0 sees g = 3 then 3, coordinate 1 sees −3 then 0.
        // Step 1: s = (9, 9); √(9 + 7) = 4 → Δw = −η·(3/4, −3/4).
        // Step 2: s = (18, 9); √(18 + 7) = 5, √(9 + 7) = 4 → Δw = −η·(3/5, 0).
        // (ε outside the root would give 3/(3 + 7) instead of 3/4.)
        let eta = 0.2;
        let mut opt = adagrad(eta, 7.0);
        let mut w = [1.0, 1.0];
        opt.step(&mut w, &[3.0, -3.0]).unwrap();
        assert!(
            (w[0] - 0.85).abs() < 1e-15 && (w[1] - 1.15).abs() < 1e-15,
            "{w:?}"
        );
        let after_first = w[1];
        opt.step(&mut w, &[3.0, 0.0]).unwrap();
        assert!((w[0] - 0.73).abs() < 1e-15, "{w:?}");
        assert_eq!(w[1], after_first, "a zero gradient moves nothing");
    }

    #[test]
    fn first_step_with_default_epsilon() {
        let eta = 0.4;
        let mut opt = Adagrad::new(AdagradConfig::new(eta)).unwrap();
        let mut w = [0.0];
        opt.step(&mut w, &[2.0]).unwrap();
        assert_eq!(w[0], -(eta * 2.0 / (4.0f64 + 1e-8).sqrt()));
    }

    #[test]
    fn no_nan_on_zero_gradient() {
        for epsilon in [DEFAULT_EPSILON, 0.0] {
            let mut opt = adagrad(0.1, epsilon);
            let mut w = [0.5, -0.5];
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            assert_eq!(w, [0.5, -0.5], "epsilon = {epsilon}");
        }
    }

    #[test]
    fn coordinates_are_independent() {
        // Stepping (a, b) together equals stepping a and b each on their own.
        let grads = [[1.5, -0.25], [0.5, 2.0], [-3.0, 0.0]];
        let mut joint = adagrad(0.3, DEFAULT_EPSILON);
        let mut w = [0.7, -0.2];
        for g in grads {
            joint.step(&mut w, &g).unwrap();
        }
        for i in 0..2 {
            let mut single = adagrad(0.3, DEFAULT_EPSILON);
            let mut wi = [[0.7, -0.2][i]];
            for g in grads {
                single.step(&mut wi, &[g[i]]).unwrap();
            }
            assert_eq!(wi[0], w[i]);
        }
    }

    #[test]
    fn reset_forgets_the_cache() {
        let mut opt = adagrad(0.1, DEFAULT_EPSILON);
        let mut w = [0.0];
        opt.step(&mut w, &[1.0]).unwrap();
        opt.reset();
        let mut fresh = [0.0];
        opt.step(&mut fresh, &[1.0]).unwrap();
        assert_eq!(fresh, w);
    }

    #[test]
    fn rejects_bad_epsilon() {
        let err = Adagrad::new(AdagradConfig {
            learning_rate: 0.1,
            epsilon: -1.0,
        })
        .unwrap_err();
        assert_eq!(err.field, "epsilon");
    }
}
