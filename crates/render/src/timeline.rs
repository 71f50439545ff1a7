//! Which step each frame shows: steps spread evenly over the animated frames, then the last
//! frame held so the ending can be read.

/// Seconds the final frame is held.
pub const HOLD_SECONDS: f64 = 1.5;

/// The mapping from frame index to step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    steps: usize,
    animated: usize,
    hold: usize,
}

impl Timeline {
    /// `steps` spread over `frames` animated frames (at least 1), plus round(1.5·fps) held frames.
    pub fn new(steps: usize, frames: u32, fps: u32) -> Self {
        Self {
            steps,
            animated: frames.max(1) as usize,
            hold: (HOLD_SECONDS * f64::from(fps)).round() as usize,
        }
    }

    /// Total frames: animated plus held.
    pub fn len(&self) -> usize {
        self.animated + self.hold
    }

    /// Always `false`: there is at least one animated frame.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Animated frames (the first shows step 0, the last shows the final step).
    pub fn animated(&self) -> usize {
        self.animated
    }

    /// The step shown by `frame`: `round(frame · steps / (animated − 1))`, the final step from
    /// the last animated frame on.
    pub fn step_at(&self, frame: usize) -> usize {
        if self.animated <= 1 || frame + 1 >= self.animated {
            return self.steps;
        }
        let span = self.animated - 1;
        (frame * self.steps * 2 + span) / (2 * span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spreads_steps_and_holds_the_end() {
        let t = Timeline::new(1000, 300, 30);
        assert_eq!(t.len(), 345);
        assert_eq!(t.step_at(0), 0);
        assert_eq!(t.step_at(299), 1000);
        assert_eq!(t.step_at(344), 1000);
        assert_eq!(t.step_at(1), 3); // 1000/299 = 3.34
        let steps: Vec<_> = (0..t.len()).map(|f| t.step_at(f)).collect();
        assert!(steps.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn fewer_steps_than_frames_repeat_steps() {
        let t = Timeline::new(10, 21, 10);
        assert_eq!(t.len(), 36);
        assert_eq!(t.step_at(2), 1);
        assert_eq!(t.step_at(20), 10);
        let single = Timeline::new(5, 1, 30);
        assert_eq!((single.step_at(0), single.len()), (5, 46));
    }
}
