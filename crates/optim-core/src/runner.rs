//! Descending an objective from a start point and recording every point on the way.

use crate::{Optimizer, StepError};

/// A closed box `lower ≤ w ≤ upper` (per coordinate) that a run must stay inside.
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    lower: Vec<f64>,
    upper: Vec<f64>,
}

impl Bounds {
    /// A box from its corners; every coordinate needs `lower < upper`, both finite.
    pub fn new(lower: Vec<f64>, upper: Vec<f64>) -> Result<Self, RunError> {
        let valid = lower.len() == upper.len()
            && lower
                .iter()
                .zip(&upper)
                .all(|(lo, hi)| lo.is_finite() && hi.is_finite() && lo < hi);
        if valid {
            Ok(Self { lower, upper })
        } else {
            Err(RunError::InvalidBounds)
        }
    }

    /// Whether `w` lies inside the box (its edges included).
    pub fn contains(&self, w: &[f64]) -> bool {
        w.len() == self.lower.len()
            && w.iter()
                .zip(self.lower.iter().zip(&self.upper))
                .all(|(x, (lo, hi))| *lo <= *x && *x <= *hi)
    }

    /// The number of coordinates.
    pub fn dim(&self) -> usize {
        self.lower.len()
    }
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// All steps were taken and the gradient at the last point is within the tolerance.
    Converged,
    /// All steps were taken but the gradient at the last point is still above the tolerance.
    MaxSteps,
    /// Step `step` (counting from 1) produced a non-finite point or loss, or left the bounds;
    /// the run stopped before storing it.
    Diverged {
        /// The step that diverged.
        step: usize,
    },
}

impl Status {
    /// The identifier used in exports: `converged`, `max_steps` or `diverged`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Converged => "converged",
            Self::MaxSteps => "max_steps",
            Self::Diverged { .. } => "diverged",
        }
    }

    /// The step that diverged, if the run diverged.
    pub fn diverged_at(self) -> Option<usize> {
        match self {
            Self::Diverged { step } => Some(step),
            _ => None,
        }
    }
}

/// What a run does besides stepping: how far, where it may go, when it counts as converged.
#[derive(Debug, Clone, PartialEq)]
pub struct DescentOptions {
    /// How many updates to apply.
    pub steps: usize,
    /// The box the run must stay in; leaving it counts as divergence. `None`: no bound.
    pub bounds: Option<Bounds>,
    /// A run whose final gradient has Euclidean norm at most this is [`Status::Converged`].
    pub gradient_tolerance: f64,
}

impl DescentOptions {
    /// Default gradient tolerance for [`Status::Converged`].
    pub const DEFAULT_GRADIENT_TOLERANCE: f64 = 1e-3;

    /// `steps` updates, no bound, the default gradient tolerance.
    pub fn new(steps: usize) -> Self {
        Self {
            steps,
            bounds: None,
            gradient_tolerance: Self::DEFAULT_GRADIENT_TOLERANCE,
        }
    }

    /// The same options inside `bounds`.
    pub fn with_bounds(self, bounds: Bounds) -> Self {
        Self {
            bounds: Some(bounds),
            ..self
        }
    }
}

/// Why a run could not start or continue.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RunError {
    /// A bound's corners are not finite, differ in length, or are not ordered.
    #[error("bounds need finite corners of equal length with every lower value below the upper")]
    InvalidBounds,
    /// A start coordinate is NaN or infinite.
    #[error("the start point {0:?} is not finite")]
    StartNotFinite(Vec<f64>),
    /// The start lies outside the bounds, or has another number of coordinates.
    #[error("the start point {0:?} lies outside the bounds")]
    StartOutOfBounds(Vec<f64>),
    /// The objective is not finite at the start point.
    #[error("the loss at the start point is {0}, not a finite number")]
    StartLossNotFinite(f64),
    /// The optimizer refused a step.
    #[error(transparent)]
    Step(#[from] StepError),
}

/// Every point a run visited with its loss, and how the run ended. Never holds NaN or infinity.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    dim: usize,
    coords: Vec<f64>,
    losses: Vec<f64>,
    status: Status,
}

impl Trajectory {
    /// The number of points: the start plus one per step taken. Always at least 1.
    pub fn len(&self) -> usize {
        self.losses.len()
    }

    /// Always `false`: a trajectory holds at least its start point.
    pub fn is_empty(&self) -> bool {
        self.losses.is_empty()
    }

    /// The number of coordinates of each point.
    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Point `i` (0 is the start), or `None` past the end.
    pub fn point(&self, i: usize) -> Option<&[f64]> {
        self.coords.get(i * self.dim..(i + 1) * self.dim)
    }

