//! `cargo xtask convert`: the seed's `.bat` on a folder of MP4s.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

mod common;

use std::path::Path;

use common::*;

/// A one-second test-pattern MP4 at `path`.
fn test_video(path: &Path) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let ok = std::process::Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i"])
        .args([
            "testsrc=size=320x240:rate=30",
            "-t",
            "1",
            "-pix_fmt",
            "yuv420p",
            "-y",
        ])
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "could not make {}", path.display());
}

#[test]
fn converts_nested_and_awkward_paths_and_names_each_failure() {
    if !require_ffmpeg("converts_nested_and_awkward_paths_and_names_each_failure") {
        return;
    }
    let dir = scratch("convert");
    let videos = dir.join("videos");
    test_video(&videos.join("animation_Smooth_Valley.mp4"));
    test_video(&videos.join("dir with space/it's \"quoted\"/animation_Peaks_and_Valleys.mp4"));
    test_video(&videos.join("-leading-dash/animation_-Saddle_Point.mp4"));
    test_video(&videos.join("not_a_scene.mp4"));
    std::fs::create_dir_all(videos.join("deep")).unwrap();
    std::fs::write(videos.join("deep/animation_Broken.mp4"), "not a video").unwrap();
    let out = dir.join("gifs out");

    let run = convert(&videos, &out);
    assert_code(&run, 1);
    let err = stderr(&run);
    assert!(
        err.contains("failed: ") && err.contains("animation_Broken.mp4"),
        "{err}"
    );
    let last = error_line(&run);
    assert!(
        last.contains("1 failed") && last.contains("animation_Broken.mp4"),
        "{last}"
    );

    let mut made: Vec<String> = snapshot(&out).into_keys().collect();
    made.sort();
    assert_eq!(
        made,
        [
            "-SaddlePoint.gif",
            "PeaksandValleys.gif",
            "SmoothValley.gif"
        ]
    );
    for name in &made {
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(bytes.starts_with(b"GIF89a"), "{name}");
        // The seed scales to 800 px wide: the logical screen width is 800.
        assert_eq!(u16::from_le_bytes([bytes[6], bytes[7]]), 800, "{name}");
    }
    assert!(temp_files(&out).is_empty(), "{:?}", temp_files(&out));

    // Without the broken one everything converts and the exit code is 0.
    std::fs::remove_file(videos.join("deep/animation_Broken.mp4")).unwrap();
    let run = convert(&videos, &out);
    assert_code(&run, 0);
}

#[test]
fn a_missing_folder_or_no_videos_is_a_clear_error() {
    let dir = scratch("convert-bad");
    let run = convert(&dir.join("nope"), &dir.join("out"));
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("is not a folder"),
        "{}",
        stderr(&run)
    );
    if !require_ffmpeg("a_missing_folder_or_no_videos_is_a_clear_error") {
        return;
    }
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let run = convert(&dir.join("empty"), &dir.join("out"));
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("no animation_*.mp4 files"),
        "{}",
        stderr(&run)
    );
}

#[test]
fn convert_without_ffmpeg_says_how_to_install_it() {
    let dir = scratch("convert-no-ffmpeg");
    std::fs::create_dir_all(dir.join("videos")).unwrap();
    let run = xtask()
        .env("PATH", empty_path(&dir))
        .env_remove("FFMPEG")
        .arg("convert")
        .arg(dir.join("videos"))
        .arg(dir.join("out"))
        .output()
        .unwrap();
    assert_code(&run, 2);
    assert!(
        error_line(&run).contains("convert needs ffmpeg"),
        "{}",
        stderr(&run)
    );
    assert!(
        error_line(&run).contains("apt-get install ffmpeg"),
        "{}",
        stderr(&run)
    );
}
