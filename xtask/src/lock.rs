//! One writer per output folder: a lock file held for the whole run, so two runs writing into
//! the same folder never interleave; the second refuses with a clear message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::BadInput;

/// The lock file's name inside a locked folder.
pub const LOCK_NAME: &str = ".optim-anim.lock";

/// A held lock; released when dropped (or when the process ends, however it ends).
pub struct DirLock {
    _file: File,
    dir: PathBuf,
}

impl DirLock {
    /// The locked folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Why a folder cannot be used for output.
pub fn unusable(dir: &Path, flag: &str, why: impl std::fmt::Display) -> anyhow::Error {
    BadInput(format!("{flag} {} cannot be used: {why}", dir.display())).into()
}

/// Creates `dir` if needed and locks it for this process; `flag` names the option in errors.
pub fn lock(dir: &Path, flag: &str) -> Result<DirLock> {
    if dir.exists() && !dir.is_dir() {
        return Err(unusable(dir, flag, "it is a file, not a folder"));
    }
    std::fs::create_dir_all(dir).map_err(|e| unusable(dir, flag, e))?;
    let path = dir.join(LOCK_NAME);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| unusable(dir, flag, format!("it is not writable ({e})")))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                "another run".to_owned()
            } else {
                format!("another run (process {holder})")
            };
            anyhow::bail!(
                "{who} is writing to {}: wait for it to finish or choose another {flag}",
                dir.display()
            );
        }
        Err(TryLockError::Error(e)) => {
            return Err(unusable(dir, flag, format!("cannot lock it ({e})")));
        }
    }
    // Record who holds it, for the message another run prints.
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    let _ = file.flush();
    Ok(DirLock {
        _file: file,
        dir: dir.to_path_buf(),
    })
}

/// Removes temporary files an earlier, killed run left in a folder we hold the lock of.
pub fn remove_stale_temps(lock: &DirLock) -> usize {
    let Ok(entries) = std::fs::read_dir(lock.dir()) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if crate::atomic::is_temp_name(&name.to_string_lossy())
            && entry.file_type().is_ok_and(|t| t.is_file())
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}