    /// The loss at point `i`, or `None` past the end.
    pub fn loss(&self, i: usize) -> Option<f64> {
        self.losses.get(i).copied()
    }

    /// All points in order.
    pub fn points(&self) -> impl ExactSizeIterator<Item = &[f64]> {
        self.coords.chunks_exact(self.dim)
    }

    /// All losses in order.
    pub fn losses(&self) -> &[f64] {
        &self.losses
    }

    /// The last point stored.
    pub fn last_point(&self) -> &[f64] {
        &self.coords[self.coords.len() - self.dim..]
    }

    /// How the run ended.
    pub fn status(&self) -> Status {
        self.status
    }
}

fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Runs `optimizer` from `start` for `options.steps` updates.
///
/// `objective(w, gradient)` returns the loss at `w` and writes its gradient into `gradient`.
/// The run stops early with [`Status::Diverged`] at the first step whose point is not finite,
/// leaves `options.bounds`, or has a non-finite loss; that point is not stored.
pub fn descend<F>(
    optimizer: &mut dyn Optimizer,
    start: &[f64],
    options: &DescentOptions,
    mut objective: F,
) -> Result<Trajectory, RunError>
where
    F: FnMut(&[f64], &mut [f64]) -> f64,
{
    if !all_finite(start) {
        return Err(RunError::StartNotFinite(start.to_vec()));
    }
    let inside = |w: &[f64]| options.bounds.as_ref().is_none_or(|b| b.contains(w));
    if !inside(start) {
        return Err(RunError::StartOutOfBounds(start.to_vec()));
    }
    let dim = start.len();
    let mut w = start.to_vec();
    let mut gradient = vec![0.0; dim];
    let loss = objective(&w, &mut gradient);
    if !loss.is_finite() {
        return Err(RunError::StartLossNotFinite(loss));
    }
    let mut coords = Vec::with_capacity(dim * (options.steps + 1));
    let mut losses = Vec::with_capacity(options.steps + 1);
    coords.extend_from_slice(&w);
    losses.push(loss);

    let mut diverged = None;
    for step in 1..=options.steps {
        optimizer.step(&mut w, &gradient)?;
        if !all_finite(&w) || !inside(&w) {
            diverged = Some(step);
            break;
        }
        let loss = objective(&w, &mut gradient);
        if !loss.is_finite() {
            diverged = Some(step);
            break;
        }
        coords.extend_from_slice(&w);
        losses.push(loss);
    }

    let status = match diverged {
        Some(step) => Status::Diverged { step },
        None => {
            let norm = gradient.iter().map(|g| g * g).sum::<f64>().sqrt();
            if norm <= options.gradient_tolerance {
                Status::Converged
            } else {
                Status::MaxSteps
            }
        }
    };
    Ok(Trajectory {
        dim,
        coords,
        losses,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{OptimizerConfig, OptimizerKind, Sgd, SgdConfig};

    /// f(w) = Σ wᵢ², ∇f = 2w.
    fn sphere(w: &[f64], g: &mut [f64]) -> f64 {
        for (gi, wi) in g.iter_mut().zip(w) {
            *gi = 2.0 * wi;
        }
        w.iter().map(|x| x * x).sum()
    }

    fn sgd(eta: f64) -> Sgd {
        Sgd::new(SgdConfig::new(eta)).unwrap()
    }

    #[test]
    fn records_start_and_every_step() {
        // η = 0.25 on Σw² halves w each step: w_k = w_0 / 2^k.
        let traj = descend(
            &mut sgd(0.25),
            &[8.0, -4.0],
            &DescentOptions::new(3),
            sphere,
        )
        .unwrap();
        assert_eq!(traj.len(), 4);
        let pts: Vec<_> = traj.points().map(|p| p.to_vec()).collect();
        assert_eq!(
            pts,
            vec![
                vec![8.0, -4.0],
                vec![4.0, -2.0],
                vec![2.0, -1.0],
                vec![1.0, -0.5]
            ]
        );
        assert_eq!(traj.losses(), &[80.0, 20.0, 5.0, 1.25]);
        assert_eq!(traj.status(), Status::MaxSteps);
        assert_eq!(traj.last_point(), &[1.0, -0.5]);
    }

    #[test]
    fn converged_when_final_gradient_is_small() {
        let traj = descend(&mut sgd(0.25), &[1.0], &DescentOptions::new(20), sphere).unwrap();
        // w_20 = 2^-20, gradient 2^-19 ≈ 1.9e-6 ≤ 1e-3.
        assert_eq!(traj.status(), Status::Converged);
        assert_eq!(traj.status().name(), "converged");
    }

    #[test]
    fn leaving_the_bounds_diverges_at_the_right_step() {
        // η = 1.5 on w² gives w ← −2w: 1, −2, 4, −8, 16, −32, 64, then −128 leaves [−100, 100].
        let bounds = Bounds::new(vec![-100.0], vec![100.0]).unwrap();
        let options = DescentOptions::new(50).with_bounds(bounds);
        let traj = descend(&mut sgd(1.5), &[1.0], &options, sphere).unwrap();
        assert_eq!(traj.status(), Status::Diverged { step: 7 });
        assert_eq!(traj.status().diverged_at(), Some(7));
        assert_eq!(traj.len(), 7);
        assert_eq!(traj.last_point(), &[64.0]);
    }

    #[test]
    fn infinite_loss_diverges_and_is_not_stored() {
        // w1 = 1 − 1e200·2 = −2e200 is finite but w1² overflows to infinity.
        let traj = descend(&mut sgd(1e200), &[1.0], &DescentOptions::new(10), sphere).unwrap();
        assert_eq!(traj.status(), Status::Diverged { step: 1 });
        assert_eq!(traj.len(), 1);
        assert!(traj.losses().iter().all(|l| l.is_finite()));
    }

    #[test]
    fn nan_gradient_diverges_at_the_next_step() {
        // The objective returns a finite loss but a NaN gradient at step 2's point.
        let mut calls = 0;
        let objective = |w: &[f64], g: &mut [f64]| {
            calls += 1;
            g[0] = if calls == 3 { f64::NAN } else { 1.0 };
            w[0]
        };
        let traj = descend(&mut sgd(0.1), &[0.0], &DescentOptions::new(10), objective).unwrap();
        assert_eq!(traj.status(), Status::Diverged { step: 3 });
        assert_eq!(traj.len(), 3);
        assert!(traj.points().flatten().all(|x| x.is_finite()));
    }

    #[test]
    fn every_optimizer_reports_divergence_without_storing_non_finite_values() {
        // f(w) = −w⁴ has ∇f = −4w³: every rule runs away (SGD to infinity, the adaptive rules
        // at about η per step) and leaves [−100, 100].
        let runaway = |w: &[f64], g: &mut [f64]| {
            g[0] = -4.0 * w[0].powi(3);
            -w[0].powi(4)
        };
        for kind in OptimizerKind::ALL {
            let mut opt = OptimizerConfig::with_defaults(kind, 0.5).build().unwrap();
            let bounds = Bounds::new(vec![-100.0], vec![100.0]).unwrap();
            let options = DescentOptions::new(100_000).with_bounds(bounds);
            let traj = descend(opt.as_mut(), &[1.0], &options, runaway).unwrap();
            let step = traj
                .status()
                .diverged_at()
                .unwrap_or_else(|| panic!("{kind:?} ended at {:?}", traj.last_point()));
            assert_eq!(traj.len(), step, "{kind:?}");
            assert!(traj.losses().iter().all(|l| l.is_finite()), "{kind:?}");
            assert!(traj.points().flatten().all(|x| x.is_finite()), "{kind:?}");
        }
    }

    #[test]
    fn bad_starts_are_errors() {
        let opts = DescentOptions::new(1);
        assert!(matches!(
            descend(&mut sgd(0.1), &[f64::NAN], &opts, sphere),
            Err(RunError::StartNotFinite(_))
        ));
        let bounded =
            DescentOptions::new(1).with_bounds(Bounds::new(vec![0.0], vec![1.0]).unwrap());
        assert!(matches!(
            descend(&mut sgd(0.1), &[2.0], &bounded, sphere),
            Err(RunError::StartOutOfBounds(_))
        ));
        let nan_loss = |_: &[f64], _: &mut [f64]| f64::NAN;
        assert!(matches!(
            descend(&mut sgd(0.1), &[0.5], &opts, nan_loss),
            Err(RunError::StartLossNotFinite(_))
        ));
    }

    #[test]
    fn bounds_must_be_ordered_and_finite() {
        assert_eq!(
            Bounds::new(vec![1.0], vec![1.0]),
            Err(RunError::InvalidBounds)
        );
        assert_eq!(
            Bounds::new(vec![0.0], vec![f64::INFINITY]),
            Err(RunError::InvalidBounds)
        );
        assert_eq!(
            Bounds::new(vec![0.0, 1.0], vec![1.0]),
            Err(RunError::InvalidBounds)
        );
        let b = Bounds::new(vec![-1.0, -1.0], vec![1.0, 1.0]).unwrap();
        assert!(b.contains(&[1.0, -1.0]));
        assert!(!b.contains(&[1.0 + 1e-12, 0.0]));
        assert!(!b.contains(&[f64::NAN, 0.0]));
        assert_eq!(b.dim(), 2);
    }
}
