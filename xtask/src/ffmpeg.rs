//! Finding ffmpeg and streaming raw frames into it.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::thread::JoinHandle;

use anyhow::{Context, Result, bail};
use xshell::{Shell, cmd};

/// How to install ffmpeg, for messages.
pub const INSTALL_HINT: &str = "install it (Debian/Ubuntu: `sudo apt-get install ffmpeg`, macOS: \
                                `brew install ffmpeg`, Windows: `winget install ffmpeg`) or set \
                                FFMPEG to its path";

/// The ffmpeg program: `$FFMPEG` if set, else `ffmpeg` on the PATH.
pub fn program() -> PathBuf {
    std::env::var_os("FFMPEG")
        .filter(|v| !v.is_empty())
        .map_or_else(|| PathBuf::from("ffmpeg"), PathBuf::from)
}

/// ffmpeg's version line if it can be run, `None` if it is missing or broken.
pub fn version() -> Option<String> {
    let sh = Shell::new().ok()?;
    let ffmpeg = program();
    let out = cmd!(sh, "{ffmpeg} -hide_banner -version")
        .quiet()
        .ignore_stderr()
        .read()
        .ok()?;
    out.lines().next().map(str::to_owned)
}

/// A running ffmpeg that reads raw RGB frames on its standard input.
pub struct Stream {
    what: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: Option<JoinHandle<String>>,
}

/// The arguments that make ffmpeg read `width`×`height` RGB frames at `fps` from stdin.
pub fn raw_input(width: u32, height: u32, fps: u32) -> Vec<OsString> {
    [
        "-f".into(),
        "rawvideo".into(),
        "-pixel_format".into(),
        "rgb24".into(),
        "-video_size".into(),
        format!("{width}x{height}"),
        "-framerate".into(),
        fps.to_string(),
        "-i".into(),
        "-".into(),
    ]
    .into_iter()
    .map(OsString::from)
    .collect()
}

impl Stream {
    /// Starts `ffmpeg -hide_banner -loglevel error -nostdin? <args>` reading frames on stdin;
    /// `what` names it in errors.
    pub fn spawn(what: &str, args: &[OsString]) -> Result<Self> {
        let sh = Shell::new().context("cannot start a shell for ffmpeg")?;
        let ffmpeg = program();
        let command = cmd!(
            sh,
            "{ffmpeg} -hide_banner -nostats -loglevel error -y {args...}"
        );
        let mut command = Command::from(command);
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().with_context(|| {
            format!(
                "cannot start {} for the {what}: {INSTALL_HINT}",
                ffmpeg.display()
            )
        })?;
        let stdin = child.stdin.take();
        let stderr = child.stderr.take().map(|mut pipe| {
            std::thread::spawn(move || {
                let mut text = String::new();
                let _ = pipe.read_to_string(&mut text);
                text
            })
        });
        Ok(Self {
            what: what.to_owned(),
            child,
            stdin,
            stderr,
        })
    }

    /// Sends one frame.
    pub fn write(&mut self, frame: &[u8]) -> Result<()> {
        let Some(stdin) = self.stdin.as_mut() else {
            bail!("ffmpeg's input for the {} is already closed", self.what);
        };
        if let Err(e) = stdin.write_all(frame) {
            // ffmpeg stopped reading: report why it exited rather than the broken pipe.
            let why = self.finish_inner();
            return Err(match why {
                Err(exit) => exit,
                Ok(()) => {
                    anyhow::anyhow!("ffmpeg stopped reading frames for the {}: {e}", self.what)
                }
            });
        }
        Ok(())
    }

    /// Closes the input and waits for ffmpeg to finish successfully.
    pub fn finish(mut self) -> Result<()> {
        self.finish_inner()
    }

    fn finish_inner(&mut self) -> Result<()> {
        drop(self.stdin.take());
        let status = self
            .child
            .wait()
            .with_context(|| format!("cannot wait for ffmpeg ({})", self.what))?;
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        if status.success() {
            return Ok(());
        }
        let detail = stderr
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("no message");
        let how = match status.code() {
            Some(code) => format!("exited with code {code}"),
            None => "was killed".to_owned(),
        };
        bail!("ffmpeg {how} while making the {}: {detail}", self.what)
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.stdin.is_some() || self.stderr.is_some() {
            drop(self.stdin.take());
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
