//! Ctrl-C (and SIGTERM): stop between frames, clean up, and exit with code 130.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The run was interrupted by the user.
#[derive(Debug)]
pub struct Interrupted;

impl std::fmt::Display for Interrupted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for Interrupted {}

/// Catches Ctrl-C and SIGTERM from now on, so work stops at the next check instead of dying
/// with temporary files behind.
pub fn install() {
    // A second install (tests calling run twice in one process) is harmless to skip.
    let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::SeqCst));
}

/// Fails with [`Interrupted`] once Ctrl-C was pressed.
pub fn check() -> anyhow::Result<()> {
    if INTERRUPTED.load(Ordering::SeqCst) {
        Err(Interrupted.into())
    } else {
        Ok(())
    }
}
