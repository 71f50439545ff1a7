//! RMSprop: `s ← β·s + (1 − β)·g²; w ← w − η·g / (√s + ε)`, with ε outside the square root.

use crate::error::{HyperparameterError, check_decay, check_epsilon, check_learning_rate};
use crate::{
    DEFAULT_BETA, DEFAULT_EPSILON, Optimizer, OptimizerKind, StepError, prepare_state, ratio,
};

/// RMSprop's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmspropConfig {
    /// Learning rate η (no default). Finite and > 0.
    pub learning_rate: f64,
    /// Decay rate β of the moving average (default 0.9). In [0, 1).
    pub beta: f64,
    /// ε added to the root mean square (default 1e-8). Finite and ≥ 0.
    pub epsilon: f64,
}

impl RmspropConfig {
    /// A configuration with learning rate η and default β and ε.
    pub fn new(learning_rate: f64) -> Self {
        Self {
            learning_rate,
            beta: DEFAULT_BETA,
            epsilon: DEFAULT_EPSILON,
        }
    }
}

/// RMSprop with a per-coordinate moving average of squared gradients.
///
/// `s_t = β·s_{t−1} + (1 − β)·g_t²` (s₀ = 0), then `w_{t+1} = w_t − η / (√s_t + ε) · g_t`.
#[derive(Debug, Clone)]
pub struct Rmsprop {
    config: RmspropConfig,
    average: Vec<f64>,
}

impl Rmsprop {
    /// Builds RMSprop after validating its hyperparameters.
    pub fn new(config: RmspropConfig) -> Result<Self, HyperparameterError> {
        check_learning_rate(config.learning_rate)?;
        check_decay("beta", config.beta)?;
        check_epsilon(config.epsilon)?;
        Ok(Self {
            config,
            average: Vec::new(),
        })
    }
}

impl Optimizer for Rmsprop {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Rmsprop
    }

    fn step(&mut self, params: &mut [f64], gradient: &[f64]) -> Result<(), StepError> {
        prepare_state(params, gradient, &mut [&mut self.average])?;
        let RmspropConfig {
            learning_rate: eta,
            beta,
            epsilon,
        } = self.config;
        for ((w, &g), s) in params.iter_mut().zip(gradient).zip(&mut self.average) {
            *s = beta * *s + (1.0 - beta) * g * g;
            *w -= ratio(eta * g, s.sqrt() + epsilon);
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.average.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rmsprop(eta: f64, beta: f64, epsilon: f64) -> Rmsprop {
        Rmsprop::new(RmspropConfig {
            learning_rate: eta,
            beta,
            epsilon,
        })
        .unwrap()
    }

    #[test]
    fn first_two_steps_match_closed_form() {
        // β = 0.75, ε = 2. Coordinate 0: g = 4 then 2; coordinate 1: g = −8 then 4.
        // Step 1: s = 0.25·(16, 64) = (4, 16); √s + ε = (4, 6) → Δw = −η·(4/4, −8/6).
        // Step 2: s = 0.75·(4, 16) + 0.25·(4, 16) = (4, 16) → Δw = −η·(2/4, 4/6).
        // (ε inside the root would give 4/√6 at step 1 instead of 4/4.)
        let eta = 0.3;
        let mut opt = rmsprop(eta, 0.75, 2.0);
        let mut w = [0.0, 0.0];
        opt.step(&mut w, &[4.0, -8.0]).unwrap();
        assert!((w[0] + eta).abs() < 1e-15 && (w[1] - eta * 4.0 / 3.0).abs() < 1e-15);
        opt.step(&mut w, &[2.0, 4.0]).unwrap();
        assert!((w[0] + 1.5 * eta).abs() < 1e-15, "{w:?}");
        assert!(
            (w[1] - (eta * 4.0 / 3.0 - eta * 2.0 / 3.0)).abs() < 1e-15,
            "{w:?}"
        );
    }

    #[test]
    fn first_step_with_defaults() {
        // s = 0.1·g², so Δw = −η·g / (√0.1·|g| + 1e-8).
        let eta = 0.01;
        let mut opt = Rmsprop::new(RmspropConfig::new(eta)).unwrap();
        let mut w = [1.0];
        opt.step(&mut w, &[-5.0]).unwrap();
        let expected = 1.0 + eta * 5.0 / ((0.1f64 * 25.0).sqrt() + 1e-8);
        assert!((w[0] - expected).abs() < 1e-15, "{} vs {expected}", w[0]);
    }

    #[test]
    fn no_nan_on_zero_gradient() {
        for epsilon in [DEFAULT_EPSILON, 0.0] {
            let mut opt = rmsprop(0.1, 0.9, epsilon);
            let mut w = [2.0, -2.0];
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            assert_eq!(w, [2.0, -2.0], "epsilon = {epsilon}");
        }
    }

    #[test]
    fn coordinates_are_independent() {
        let grads = [[1.0, -7.0], [0.0, 3.0], [2.5, 0.125]];
        let mut joint = rmsprop(0.05, 0.9, DEFAULT_EPSILON);
        let mut w = [1.0, 2.0];
        for g in grads {
            joint.step(&mut w, &g).unwrap();
        }
        for i in 0..2 {
            let mut single = rmsprop(0.05, 0.9, DEFAULT_EPSILON);
            let mut wi = [[1.0, 2.0][i]];
            for g in grads {
                single.step(&mut wi, &[g[i]]).unwrap();
            }
            assert_eq!(wi[0], w[i]);
        }
    }

    #[test]
    fn rejects_beta_of_one() {
        let err = Rmsprop::new(RmspropConfig {
            beta: 1.0,
            ..RmspropConfig::new(0.1)
        })
        .unwrap_err();
        assert_eq!(err.field, "beta");
    }
}
