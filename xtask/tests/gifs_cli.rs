//! `cargo xtask gifs` as a user runs it: both encoders, the manifest check, and never losing
//! an image.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

/// Frames, total delay (centiseconds) and size of a GIF, decoded with the `gif` crate.
fn decode(path: &Path) -> (usize, u64, (u16, u16)) {
    let mut options = gif::DecodeOptions::new();
    options.set_color_output(gif::ColorOutput::Indexed);
    let mut decoder = options
        .read_info(std::fs::File::open(path).unwrap())
        .unwrap();
    let size = (decoder.width(), decoder.height());
    let (mut frames, mut delay) = (0, 0u64);
    while let Some(frame) = decoder.read_next_frame().unwrap() {
        frames += 1;
        delay += u64::from(frame.delay);
        assert!(frame.left + frame.width <= size.0 && frame.top + frame.height <= size.1);
    }
    (frames, delay, size)
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

#[test]
fn native_encoder_writes_a_looping_gif_with_the_right_timing_and_a_manifest() {
    let dir = scratch("native");
    let scene = small_scene(&dir, "Small Saddle", "");
    let out = dir.join("images");
    let run = native_gifs(&scene, &out, &[]);
    assert_code(&run, 0);
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.contains("SmallSaddle.gif") && stdout.contains("KB"),
        "{stdout}"
    );
    let gif = out.join("SmallSaddle.gif");
    let (frames, delay, size) = decode(&gif);
    assert_eq!(size, (320, 240));
    // 20 animated frames plus 1.5 s held at 10 fps = 35 frames = 350 cs; identical held
    // frames are merged into one longer frame.
    assert_eq!(delay, 350);
    assert!((2..=21).contains(&frames), "{frames} frames");
    let m = manifest(&out);
    let entry = &m["images"]["SmallSaddle.gif"];
    assert_eq!(entry["encoder"], "native");
    let bytes = std::fs::read(&gif).unwrap();
    assert_eq!(entry["bytes"], bytes.len());
    assert_eq!(entry["sha256"].as_str().unwrap().len(), 64);
    assert!(temp_files(&out).is_empty());
    // Deterministic: a second run writes the same bytes.
    let again = native_gifs(&scene, &out, &["--jobs", "1"]);
    assert_code(&again, 0);
    assert_eq!(std::fs::read(&gif).unwrap(), bytes);
}

#[test]
fn ffmpeg_encoder_writes_the_gif_and_a_browser_playable_mp4() {
    if !require_ffmpeg("ffmpeg_encoder_writes_the_gif_and_a_browser_playable_mp4") {
        return;
    }
    let dir = scratch("ffmpeg");
    let scene = small_scene(&dir, "Peaks and Valleys", "");
    let (out, videos) = (dir.join("images"), dir.join("videos"));
    let run = gifs_into("ffmpeg", &scene, &out, &videos).output().unwrap();
    assert_code(&run, 0);
    let gif = out.join("PeaksandValleys.gif");
    let mp4 = videos.join("animation_Peaks_and_Valleys.mp4");
    let (_, delay, size) = decode(&gif);
    assert_eq!(size, (320, 240));
    assert_eq!(delay, 350);
    let probe = std::process::Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v", "-show_entries"])
        .args([
            "stream=codec_name,pix_fmt,width,height,nb_frames",
            "-of",
            "default=nw=1",
        ])
        .arg(&mp4)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&probe.stdout);
    for want in [
        "codec_name=h264",
        "pix_fmt=yuv420p",
        "width=320",
        "height=240",
        "nb_frames=35",
    ] {
        assert!(info.contains(want), "{want} not in {info}");
    }
    // +faststart: the index (moov) comes before the media data (mdat).
    let bytes = std::fs::read(&mp4).unwrap();
    let at = |tag: &[u8]| bytes.windows(4).position(|w| w == tag).unwrap();
    assert!(at(b"moov") < at(b"mdat"));
    assert_eq!(
        manifest(&out)["images"]["PeaksandValleys.gif"]["encoder"],
        "ffmpeg"
    );
    assert!(temp_files(&out).is_empty() && temp_files(&videos).is_empty());
}

#[test]
fn without_ffmpeg_auto_uses_the_builtin_encoder_and_says_so() {
    let dir = scratch("no-ffmpeg");
    let scene = small_scene(&dir, "No Ffmpeg", "");
    let (out, videos) = (dir.join("images"), dir.join("videos"));
    let run = gifs_into("auto", &scene, &out, &videos)
        .env("PATH", empty_path(&dir))
        .env_remove("FFMPEG")
        .output()
        .unwrap();
    assert_code(&run, 0);
    let err = stderr(&run);
    assert!(
        err.contains("ffmpeg not found") && err.contains("MP4s are skipped"),
        "{err}"
    );
    assert!(err.contains("apt-get install ffmpeg"), "{err}");
    assert!(out.join("NoFfmpeg.gif").is_file());
    assert!(!videos.exists(), "no MP4 folder without ffmpeg");

    let forced = xtask()
        .env("PATH", empty_path(&dir))
        .env_remove("FFMPEG")
        .args(["gifs", "--encoder", "ffmpeg", "--scene"])
        .arg(&scene)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_code(&forced, 2);
    assert_eq!(stderr(&forced).lines().count(), 1, "{}", stderr(&forced));
    assert!(
        error_line(&forced).contains("--encoder ffmpeg needs ffmpeg"),
        "{}",
        stderr(&forced)
    );
}

