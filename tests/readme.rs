//! The README stays true: its two commands lead it, and its complete example scene works.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use integration_tests::root;
use render::Renderer;
use scene::Scene;

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The first ```toml block after `marker`.
fn toml_block_after(text: &str, marker: &str) -> String {
    let from = text
        .find(marker)
        .unwrap_or_else(|| panic!("README lacks {marker:?}"));
    let rest = &text[from..];
    let start = rest.find("```toml\n").unwrap() + "```toml\n".len();
    let end = rest[start..].find("```").unwrap();
    rest[start..start + end].to_owned()
}

#[test]
fn the_two_commands_come_first() {
    let text = readme();
    let first_block = text.split("```sh\n").nth(1).unwrap();
    let lines: Vec<&str> = first_block.lines().take(2).collect();
    assert!(lines[0].starts_with("cargo xtask gifs "), "{lines:?}");
    assert!(lines[1].starts_with("cargo test --workspace "), "{lines:?}");
}

#[test]
fn the_complete_example_uses_every_field_and_runs() {
    let example = toml_block_after(&readme(), "A complete example");
    for field in scene::SCENE_FIELDS.into_iter().chain(scene::RUN_FIELDS) {
        let written = if field == "runs" {
            example.contains("[[runs]]")
        } else {
            example
                .lines()
                .any(|l| l.starts_with(&format!("{field} =")))
        };
        assert!(written, "the example lacks {field}");
    }
    let scene = Scene::from_toml(&example, "README.md").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scene.gif_name(), "MyComparison.gif");
    assert_eq!(scene.mp4_name(), "animation_My_Comparison.mp4");
    let sim = scene::simulate(&scene).unwrap();
    // The same optimizer at two learning rates gets two colours.
    let mut r = Renderer::new(&sim).unwrap();
    let colors: Vec<_> = (0..sim.runs.len())
        .map(|i| r.run_color(i).unwrap())
        .collect();
    assert_ne!(colors[0], colors[1]);
    let mut frame = Vec::new();
    r.render_frame(r.timeline().len() - 1, &mut frame).unwrap();
    assert_eq!(frame.len(), 800 * 600 * 3);
}
