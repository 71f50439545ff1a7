//! Gradient-descent optimizers that step a parameter slice of any length, given its gradient.
//!
//! Each optimizer implements exactly the update rule stated in its module's documentation
//! (the rules of the project's README) and keeps its own per-coordinate state. A
//! [`descend`] runner walks an objective from a start point and records a [`Trajectory`].
//!
//! This crate knows nothing of loss surfaces, scenes or pixels: an objective is any closure
//! that returns the loss at a point and writes its gradient.

mod adagrad;
mod adam;
mod config;
mod error;
mod rmsprop;
mod runner;
mod sgd;

pub use adagrad::{Adagrad, AdagradConfig};
pub use adam::{Adam, AdamConfig};
pub use config::{OptimizerConfig, OptimizerKind};
pub use error::{HyperparameterError, StepError, format_value};
pub use rmsprop::{Rmsprop, RmspropConfig};
pub use runner::{Bounds, DescentOptions, RunError, Status, Trajectory, descend};
pub use sgd::{Sgd, SgdConfig};

/// Default ε for Adagrad, RMSprop and Adam: a small number that prevents division by zero.
pub const DEFAULT_EPSILON: f64 = 1e-8;
/// Default RMSprop decay rate β.
pub const DEFAULT_BETA: f64 = 0.9;
/// Default Adam first-moment decay rate β₁.
pub const DEFAULT_BETA1: f64 = 0.9;
/// Default Adam second-moment decay rate β₂.
pub const DEFAULT_BETA2: f64 = 0.999;

/// An optimizer that updates parameters in place from their gradient.
pub trait Optimizer: Send {
    /// Which update rule this is.
    fn kind(&self) -> OptimizerKind;

    /// Applies one update to `params` given `gradient` (the gradient at `params`).
    ///
    /// The first call fixes the number of coordinates; later calls must use the same length.
    fn step(&mut self, params: &mut [f64], gradient: &[f64]) -> Result<(), StepError>;

    /// Forgets all accumulated state, as if no step had been taken.
    fn reset(&mut self);
}

/// Checks that `params` and `gradient` have the same length and sizes `state` on first use.
///
/// Each entry of `state` is one per-coordinate accumulator, zero-initialised.
fn prepare_state(
    params: &[f64],
    gradient: &[f64],
    state: &mut [&mut Vec<f64>],
) -> Result<(), StepError> {
    if params.len() != gradient.len() {
        return Err(StepError::LengthMismatch {
            params: params.len(),
            gradient: gradient.len(),
        });
    }
    for s in state.iter_mut() {
        if s.is_empty() {
            s.resize(params.len(), 0.0);
        } else if s.len() != params.len() {
            return Err(StepError::DimensionChanged {
                expected: s.len(),
                got: params.len(),
            });
        }
    }
    Ok(())
}

/// Returns `numerator / denominator`, defined as 0 when the numerator is exactly 0.
///
/// An adaptive step `η·g/√s` with `g = 0` moves nowhere; with ε = 0 and an all-zero history
/// the literal quotient would be `0/0`, so the limit (no movement) is used instead.
#[inline]
fn ratio(numerator: f64, denominator: f64) -> f64 {
    if numerator == 0.0 {
        0.0
    } else {
        numerator / denominator
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratio_of_zero_is_zero_even_over_zero() {
        assert_eq!(ratio(0.0, 0.0), 0.0);
        assert_eq!(ratio(1.0, 4.0), 0.25);
        assert!(ratio(1.0, 0.0).is_infinite());
    }

    #[test]
    fn mismatched_lengths_are_an_error_not_a_panic() {
        let mut s = Vec::new();
        let err = prepare_state(&[1.0, 2.0], &[1.0], &mut [&mut s]).unwrap_err();
        assert_eq!(
            err,
            StepError::LengthMismatch {
                params: 2,
                gradient: 1
            }
        );
        prepare_state(&[1.0, 2.0], &[1.0, 2.0], &mut [&mut s]).unwrap();
        assert_eq!(s, vec![0.0, 0.0]);
        let err = prepare_state(&[1.0], &[1.0], &mut [&mut s]).unwrap_err();
        assert_eq!(
            err,
            StepError::DimensionChanged {
                expected: 2,
                got: 1
            }
        );
    }
}
