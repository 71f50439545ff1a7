//! Adam: moving averages of the gradient and its square, bias-corrected, ε inside the root.

use crate::error::{HyperparameterError, check_decay, check_epsilon, check_learning_rate};
use crate::{
    DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON, Optimizer, OptimizerKind, StepError,
    prepare_state, ratio,
};

/// Adam's hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamConfig {
    /// Learning rate η (no default). Finite and > 0.
    pub learning_rate: f64,
    /// Decay rate β₁ of the first moment (default 0.9). In [0, 1).
    pub beta1: f64,
    /// Decay rate β₂ of the second moment (default 0.999). In [0, 1).
    pub beta2: f64,
    /// ε added to the corrected second moment inside the square root (default 1e-8). Finite, ≥ 0.
    pub epsilon: f64,
}

impl AdamConfig {
    /// A configuration with learning rate η and default β₁, β₂ and ε.
    pub fn new(learning_rate: f64) -> Self {
        Self {
            learning_rate,
            beta1: DEFAULT_BETA1,
            beta2: DEFAULT_BETA2,
            epsilon: DEFAULT_EPSILON,
        }
    }
}

/// Adam with per-coordinate first and second moments.
///
/// With t = 1 on the first step and m₀ = v₀ = 0:
/// `m_t = β₁·m_{t−1} + (1 − β₁)·g_t`, `v_t = β₂·v_{t−1} + (1 − β₂)·g_t²`,
/// `m̂_t = m_t / (1 − β₁ᵗ)`, `v̂_t = v_t / (1 − β₂ᵗ)`, then `w_{t+1} = w_t − η·m̂_t / √(v̂_t + ε)`.
#[derive(Debug, Clone)]
pub struct Adam {
    config: AdamConfig,
    first: Vec<f64>,
    second: Vec<f64>,
    /// β₁ᵗ and β₂ᵗ for the current t, kept as running products (exact repeated multiplication).
    beta1_pow: f64,
    beta2_pow: f64,
}

impl Adam {
    /// Builds Adam after validating its hyperparameters.
    pub fn new(config: AdamConfig) -> Result<Self, HyperparameterError> {
        check_learning_rate(config.learning_rate)?;
        check_decay("beta1", config.beta1)?;
        check_decay("beta2", config.beta2)?;
        check_epsilon(config.epsilon)?;
        Ok(Self {
            config,
            first: Vec::new(),
            second: Vec::new(),
            beta1_pow: 1.0,
            beta2_pow: 1.0,
        })
    }
}

impl Optimizer for Adam {
    fn kind(&self) -> OptimizerKind {
        OptimizerKind::Adam
    }

    fn step(&mut self, params: &mut [f64], gradient: &[f64]) -> Result<(), StepError> {
        prepare_state(params, gradient, &mut [&mut self.first, &mut self.second])?;
        let AdamConfig {
            learning_rate: eta,
            beta1,
            beta2,
            epsilon,
        } = self.config;
        self.beta1_pow *= beta1;
        self.beta2_pow *= beta2;
        let correction1 = 1.0 - self.beta1_pow;
        let correction2 = 1.0 - self.beta2_pow;
        for (((w, &g), m), v) in params
            .iter_mut()
            .zip(gradient)
            .zip(&mut self.first)
            .zip(&mut self.second)
        {
            *m = beta1 * *m + (1.0 - beta1) * g;
            *v = beta2 * *v + (1.0 - beta2) * g * g;
            let m_hat = *m / correction1;
            let v_hat = *v / correction2;
            *w -= ratio(eta * m_hat, (v_hat + epsilon).sqrt());
        }
        Ok(())
    }

