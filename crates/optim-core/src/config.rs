//! Naming the optimizers and building any of them from one configuration type.

use std::fmt;

use crate::{
    Adagrad, AdagradConfig, Adam, AdamConfig, HyperparameterError, Optimizer, Rmsprop,
    RmspropConfig, Sgd, SgdConfig,
};

/// Which update rule an optimizer applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OptimizerKind {
    /// Stochastic gradient descent.
    Sgd,
    /// Adagrad.
    Adagrad,
    /// RMSprop.
    Rmsprop,
    /// Adam.
    Adam,
}

impl OptimizerKind {
    /// Every optimizer, in the README's order.
    pub const ALL: [OptimizerKind; 4] = [Self::Sgd, Self::Adagrad, Self::Rmsprop, Self::Adam];

    /// The identifier used in scene files and exports: `sgd`, `adagrad`, `rmsprop`, `adam`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sgd => "sgd",
            Self::Adagrad => "adagrad",
            Self::Rmsprop => "rmsprop",
            Self::Adam => "adam",
        }
    }

    /// The name people write: `SGD`, `Adagrad`, `RMSprop`, `Adam`.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Sgd => "SGD",
            Self::Adagrad => "Adagrad",
            Self::Rmsprop => "RMSprop",
            Self::Adam => "Adam",
        }
    }

    /// Looks an optimizer up by its identifier.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The hyperparameters this optimizer takes besides the learning rate.
    pub fn extra_hyperparameters(self) -> &'static [&'static str] {
        match self {
            Self::Sgd => &[],
            Self::Adagrad => &["epsilon"],
            Self::Rmsprop => &["beta", "epsilon"],
            Self::Adam => &["beta1", "beta2", "epsilon"],
        }
    }
}

impl fmt::Display for OptimizerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// The configuration of any one optimizer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum OptimizerConfig {
    /// SGD's configuration.
    Sgd(SgdConfig),
    /// Adagrad's configuration.
    Adagrad(AdagradConfig),
    /// RMSprop's configuration.
    Rmsprop(RmspropConfig),
    /// Adam's configuration.
    Adam(AdamConfig),
}

impl OptimizerConfig {
    /// The configuration of `kind` with learning rate η and every other value at its default.
    pub fn with_defaults(kind: OptimizerKind, learning_rate: f64) -> Self {
        match kind {
            OptimizerKind::Sgd => Self::Sgd(SgdConfig::new(learning_rate)),
            OptimizerKind::Adagrad => Self::Adagrad(AdagradConfig::new(learning_rate)),
            OptimizerKind::Rmsprop => Self::Rmsprop(RmspropConfig::new(learning_rate)),
            OptimizerKind::Adam => Self::Adam(AdamConfig::new(learning_rate)),
        }
    }

    /// Which optimizer this configures.
    pub fn kind(&self) -> OptimizerKind {
        match self {
            Self::Sgd(_) => OptimizerKind::Sgd,
            Self::Adagrad(_) => OptimizerKind::Adagrad,
            Self::Rmsprop(_) => OptimizerKind::Rmsprop,
            Self::Adam(_) => OptimizerKind::Adam,
        }
    }

    /// The learning rate η.
    pub fn learning_rate(&self) -> f64 {
        match self {
            Self::Sgd(c) => c.learning_rate,
            Self::Adagrad(c) => c.learning_rate,
            Self::Rmsprop(c) => c.learning_rate,
            Self::Adam(c) => c.learning_rate,
        }
    }

    /// Every hyperparameter with its value, defaults included, learning rate first.
    pub fn hyperparameters(&self) -> Vec<(&'static str, f64)> {
        match *self {
            Self::Sgd(c) => vec![("learning_rate", c.learning_rate)],
            Self::Adagrad(c) => vec![("learning_rate", c.learning_rate), ("epsilon", c.epsilon)],
            Self::Rmsprop(c) => vec![
                ("learning_rate", c.learning_rate),
                ("beta", c.beta),
                ("epsilon", c.epsilon),
            ],
            Self::Adam(c) => vec![
                ("learning_rate", c.learning_rate),
                ("beta1", c.beta1),
                ("beta2", c.beta2),
                ("epsilon", c.epsilon),
            ],
        }
    }

    /// Sets one of [`OptimizerKind::extra_hyperparameters`]; returns `false` if this optimizer
    /// has no such field.
    pub fn set(&mut self, field: &str, value: f64) -> bool {
        match (self, field) {
            (Self::Adagrad(c), "epsilon") => c.epsilon = value,
            (Self::Rmsprop(c), "beta") => c.beta = value,
            (Self::Rmsprop(c), "epsilon") => c.epsilon = value,
            (Self::Adam(c), "beta1") => c.beta1 = value,
            (Self::Adam(c), "beta2") => c.beta2 = value,
            (Self::Adam(c), "epsilon") => c.epsilon = value,
            _ => return false,
        }
        true
    }

    /// Validates the hyperparameters and builds a fresh optimizer.
    pub fn build(&self) -> Result<Box<dyn Optimizer>, HyperparameterError> {
        Ok(match *self {
            Self::Sgd(c) => Box::new(Sgd::new(c)?),
            Self::Adagrad(c) => Box::new(Adagrad::new(c)?),
            Self::Rmsprop(c) => Box::new(Rmsprop::new(c)?),
            Self::Adam(c) => Box::new(Adam::new(c)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in OptimizerKind::ALL {
            assert_eq!(OptimizerKind::from_name(kind.name()), Some(kind));
        }
        assert_eq!(OptimizerKind::from_name("Adam"), None);
    }

    #[test]
    fn hyperparameters_list_defaults() {
        let adam = OptimizerConfig::with_defaults(OptimizerKind::Adam, 0.05);
        assert_eq!(
            adam.hyperparameters(),
            vec![
                ("learning_rate", 0.05),
                ("beta1", 0.9),
                ("beta2", 0.999),
                ("epsilon", 1e-8)
            ]
        );
        let rms = OptimizerConfig::with_defaults(OptimizerKind::Rmsprop, 0.01);
        assert_eq!(
            rms.hyperparameters(),
            vec![("learning_rate", 0.01), ("beta", 0.9), ("epsilon", 1e-8)]
        );
    }

    #[test]
    fn set_accepts_only_the_optimizers_own_fields() {
        for kind in OptimizerKind::ALL {
            let mut config = OptimizerConfig::with_defaults(kind, 0.1);
            for field in [
                "beta",
                "beta1",
                "beta2",
                "epsilon",
                "learning_rate",
                "momentum",
            ] {
                let expected = kind.extra_hyperparameters().contains(&field);
                assert_eq!(config.set(field, 0.5), expected, "{kind:?}.{field}");
            }
            let listed: Vec<_> = config.hyperparameters().into_iter().skip(1).collect();
            assert!(listed.iter().all(|&(_, v)| v == 0.5), "{listed:?}");
        }
    }

    #[test]
    fn build_validates_and_reports_the_kind() {
        for kind in OptimizerKind::ALL {
            let opt = OptimizerConfig::with_defaults(kind, 0.1).build().unwrap();
            assert_eq!(opt.kind(), kind);
            let err = OptimizerConfig::with_defaults(kind, f64::NAN)
                .build()
                .err()
                .unwrap();
            assert_eq!(err.field, "learning_rate");
        }
    }
}
