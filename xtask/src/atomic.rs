//! Writing files so that a failure never leaves a truncated or half-written target: output
//! goes to a temporary file beside the target and is renamed into place only when complete.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context, Result};

/// The part of a temporary file's name that marks it as ours.
pub const TEMP_MARK: &str = ".tmp";

/// Whether `name` is a temporary file this module made: `.<target>.<pid>-<n>.tmp[.<ext>]`.
pub fn is_temp_name(name: &str) -> bool {
    let Some(rest) = name.strip_prefix('.') else {
        return false;
    };
    let Some(mark) = rest.rfind(TEMP_MARK) else {
        return false;
    };
    let after = &rest[mark + TEMP_MARK.len()..];
    if !(after.is_empty() || (after.starts_with('.') && !after[1..].contains('.'))) {
        return false;
    }
    let before = &rest[..mark];
    let Some(dot) = before.rfind('.') else {
        return false;
    };
    let id = &before[dot + 1..];
    match id.split_once('-') {
        Some((pid, n)) => {
            dot > 0
                && !pid.is_empty()
                && !n.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit())
                && n.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

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
        // The target's extension is repeated at the end so tools that infer the format from
        // the name (ffmpeg) still can: `.SmoothValley.gif.1234-0.tmp.gif`.
        let ext = target
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let path = dir.join(format!(
            ".{name}.{}-{n}{TEMP_MARK}{ext}",
            std::process::id()
        ));
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

    /// The file this will become.
    pub fn target(&self) -> &Path {
        &self.target
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

/// Refuses an output path that names a folder, before any work is done; `flag` names the
/// option in the message.
pub fn check_file_target(path: &Path, flag: &str) -> Result<()> {
    if path.is_dir() {
        return Err(crate::BadInput(format!(
            "{flag} {} is a folder: give a file name inside it",
            path.display()
        ))
        .into());
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        let t = TempFile::beside(Path::new("images/SmoothValley.gif")).unwrap();
        let name = t.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(".SmoothValley.gif.") && name.ends_with(".tmp.gif"),
            "{name}"
        );
        assert!(is_temp_name(&name));
        assert!(is_temp_name(".manifest.json.77-3.tmp.json"));
        assert!(is_temp_name(".notes.12-0.tmp"));
        for other in [
            "SmoothValley.gif",
            ".optim-anim.lock",
            ".gitkeep",
            ".backup.tmp.old.gif",
            ".x.tmp",
            ".a.b-c.tmp.gif",
            "a.1-2.tmp.gif",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }

    #[test]
    fn write_replaces_atomically_and_leaves_nothing_behind() {
        let dir = std::env::temp_dir().join(format!("atomic-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let target = dir.join("deep/out.json");
        write(&target, b"one").unwrap();
        write(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(target.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["out.json"]);
        // A temp file dropped without commit disappears.
        let t = TempFile::beside(&target).unwrap();
        std::fs::write(t.path(), b"partial").unwrap();
        let p = t.path().to_path_buf();
        drop(t);
        assert!(!p.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