#[test]
fn check_passes_when_fresh_and_fails_when_a_scene_or_image_changes() {
    let dir = scratch("check");
    let scene = small_scene(&dir, "Checked", "");
    let out = dir.join("images");
    let make = || native_gifs(&scene, &out, &[]);
    let check = || {
        xtask()
            .args(["gifs", "--check", "--scene"])
            .arg(&scene)
            .arg("--out")
            .arg(&out)
            .output()
            .unwrap()
    };
    let missing = check();
    assert_code(&missing, 1);
    assert!(
        stderr(&missing).contains("Checked.gif: missing"),
        "{}",
        stderr(&missing)
    );

    assert_code(&make(), 0);
    let fresh = check();
    assert_code(&fresh, 0);
    assert!(String::from_utf8_lossy(&fresh.stdout).contains("up to date"));

    // A changed learning rate makes the image stale.
    let original = std::fs::read_to_string(&scene).unwrap();
    std::fs::write(
        &scene,
        original.replace(
            "learning_rate = 0.05\n\n[[runs]]",
            "learning_rate = 0.04\n\n[[runs]]",
        ),
    )
    .unwrap();
    let stale = check();
    assert_code(&stale, 1);
    assert!(
        stderr(&stale).contains("Checked.gif: stale"),
        "{}",
        stderr(&stale)
    );
    assert!(
        error_line(&stale).contains("run `cargo xtask gifs`"),
        "{}",
        stderr(&stale)
    );
    std::fs::write(&scene, &original).unwrap();
    assert_code(&check(), 0);

    // An edited GIF is reported, and so is a deleted one.
    let gif = out.join("Checked.gif");
    let mut bytes = std::fs::read(&gif).unwrap();
    let n = bytes.len();
    bytes[n / 2] ^= 0xff;
    std::fs::write(&gif, &bytes).unwrap();
    assert!(stderr(&check()).contains("Checked.gif: modified"));
    std::fs::remove_file(&gif).unwrap();
    assert!(stderr(&check()).contains("Checked.gif: missing"));
}

#[test]
fn the_readme_images_are_up_to_date() {
    // `--check` as a test: the committed images match the committed scenes.
    let run = xtask().args(["gifs", "--check"]).output().unwrap();
    assert_code(&run, 0);
}

#[test]
fn bad_output_folders_are_refused_before_any_work() {
    let dir = scratch("bad-out");
    let scene = small_scene(&dir, "Bad Out", "");
    let file = dir.join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let run = native_gifs(&scene, &file, &[]);
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("it is a file, not a folder"),
        "{}",
        stderr(&run)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a folder");

    // A folder this user cannot write to.
    let unwritable = if is_root() {
        std::path::PathBuf::from("/sys/kernel")
    } else {
        let d = dir.join("read-only");
        std::fs::create_dir_all(&d).unwrap();
        set_mode(&d, 0o555);
        d
    };
    let run = native_gifs(&scene, &unwritable, &[]);
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("cannot be used"),
        "{}",
        stderr(&run)
    );
    assert_eq!(stderr(&run).lines().count(), 1, "{}", stderr(&run));
}

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) {}

#[test]
fn temporary_files_left_by_a_killed_run_are_cleaned_by_the_next() {
    // A run killed with SIGKILL cannot clean up; the next run into the folder does.
    let dir = scratch("stale-temps");
    let scene = small_scene(&dir, "Stale", "");
    let out = dir.join("images");
    std::fs::create_dir_all(&out).unwrap();
    let stale = out.join(".Stale.gif.99999-0.tmp.gif");
    std::fs::write(&stale, "half a GIF").unwrap();
    let mine = out.join(".my-notes.txt");
    std::fs::write(&mine, "keep me").unwrap();
    assert_code(&native_gifs(&scene, &out, &[]), 0);
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert_eq!(std::fs::read_to_string(&mine).unwrap(), "keep me");
}

#[test]
fn two_scenes_writing_the_same_image_are_refused() {
    let dir = scratch("dupes");
    let a = small_scene(&dir, "Same Name", "");
    let b = dir.join("copy.toml");
    std::fs::copy(&a, &b).unwrap();
    let run = xtask()
        .args(["gifs", "--encoder", "native", "--scene"])
        .arg(&a)
        .arg("--scene")
        .arg(&b)
        .arg("--out")
        .arg(dir.join("images"))
        .output()
        .unwrap();
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("would both write SameName.gif"),
        "{}",
        stderr(&run)
    );
}

