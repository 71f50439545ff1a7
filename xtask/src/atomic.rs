//! Writing files so that a failure never leaves a truncated or half-written target: output
//! goes to a temporary file beside the target and is renamed into place only when complete.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

/// A temporary file beside its target; removed on drop unless [`TempFile::commit`] ran.
pub struct TempFile {
    path: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl TempFile {
    /// Reserves a new temporary path beside `target` (a hidden name in the same folder).
    pub fn beside(target: &Path) -> Result<Self> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let dir = parent_dir(target);
        let name = target
            .file_name()
            .with_context(|| format!("{} is not a file path", target.display()))?
            .to_string_lossy();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let path = dir.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
        Ok(Self {
            path,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Where the content is being written.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Moves the finished temporary file onto its target.
    pub fn commit(mut self) -> Result<()> {
        std::fs::rename(&self.path, &self.target).with_context(|| {
            format!(
                "cannot move the finished file into place at {}",
                self.target.display()
            )
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `bytes` to `path` atomically, creating its folder if needed.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = parent_dir(path);
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    let temp = TempFile::beside(path)?;
    let mut file = File::create(temp.path()).with_context(|| {
        format!(
            "cannot write into {}: check that the folder is writable",
            dir.display()
        )
    })?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    drop(file);
    temp.commit()
}