    fn reset(&mut self) {
        self.first.clear();
        self.second.clear();
        self.beta1_pow = 1.0;
        self.beta2_pow = 1.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adam(eta: f64, beta1: f64, beta2: f64, epsilon: f64) -> Adam {
        Adam::new(AdamConfig {
            learning_rate: eta,
            beta1,
            beta2,
            epsilon,
        })
        .unwrap()
    }

    #[test]
    fn first_two_steps_match_closed_form() {
        // β₁ = 1/2, β₂ = 3/4, ε = 16, one coordinate, g = 3 then 1.
        // t = 1: m = 3/2, v = 9/4; m̂ = (3/2)/(1/2) = 3, v̂ = (9/4)/(1/4) = 9 → Δw = −η·3/√25 = −3η/5.
        // t = 2: m = 3/4 + 1/2 = 5/4, v = 27/16 + 1/4 = 31/16;
        //        m̂ = (5/4)/(3/4) = 5/3, v̂ = (31/16)/(7/16) = 31/7 → Δw = −η·(5/3)/√(31/7 + 16).
        // (Without bias correction step 1 would be −η·(3/2)/√(9/4 + 16); with ε outside the
        // root it would be −η·3/(3 + 16).)
        let eta = 0.5;
        let mut opt = adam(eta, 0.5, 0.75, 16.0);
        let mut w = [1.0];
        opt.step(&mut w, &[3.0]).unwrap();
        assert!((w[0] - (1.0 - 0.3)).abs() < 1e-15, "{w:?}");
        opt.step(&mut w, &[1.0]).unwrap();
        let expected = 0.7 - eta * (5.0 / 3.0) / (31.0f64 / 7.0 + 16.0).sqrt();
        assert!((w[0] - expected).abs() < 1e-15, "{} vs {expected}", w[0]);
    }

    #[test]
    fn first_step_with_defaults_is_about_eta_times_sign() {
        // With t = 1, m̂ = g and v̂ = g², so Δw = −η·g/√(g² + ε).
        let eta = 0.05;
        let mut opt = Adam::new(AdamConfig::new(eta)).unwrap();
        let mut w = [0.0, 0.0];
        opt.step(&mut w, &[3.0, -0.002]).unwrap();
        let expect0 = -eta * 3.0 / (9.0f64 + 1e-8).sqrt();
        let expect1 = eta * 0.002 / (0.002f64 * 0.002 + 1e-8).sqrt();
        assert!((w[0] - expect0).abs() < 1e-15, "{w:?}");
        assert!((w[1] - expect1).abs() < 1e-15, "{w:?}");
    }

    #[test]
    fn bias_correction_uses_t_from_one_across_many_steps() {
        // A constant gradient g keeps m̂ = g and v̂ = g² at every t, so every step is the same.
        let mut opt = Adam::new(AdamConfig::new(0.1)).unwrap();
        let mut w = [0.0];
        let step = 0.1 * 2.0 / (4.0f64 + 1e-8).sqrt();
        for t in 1..=200 {
            opt.step(&mut w, &[2.0]).unwrap();
            let expected = -(t as f64) * step;
            assert!(
                (w[0] - expected).abs() < 1e-9,
                "t = {t}: {} vs {expected}",
                w[0]
            );
        }
    }

    #[test]
    fn no_nan_on_zero_gradient() {
        for epsilon in [DEFAULT_EPSILON, 0.0] {
            let mut opt = adam(0.1, 0.9, 0.999, epsilon);
            let mut w = [1.0, -1.0];
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            opt.step(&mut w, &[0.0, 0.0]).unwrap();
            assert_eq!(w, [1.0, -1.0], "epsilon = {epsilon}");
        }
    }

    #[test]
    fn coordinates_are_independent() {
        let grads = [[0.5, -2.0], [0.0, 1.0], [4.0, 0.25], [-1.0, -1.0]];
        let mut joint = Adam::new(AdamConfig::new(0.02)).unwrap();
        let mut w = [0.3, -0.9];
        for g in grads {
            joint.step(&mut w, &g).unwrap();
        }
        for i in 0..2 {
            let mut single = Adam::new(AdamConfig::new(0.02)).unwrap();
            let mut wi = [[0.3, -0.9][i]];
            for g in grads {
                single.step(&mut wi, &[g[i]]).unwrap();
            }
            assert_eq!(wi[0], w[i]);
        }
    }

    #[test]
    fn reset_restarts_time_at_one() {
        let mut opt = Adam::new(AdamConfig::new(0.1)).unwrap();
        let mut w = [0.0];
        opt.step(&mut w, &[1.0]).unwrap();
        let first = w[0];
        opt.step(&mut w, &[-5.0]).unwrap();
        opt.reset();
        let mut again = [0.0];
        opt.step(&mut again, &[1.0]).unwrap();
        assert_eq!(again[0], first);
    }

    #[test]
    fn rejects_each_bad_hyperparameter_by_name() {
        let base = AdamConfig::new(0.1);
        let cases = [
            (AdamConfig { beta1: 1.0, ..base }, "beta1"),
            (
                AdamConfig {
                    beta2: -0.5,
                    ..base
                },
                "beta2",
            ),
            (
                AdamConfig {
                    epsilon: f64::NAN,
                    ..base
                },
                "epsilon",
            ),
            (
                AdamConfig {
                    learning_rate: f64::INFINITY,
                    ..base
                },
                "learning_rate",
            ),
        ];
        for (config, field) in cases {
            assert_eq!(Adam::new(config).unwrap_err().field, field);
        }
    }
}