/// Makes images natively in a fresh `out`, then returns its contents.
fn existing_images(dir: &Path, scene: &Path) -> std::path::PathBuf {
    let out = dir.join("images");
    let run = native_gifs(scene, &out, &[]);
    assert_code(&run, 0);
    out
}

#[cfg(unix)]
#[test]
fn a_failing_or_killed_ffmpeg_leaves_the_images_as_they_were() {
    let dir = scratch("ffmpeg-fails");
    let scene = small_scene(&dir, "Never Lost", "");
    let second = small_scene(&dir, "Other Scene", "");
    let out = existing_images(&dir, &scene);
    let before = snapshot(&out);
    let videos = dir.join("videos");
    for (name, body, expect) in [
        (
            "ffmpeg-fails",
            "head -c 100000 >/dev/null; echo 'Conversion failed!' >&2; exit 1",
            "exited with code 1",
        ),
        (
            "ffmpeg-killed",
            "head -c 100000 >/dev/null; kill -9 $$",
            "was killed",
        ),
        ("ffmpeg-no-output", "cat >/dev/null; exit 0", "wrote no MP4"),
    ] {
        let fake = script(
            &dir,
            name,
            &format!(
                "case \" $* \" in *\" -version \"*) echo 'ffmpeg version fake'; exit 0;; esac\n{body}"
            ),
        );
        let run = gifs_into("ffmpeg", &scene, &out, &videos)
            .env("FFMPEG", &fake)
            .args(["--jobs", "1", "--scene"])
            .arg(&second)
            .output()
            .unwrap();
        assert_code(&run, 1);
        let err = stderr(&run);
        assert!(err.contains(expect), "{name}: {err}");
        assert!(
            error_line(&run).contains("nothing was replaced"),
            "{name}: {err}"
        );
        assert_eq!(snapshot(&out), before, "{name} changed the images");
        assert!(
            temp_files(&out).is_empty(),
            "{name}: {:?}",
            temp_files(&out)
        );
        assert!(
            temp_files(&videos).is_empty(),
            "{name}: {:?}",
            temp_files(&videos)
        );
    }
}

/// A run slow enough to interrupt: a big native scene.
fn slow_run(dir: &Path, out: &Path) -> std::process::Child {
    let scene = small_scene(dir, "Slow Scene", "");
    let text = std::fs::read_to_string(&scene)
        .unwrap()
        .replace("frames = 20", "frames = 3000")
        .replace("steps = 40", "steps = 3000")
        .replace("width = 320", "width = 1280")
        .replace("height = 240", "height = 720");
    std::fs::write(&scene, text).unwrap();
    xtask()
        .args(["gifs", "--encoder", "native", "--jobs", "1", "--scene"])
        .arg(&scene)
        .arg("--out")
        .arg(out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits until `out` holds a lock file naming a process, i.e. a run has started writing.
fn wait_for_lock(out: &Path) {
    let lock = out.join(".optim-anim.lock");
    let start = Instant::now();
    while std::fs::read_to_string(&lock).map_or(true, |s| s.trim().is_empty()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the run never started"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
fn interrupt(child: &std::process::Child) {
    let ok = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[cfg(unix)]
#[test]
fn ctrl_c_mid_run_leaves_the_images_as_they_were() {
    let dir = scratch("ctrl-c");
    let scene = small_scene(&dir, "Slow Scene", "");
    let out = existing_images(&dir, &scene);
    let before = snapshot(&out);
    let child = slow_run(&dir, &out);
    wait_for_lock(&out);
    std::thread::sleep(Duration::from_millis(400));
    interrupt(&child);
    let run = child.wait_with_output().unwrap();
    assert_code(&run, 130);
    assert!(error_line(&run).contains("interrupted"), "{}", stderr(&run));
    assert_eq!(
        snapshot(&out).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert_eq!(snapshot(&out), before);
    assert!(temp_files(&out).is_empty());
}

#[cfg(unix)]
#[test]
fn a_second_run_into_the_same_folder_refuses_while_the_first_runs() {
    let dir = scratch("concurrent");
    let out = dir.join("images");
    std::fs::create_dir_all(&out).unwrap();
    let first = slow_run(&dir, &out);
    wait_for_lock(&out);
    let scene = small_scene(&dir, "Second Run", "");
    let second = native_gifs(&scene, &out, &[]);
    assert_code(&second, 1);
    let line = error_line(&second);
    assert!(
        line.contains("another run (process") && line.contains("is writing to"),
        "{line}"
    );
    assert!(line.contains("choose another --out"), "{line}");
    interrupt(&first);
    let first = first.wait_with_output().unwrap();
    assert_code(&first, 130);
    // Neither left a torn or temporary file behind.
    assert!(temp_files(&out).is_empty());
    assert!(!out.join("SecondRun.gif").exists() && !out.join("SlowScene.gif").exists());
}
