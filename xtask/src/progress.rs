//! Progress: a bar per scene on a terminal, plain lines otherwise (CI logs).

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Progress for a whole run.
pub struct Progress {
    multi: Option<MultiProgress>,
}

impl Progress {
    /// Bars when standard error is a terminal, plain lines otherwise.
    pub fn new() -> Self {
        let multi = std::io::stderr()
            .is_terminal()
            .then(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));
        Self { multi }
    }

    /// Progress for one scene of `total` steps of work.
    pub fn scene(&self, title: &str, total: usize) -> SceneProgress {
        let bar = self.multi.as_ref().map(|m| {
            let bar = m.add(ProgressBar::new(total as u64));
            let style =
                ProgressStyle::with_template("{prefix:<18} [{bar:30}] {pos:>4}/{len:4} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(title.to_owned());
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        SceneProgress {
            bar,
            title: title.to_owned(),
        }
    }

    /// A line above the bars (or on its own without them).
    pub fn note(&self, line: &str) {
        match &self.multi {
            Some(m) => {
                let _ = m.println(line);
            }
            None => eprintln!("{line}"),
        }
    }
}

/// Progress of one scene.
pub struct SceneProgress {
    bar: Option<ProgressBar>,
    title: String,
}

impl SceneProgress {
    /// Sets how much of the work is done.
    pub fn set(&self, done: usize) {
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
        }
    }

    /// Names the current phase: in the bar's message, or as a line in plain mode.
    pub fn phase(&self, what: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(what.to_owned()),
            None => eprintln!("{}: {what}", self.title),
        }
    }

    /// Ends the bar with a final message.
    pub fn finish(&self, what: &str) {
        match &self.bar {
            Some(bar) => bar.finish_with_message(what.to_owned()),
            None => eprintln!("{}: {what}", self.title),
        }
    }
}

impl Drop for SceneProgress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.as_ref().filter(|b| !b.is_finished()) {
            bar.abandon();
        }
    }
}
