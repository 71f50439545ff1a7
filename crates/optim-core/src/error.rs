//! Typed errors for building and stepping optimizers.

use std::fmt;

/// A hyperparameter outside its allowed range, found when an optimizer is built.
#[derive(Debug, Clone, PartialEq)]
pub struct HyperparameterError {
    /// The field's name as written in scene files (`learning_rate`, `beta`, `beta1`, ...).
    pub field: &'static str,
    /// The rejected value.
    pub value: f64,
    /// What is allowed, in words.
    pub allowed: &'static str,
}

impl fmt::Display for HyperparameterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is not allowed: it must be {}",
            self.field,
            format_value(self.value),
            self.allowed
        )
    }
}

impl std::error::Error for HyperparameterError {}

/// A number written the way a user types it in a scene file: `nan`, `inf`, `-inf`, `0.5`.
pub fn format_value(v: f64) -> String {
    if v.is_nan() {
        "nan".to_owned()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.to_owned()
    } else {
        format!("{v:?}")
    }
}

/// Checks a learning rate η: finite and strictly positive.
pub(crate) fn check_learning_rate(value: f64) -> Result<f64, HyperparameterError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(HyperparameterError {
            field: "learning_rate",
            value,
            allowed: "a finite number greater than 0",
        })
    }
}

/// Checks a decay rate β: in [0, 1).
pub(crate) fn check_decay(field: &'static str, value: f64) -> Result<f64, HyperparameterError> {
    if (0.0..1.0).contains(&value) {
        Ok(value)
    } else {
        Err(HyperparameterError {
            field,
            value,
            allowed: "in [0, 1): at least 0 and less than 1",
        })
    }
}

/// Checks ε: finite and not negative.
pub(crate) fn check_epsilon(value: f64) -> Result<f64, HyperparameterError> {
    if value.is_finite() && value >= 0.0 {
        Ok(value)
    } else {
        Err(HyperparameterError {
            field: "epsilon",
            value,
            allowed: "a finite number at least 0",
        })
    }
}

/// A step that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StepError {
    /// The parameter and gradient slices differ in length.
    #[error("the gradient has {gradient} coordinates but the parameters have {params}")]
    LengthMismatch {
        /// Length of the parameter slice.
        params: usize,
        /// Length of the gradient slice.
        gradient: usize,
    },
    /// The number of coordinates changed since the first step.
    #[error(
        "the optimizer was stepped with {expected} coordinates before and {got} now; call reset() first"
    )]
    DimensionChanged {
        /// Coordinates at the first step.
        expected: usize,
        /// Coordinates now.
        got: usize,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_rate_must_be_finite_and_positive() {
        for bad in [0.0, -0.1, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0] {
            let err = check_learning_rate(bad).unwrap_err();
            assert_eq!(err.field, "learning_rate");
        }
        assert_eq!(check_learning_rate(1e-12), Ok(1e-12));
    }

    #[test]
    fn decay_must_lie_in_half_open_unit_interval() {
        for bad in [1.0, 1.5, -1e-9, f64::NAN, f64::INFINITY] {
            assert_eq!(check_decay("beta", bad).unwrap_err().field, "beta");
        }
        assert_eq!(check_decay("beta2", 0.0), Ok(0.0));
        assert_eq!(check_decay("beta2", 0.999_999), Ok(0.999_999));
    }

    #[test]
    fn epsilon_must_be_finite_and_not_negative() {
        for bad in [-1e-8, f64::NAN, f64::INFINITY] {
            assert_eq!(check_epsilon(bad).unwrap_err().field, "epsilon");
        }
        assert_eq!(check_epsilon(0.0), Ok(0.0));
    }

    #[test]
    fn message_names_field_value_and_rule() {
        let err = check_learning_rate(f64::NAN).unwrap_err();
        assert_eq!(
            err.to_string(),
            "learning_rate = nan is not allowed: it must be a finite number greater than 0"
        );
        let err = check_decay("beta1", 1.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "beta1 = 1.0 is not allowed: it must be in [0, 1): at least 0 and less than 1"
        );
    }
}
