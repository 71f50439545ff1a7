//! Reading a scene file and validating every value, with errors that point at the line.

use std::fmt;
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use optim_core::{OptimizerConfig, OptimizerKind, format_value};
use serde::Deserialize;
use surfaces::Domain;
use toml::Spanned;

use crate::model::{LIMITS, Scene, Video};

/// The largest scene file accepted, in bytes (1 MiB).
pub const MAX_FILE_BYTES: u64 = 1 << 20;

/// Why a scene file was rejected: one line naming the file, where, and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SceneError {
    /// The file as the user named it.
    pub path: String,
    /// 1-based line and column of the problem, where it has one.
    pub location: Option<(usize, usize)>,
    /// What is wrong and what is allowed, on one line.
    pub message: String,
}

impl fmt::Display for SceneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.location {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.path, self.message),
            None => write!(f, "{}: {}", self.path, self.message),
        }
    }
}

impl std::error::Error for SceneError {}

/// The top-level fields a scene file may hold, in the order errors list them.
pub const SCENE_FIELDS: [&str; 10] = [
    "title", "surface", "start", "steps", "domain", "frames", "fps", "width", "height", "runs",
];

/// The fields a `[[runs]]` table may hold, in the order errors list them.
pub const RUN_FIELDS: [&str; 6] = [
    "optimizer",
    "learning_rate",
    "beta",
    "beta1",
    "beta2",
    "epsilon",
];

/// What a scene must contain, for messages about empty or incomplete files.
const NEEDS: &str = "a scene needs `title`, `surface`, `start`, `steps` and at least one `[[runs]]` \
                     table with `optimizer` and `learning_rate`";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScene {
    title: Spanned<String>,
    surface: Spanned<String>,
    start: Spanned<Vec<f64>>,
    steps: Spanned<i64>,
    domain: Option<Spanned<RawDomain>>,
    frames: Option<Spanned<i64>>,
    fps: Option<Spanned<i64>>,
    width: Option<Spanned<i64>>,
    height: Option<Spanned<i64>>,
    runs: Spanned<Vec<Spanned<RawRun>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDomain {
    x: Spanned<Vec<f64>>,
    y: Spanned<Vec<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRun {
    optimizer: Spanned<String>,
    learning_rate: Spanned<f64>,
    beta: Option<Spanned<f64>>,
    beta1: Option<Spanned<f64>>,
    beta2: Option<Spanned<f64>>,
    epsilon: Option<Spanned<f64>>,
}

impl RawRun {
    /// The hyperparameters written besides the learning rate, with their spans.
    fn extras(&self) -> impl Iterator<Item = (&'static str, &Spanned<f64>)> {
        [
            ("beta", &self.beta),
            ("beta1", &self.beta1),
            ("beta2", &self.beta2),
            ("epsilon", &self.epsilon),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| (name, v)))
    }
}

/// Turns byte offsets of one file into located errors.
struct Source<'a> {
    label: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn error(&self, message: impl Into<String>) -> SceneError {
        SceneError {
            path: self.label.to_owned(),
            location: None,
            message: one_line(&message.into()),
        }
    }

    fn error_at(&self, span: Range<usize>, message: impl Into<String>) -> SceneError {
        SceneError {
            location: Some(line_column(self.text, span.start)),
            ..self.error(message)
        }
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Joins a possibly multi-line message into one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Rewrites a TOML or serde message into words a scene author uses, naming the key at `offset`.
fn friendly(message: &str, text: &str, offset: Option<usize>) -> String {
    let mut m = message
        .replace("expected f64", "expected a number")
        .replace("expected i64", "expected a whole number")
        .replace("expected a sequence", "expected an array")
        .replace("a string", "a quoted string");
    if let Some(field) = m
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
    {
        let hint = match field {
            "optimizer" | "learning_rate" => {
                "each [[runs]] table needs `optimizer` and `learning_rate`"
            }
            "x" | "y" => "`domain` needs both `x = [min, max]` and `y = [min, max]`",
            _ => NEEDS,
        };
        m = format!("{m}: {hint}");
    }
    let key = offset.and_then(|o| key_at(text, o));
    if let Some(key) = key {
        if key == "runs" && m.contains("expected an array") {
            m.push_str(": write each run as its own [[runs]] table");
        }
        if !m.contains(&format!("`{key}`")) {
            m = format!("`{key}`: {m}");
        }
    }
    m
}

/// The key written on the line holding byte `offset`: `steps` in `steps = 10`, `runs` in `[runs]`.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let offset = offset.min(text.len());
    let start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[start..end].trim();
    let key = if let Some(header) = line.strip_prefix('[') {
        header.trim_start_matches('[').split(']').next()?
    } else {
        line.split('=').next().filter(|_| line.contains('='))?
    };
    let key = key.trim().trim_matches('"').trim_matches('\'');
    (!key.is_empty() && key.len() < 64).then(|| key.to_owned())
}

impl Scene {
    /// Reads and validates the scene file at `path`.
    pub fn load(path: &Path) -> Result<Scene, SceneError> {
        let label = path.display().to_string();
        let src = Source {
            label: &label,
            text: "",
        };
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                src.error("no such file: check the path (the built-in scenes are in scenes/)")
            }
            _ => src.error(format!("cannot read the file: {e}")),
        })?;
        if meta.is_dir() {
            return Err(
                src.error("is a directory: give a scene file such as scenes/smooth-valley.toml")
            );
        }
        let too_big = |n: u64| {
            src.error(format!(
                "is {n} bytes: a scene file may hold at most {MAX_FILE_BYTES} bytes (1 MiB)"
            ))
        };
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_big(meta.len()));
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        std::fs::File::open(path)
            .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
            .map_err(|e| src.error(format!("cannot read the file: {e}")))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_big(bytes.len() as u64));
        }
        Scene::from_bytes(&bytes, &label)
    }

    /// Validates a scene file's raw bytes; `label` names the file in errors.
    pub fn from_bytes(bytes: &[u8], label: &str) -> Result<Scene, SceneError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Scene::from_toml(text, label),
            Err(e) => {
                let valid = &bytes[..e.valid_up_to()];
                // The prefix is valid UTF-8 by construction.
                let prefix = std::str::from_utf8(valid).unwrap_or_default();
                let (line, column) = line_column(prefix, prefix.len());
                Err(SceneError {
                    path: label.to_owned(),
                    location: Some((line, column)),
                    message: format!(
                        "the file is not UTF-8 text (byte 0x{:02x}): save it as UTF-8",
                        bytes[e.valid_up_to()]
                    ),
                })
            }
        }
    }

    /// Validates a scene given as TOML text; `label` names the file in errors.
    pub fn from_toml(text: &str, label: &str) -> Result<Scene, SceneError> {
        let src = Source { label, text };
        if text.trim().is_empty() {
            return Err(src.error(format!("the file is empty: {NEEDS}")));
        }
        let raw: RawScene = toml::from_str(text).map_err(|e| {
            let message = friendly(e.message(), text, e.span().map(|s| s.start));
            match e.span() {
                Some(span) => src.error_at(span, message),
                None => src.error(message),
            }
        })?;
        validate(raw, &src)
    }
}

fn validate(raw: RawScene, src: &Source<'_>) -> Result<Scene, SceneError> {
    let title = check_title(&raw.title, src)?;
    let surface = surfaces::by_name(raw.surface.get_ref()).ok_or_else(|| {
        src.error_at(
            raw.surface.span(),
            format!(
                "unknown surface `{}`: valid surfaces are {}",
                raw.surface.get_ref(),
                surfaces::names().collect::<Vec<_>>().join(", ")
            ),
        )
    })?;

    let domain = match &raw.domain {
        None => surface.domain(),
        Some(d) => {
            let inner = d.get_ref();
            let x = check_interval(&inner.x, "domain.x", src)?;
            let y = check_interval(&inner.y, "domain.y", src)?;
            Domain::new(x[0], x[1], y[0], y[1])
        }
    };

    let start = check_pair(&raw.start, "start", src)?;
    if !start.iter().all(|v| v.is_finite()) {
        return Err(src.error_at(
            raw.start.span(),
            format!(
                "start = [{}, {}] is not allowed: both coordinates must be finite numbers",
                format_value(start[0]),
                format_value(start[1])
            ),
        ));
    }
    if !domain.contains(start[0], start[1]) {
        return Err(src.error_at(
            raw.start.span(),
            format!(
                "start = [{}, {}] lies outside the plotted domain x in [{}, {}], y in [{}, {}]: \
                 choose a start inside it or widen `domain`",
                format_value(start[0]),
                format_value(start[1]),
                domain.x_min,
                domain.x_max,
                domain.y_min,
                domain.y_max
            ),
        ));
    }

    let steps = check_int(&raw.steps, "steps", 1, LIMITS.max_steps, false, src)?;
    let defaults = Video::default();
    let video = Video {
        frames: optional_int(&raw.frames, "frames", 1, LIMITS.max_frames, false, src)?
            .unwrap_or(defaults.frames),
        fps: optional_int(&raw.fps, "fps", 1, LIMITS.max_fps, false, src)?.unwrap_or(defaults.fps),
        width: optional_int(
            &raw.width,
            "width",
            LIMITS.width.0,
            LIMITS.width.1,
            true,
            src,
        )?
        .unwrap_or(defaults.width),
        height: optional_int(
            &raw.height,
            "height",
            LIMITS.height.0,
            LIMITS.height.1,
            true,
            src,
        )?
        .unwrap_or(defaults.height),
    };

    let runs_list = raw.runs.get_ref();
    if runs_list.is_empty() {
        return Err(src.error_at(
            raw.runs.span(),
            "`runs` is empty: add at least one [[runs]] table with `optimizer` and `learning_rate`",
        ));
    }
    if runs_list.len() > LIMITS.max_runs {
        return Err(src.error_at(
            runs_list[LIMITS.max_runs].span(),
            format!(
                "{} runs is too many: a scene may race at most {} (one per palette colour)",
                runs_list.len(),
                LIMITS.max_runs
            ),
        ));
    }
    let runs = runs_list
        .iter()
        .map(|run| check_run(run.get_ref(), src))
        .collect::<Result<Vec<_>, _>>()?;

    Ok(Scene {
        title,
        surface,
        domain,
        start: [start[0], start[1]],
        steps: steps as usize,
        runs,
        video,
    })
}

fn check_title(title: &Spanned<String>, src: &Source<'_>) -> Result<String, SceneError> {
    const PUNCTUATION: &str = "-_().,";
    let t = title.get_ref();
    let rule = "a title must start with a letter or digit and hold only letters, digits, spaces \
                and -_().,";
    let bad =
        |why: String| src.error_at(title.span(), format!("title {t:?} is not allowed: {why}"));
    let Some(first) = t.chars().next() else {
        return Err(bad(format!("it is empty; {rule}")));
    };
    if !first.is_alphanumeric() {
        return Err(bad(format!("it starts with {first:?}; {rule}")));
    }
    if let Some(c) = t
        .chars()
        .find(|&c| !(c.is_alphanumeric() || c == ' ' || PUNCTUATION.contains(c)))
    {
        return Err(bad(format!("it contains {c:?}; {rule}")));
    }
    // Windows refuses these device names as file names, whatever the extension.
    let stem = t.replace([' ', '_'], "");
    let reserved = ["CON", "PRN", "AUX", "NUL"]
        .iter()
        .map(|s| s.to_string())
        .chain((1..=9).flat_map(|i| [format!("COM{i}"), format!("LPT{i}")]))
        .any(|r| r.eq_ignore_ascii_case(&stem));
    if reserved {
        return Err(bad(format!(
            "{stem}.gif is a reserved device name on Windows; choose another title"
        )));
    }
    let n = t.chars().count();
    if n > LIMITS.max_title_chars {
        return Err(bad(format!(
            "it has {n} characters; at most {} are allowed",
            LIMITS.max_title_chars
        )));
    }
    Ok(t.clone())
}

fn check_pair(
    v: &Spanned<Vec<f64>>,
    field: &str,
    src: &Source<'_>,
) -> Result<[f64; 2], SceneError> {
    match v.get_ref().as_slice() {
        &[a, b] => Ok([a, b]),
        other => Err(src.error_at(
            v.span(),
            format!(
                "`{field}` has {} values: it must be a pair of numbers like [-1.5, 2.0]",
                other.len()
            ),
        )),
    }
}

fn check_interval(
    v: &Spanned<Vec<f64>>,
    field: &str,
    src: &Source<'_>,
) -> Result<[f64; 2], SceneError> {
    let [lo, hi] = check_pair(v, field, src)?;
    if lo.is_finite() && hi.is_finite() && lo < hi {
        Ok([lo, hi])
    } else {
        Err(src.error_at(
            v.span(),
            format!(
                "{field} = [{}, {}] is not allowed: it must be [min, max] with finite numbers and \
                 min below max",
                format_value(lo),
                format_value(hi)
            ),
        ))
    }
}

fn check_int(
    v: &Spanned<i64>,
    field: &str,
    min: u32,
    max: u32,
    even: bool,
    src: &Source<'_>,
) -> Result<u32, SceneError> {
    let n = *v.get_ref();
    let in_range = (i64::from(min)..=i64::from(max)).contains(&n);
    if in_range && (!even || n % 2 == 0) {
        Ok(n as u32)
    } else {
        let kind = if even {
            "an even whole number"
        } else {
            "a whole number"
        };
        Err(src.error_at(
            v.span(),
            format!("{field} = {n} is not allowed: it must be {kind} from {min} to {max}"),
        ))
    }
}

fn optional_int(
    v: &Option<Spanned<i64>>,
    field: &str,
    min: u32,
    max: u32,
    even: bool,
    src: &Source<'_>,
) -> Result<Option<u32>, SceneError> {
    v.as_ref()
        .map(|v| check_int(v, field, min, max, even, src))
        .transpose()
}

fn check_run(run: &RawRun, src: &Source<'_>) -> Result<OptimizerConfig, SceneError> {
    let name = run.optimizer.get_ref();
    let kind = OptimizerKind::from_name(name).ok_or_else(|| {
        src.error_at(
            run.optimizer.span(),
            format!(
                "unknown optimizer `{name}`: valid optimizers are {}",
                OptimizerKind::ALL.map(|k| k.name()).join(", ")
            ),
        )
    })?;
    let mut config = OptimizerConfig::with_defaults(kind, *run.learning_rate.get_ref());
    for (field, value) in run.extras() {
        if !config.set(field, *value.get_ref()) {
            let takes: Vec<_> = std::iter::once("learning_rate")
                .chain(kind.extra_hyperparameters().iter().copied())
                .collect();
            return Err(src.error_at(
                value.span(),
                format!(
                    "`{field}` does not apply to {name}: {name} takes {}",
                    takes.join(", ")
                ),
            ));
        }
    }
    config.build().map_err(|e| {
        let span = if e.field == "learning_rate" {
            run.learning_rate.span()
        } else {
            run.extras()
                .find(|(f, _)| *f == e.field)
                .map_or_else(|| run.learning_rate.span(), |(_, v)| v.span())
        };
        src.error_at(span, format!("{name}: {e}"))
    })?;
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"title = "Test Scene"
surface = "smooth-valley"
start = [-4.0, 2.0]
steps = 50

[[runs]]
optimizer = "sgd"
learning_rate = 0.1

[[runs]]
optimizer = "adam"
learning_rate = 0.05
beta1 = 0.8
"#;

    fn parse(text: &str) -> Result<Scene, SceneError> {
        Scene::from_toml(text, "my.toml")
    }

    /// Replaces the first line starting with `key` (or appends when `key` is empty).
    fn with(key: &str, line: &str) -> String {
        if key.is_empty() {
            return format!("{GOOD}{line}\n");
        }
        let mut done = false;
        GOOD.lines()
            .map(|l| {
                if !done && l.starts_with(key) {
                    done = true;
                    line.to_owned()
                } else {
                    l.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn rejected(text: &str) -> SceneError {
        match parse(text) {
            Ok(scene) => panic!("accepted {scene:?} from:\n{text}"),
            Err(e) => {
                let shown = e.to_string();
                assert!(!shown.contains('\n'), "not one line: {shown}");
                assert!(shown.starts_with("my.toml"), "{shown}");
                e
            }
        }
    }

    fn assert_error(text: &str, line: usize, needles: &[&str]) {
        let e = rejected(text);
        assert_eq!(e.location.map(|l| l.0), Some(line), "{e}");
        for n in needles {
            assert!(e.message.contains(n), "{e} lacks {n:?}");
        }
    }

    #[test]
    fn good_scene_loads_with_defaults_filled_in() {
        let scene = parse(GOOD).unwrap();
        assert_eq!(scene.title, "Test Scene");
        assert_eq!(scene.surface.name(), "smooth-valley");
        assert_eq!(scene.domain, scene.surface.domain());
        assert_eq!(scene.start, [-4.0, 2.0]);
        assert_eq!(scene.steps, 50);
        assert_eq!(scene.video, Video::default());
        assert_eq!(scene.runs.len(), 2);
        assert_eq!(
            scene.runs[1].hyperparameters(),
            vec![
                ("learning_rate", 0.05),
                ("beta1", 0.8),
                ("beta2", 0.999),
                ("epsilon", 1e-8)
            ]
        );
    }

    #[test]
    fn optional_fields_are_read() {
        let text = with(
            "steps",
            "steps = 7\nframes = 20\nfps = 25\nwidth = 640\nheight = 480\ndomain = { x = [-6, 6], y = [-4.5, 4] }",
        );
        let scene = parse(&text).unwrap();
        assert_eq!(
            scene.video,
            Video {
                frames: 20,
                fps: 25,
                width: 640,
                height: 480
            }
        );
        assert_eq!(scene.domain, Domain::new(-6.0, 6.0, -4.5, 4.0));
    }

    #[test]
    fn file_names_follow_the_seed() {
        let scene = parse(&with("title", r#"title = "Peaks and Valleys""#)).unwrap();
        assert_eq!(scene.mp4_name(), "animation_Peaks_and_Valleys.mp4");
        assert_eq!(scene.gif_name(), "PeaksandValleys.gif");
    }

    #[test]
    fn empty_and_blank_files() {
        for text in ["", "  \n\t\n"] {
            let e = rejected(text);
            assert!(e.message.contains("empty"), "{e}");
            assert!(e.message.contains("[[runs]]"), "{e}");
        }
    }

    #[test]
    fn malformed_toml_points_at_the_line() {
        assert_error(&with("steps", "steps = = 3"), 4, &["steps"]);
        assert_error(&with("title", "title = \"open"), 1, &["title"]);
    }

    #[test]
    fn non_utf8_bytes_are_located() {
        let mut bytes = b"title = \"A\"\nsurface = \"".to_vec();
        bytes.extend_from_slice(&[0xff, 0xfe]);
        let e = Scene::from_bytes(&bytes, "my.toml").unwrap_err();
        assert_eq!(e.location, Some((2, 12)));
        assert!(
            e.message.contains("UTF-8") && e.message.contains("0xff"),
            "{e}"
        );
    }

    #[test]
    fn unknown_fields_list_the_allowed_ones() {
        assert_error(
            &with("title", "title = \"T\"\ncolour = \"red\""),
            2,
            &["colour", "title", "runs"],
        );
        assert_error(
            &with("", "momentum = 0.9"),
            14,
            &["momentum", "beta1", "epsilon"],
        );
    }

    #[test]
    fn the_field_lists_match_what_the_loader_accepts() {
        let listed = |fields: &[&str]| {
            fields
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let e = rejected(&with("title", "title = \"T\"\nzzz = 1"));
        assert!(e.message.ends_with(&listed(&SCENE_FIELDS)), "{e}");
        let e = rejected(&with("", "zzz = 1"));
        assert!(e.message.ends_with(&listed(&RUN_FIELDS)), "{e}");
    }

    #[test]
    fn missing_fields_say_what_a_scene_needs() {
        assert_error(
            &with("steps", ""),
            1,
            &["missing field `steps`", "[[runs]]"],
        );
        assert_error(
            &with("learning_rate = 0.1", ""),
            6,
            &["missing field `learning_rate`", "optimizer"],
        );
        let no_runs: String = GOOD.lines().take(4).collect::<Vec<_>>().join("\n");
        assert_error(&no_runs, 1, &["missing field `runs`"]);
    }

    #[test]
    fn empty_runs_list() {
        let text = GOOD.lines().take(4).collect::<Vec<_>>().join("\n") + "\nruns = []\n";
        assert_error(&text, 5, &["at least one"]);
    }

    #[test]
    fn wrong_types_name_the_field() {
        assert_error(
            &with("steps", "steps = \"ten\""),
            4,
            &["`steps`", "whole number"],
        );
        assert_error(
            &with("steps", "steps = 2.5"),
            4,
            &["`steps`", "whole number"],
        );
        assert_error(&with("start", "start = 3"), 3, &["`start`", "array"]);
        assert_error(&with("title", "title = 3"), 1, &["`title`", "string"]);
        assert_error(
            &with("learning_rate = 0.1", "learning_rate = \"fast\""),
            8,
            &["`learning_rate`", "number"],
        );
        assert_error(&with("start", "start = [1.0, \"a\"]"), 3, &["`start`"]);
    }

    #[test]
    fn integers_are_accepted_where_numbers_are_expected() {
        let scene = parse(&with("learning_rate = 0.1", "learning_rate = 1")).unwrap();
        assert_eq!(scene.runs[0].learning_rate(), 1.0);
    }

    #[test]
    fn unknown_surface_and_optimizer_list_valid_names() {
        assert_error(
            &with("surface", "surface = \"rosenbrock\""),
            2,
            &[
                "rosenbrock",
                "smooth-valley, narrow-valley, saddle-point, peaks-and-valleys",
            ],
        );
        assert_error(
            &with("optimizer = \"sgd\"", "optimizer = \"momentum\""),
            7,
            &["momentum", "sgd, adagrad, rmsprop, adam"],
        );
        assert_error(
            &with("optimizer = \"sgd\"", "optimizer = \"SGD\""),
            7,
            &["`SGD`"],
        );
    }

    #[test]
    fn bad_learning_rates() {
        for value in ["nan", "inf", "-inf", "-0.1", "0", "0.0", "-0.0"] {
            let text = with("learning_rate = 0.1", &format!("learning_rate = {value}"));
            assert_error(&text, 8, &["learning_rate", "finite number greater than 0"]);
        }
    }

    #[test]
    fn bad_betas_and_epsilons() {
        for (line, needle) in [
            ("beta1 = 1.0", "beta1"),
            ("beta1 = -0.1", "beta1"),
            ("beta1 = nan", "beta1"),
            ("beta1 = 0.8\nbeta2 = 1.5", "beta2"),
            ("beta1 = 0.8\nepsilon = -1e-8", "epsilon"),
            ("beta1 = 0.8\nepsilon = inf", "epsilon"),
            ("beta1 = 0.8\nepsilon = nan", "epsilon"),
        ] {
            let text = with("beta1", line);
            let e = rejected(&text);
            assert!(e.message.contains(needle), "{e}");
            assert!(e.location.unwrap().0 >= 13, "{e}");
        }
    }

    #[test]
    fn hyperparameters_of_another_optimizer_are_rejected() {
        assert_error(
            &with("learning_rate = 0.1", "learning_rate = 0.1\nbeta1 = 0.9"),
            9,
            &["`beta1` does not apply to sgd", "learning_rate"],
        );
        assert_error(
            &with("beta1", "beta = 0.9"),
            13,
            &["`beta` does not apply to adam", "beta1, beta2, epsilon"],
        );
    }

    #[test]
    fn step_frame_and_size_limits() {
        let cases = [
            ("steps", "steps = 0", "from 1 to 100000"),
            ("steps", "steps = -5", "from 1 to 100000"),
            ("steps", "steps = 100001", "from 1 to 100000"),
            ("steps", "steps = 1\nframes = 0", "frames = 0"),
            ("steps", "steps = 1\nframes = 3001", "frames = 3001"),
            ("steps", "steps = 1\nfps = 0", "fps = 0"),
            ("steps", "steps = 1\nfps = 51", "fps = 51"),
            ("steps", "steps = 1\nwidth = 801", "even whole number"),
            ("steps", "steps = 1\nwidth = 0", "width = 0"),
            ("steps", "steps = 1\nwidth = 100000", "width = 100000"),
            ("steps", "steps = 1\nheight = 599", "even whole number"),
            ("steps", "steps = 1\nheight = 0", "height = 0"),
            ("steps", "steps = 1\nheight = 8192", "height = 8192"),
        ];
        for (key, line, needle) in cases {
            let e = rejected(&with(key, line));
            assert!(e.message.contains(needle), "{line}: {e}");
            assert!(e.location.is_some(), "{e}");
        }
        assert!(parse(&with("steps", "steps = 100000")).is_ok());
    }

    #[test]
    fn bad_starts() {
        assert_error(
            &with("start", "start = [9.0, 0.0]"),
            3,
            &["outside the plotted domain", "x in [-5, 5]"],
        );
        assert_error(&with("start", "start = [nan, 0.0]"), 3, &["finite"]);
        assert_error(&with("start", "start = [0.0, inf]"), 3, &["finite"]);
        assert_error(&with("start", "start = [1.0]"), 3, &["pair"]);
        assert_error(&with("start", "start = [1.0, 2.0, 3.0]"), 3, &["pair"]);
        // The start is checked against the file's own domain when it sets one.
        let widened = with(
            "start",
            "start = [9.0, 0.0]\ndomain = { x = [-10, 10], y = [-3, 3] }",
        );
        assert_eq!(parse(&widened).unwrap().start, [9.0, 0.0]);
    }

    #[test]
    fn bad_domains() {
        for d in [
            "domain = { x = [1, -1], y = [-3, 3] }",
            "domain = { x = [-5, 5], y = [2, 2] }",
            "domain = { x = [-inf, 5], y = [-3, 3] }",
            "domain = { x = [-5, nan], y = [-3, 3] }",
        ] {
            let e = rejected(&with("steps", &format!("steps = 3\n{d}")));
            assert!(e.message.contains("min below max"), "{d}: {e}");
            assert_eq!(e.location.map(|l| l.0), Some(5), "{e}");
        }
        assert_error(
            &with("steps", "steps = 3\ndomain = { x = [-5, 5] }"),
            5,
            &["missing field `y`"],
        );
    }

    #[test]
    fn titles_that_would_make_bad_file_names() {
        for bad in [
            "",
            " Lead",
            "-rf",
            ".hidden",
            "..",
            "a/b",
            "a\\\\b",
            "../x",
            "tab\\there",
            "new\\nline",
            "nul\\u0000",
            "star*",
            "what?",
            "<x>",
            "quote'",
            "colon:",
        ] {
            let e = rejected(&with("title", &format!("title = \"{bad}\"")));
            assert!(e.message.contains("letter or digit"), "{bad:?}: {e}");
            assert_eq!(e.location.map(|l| l.0), Some(1));
        }
        for reserved in ["CON", "nul", "Com 1", "L_P_T9"] {
            let e = rejected(&with("title", &format!("title = \"{reserved}\"")));
            assert!(
                e.message.contains("reserved device name"),
                "{reserved}: {e}"
            );
        }
        let long = "x".repeat(81);
        assert!(
            rejected(&with("title", &format!("title = \"{long}\"")))
                .message
                .contains("81")
        );
        for good in [
            "Saddle Point",
            "Rosenbrock (a 1, b 100)",
            "v2.0_final",
            "Ünïcode Tal",
        ] {
            assert!(
                parse(&with("title", &format!("title = \"{good}\""))).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn too_many_runs() {
        let run = "\n[[runs]]\noptimizer = \"sgd\"\nlearning_rate = 0.1\n";
        let text = format!("{GOOD}{}", run.repeat(7));
        let e = rejected(&text);
        assert!(e.message.contains("at most 8"), "{e}");
    }

    #[test]
    fn line_and_column_count_characters() {
        assert_eq!(line_column("ab\ncdé\nf", 0), (1, 1));
        assert_eq!(line_column("ab\ncdé\nf", 3), (2, 1));
        assert_eq!(line_column("ab\ncdé\nf", 7), (2, 4));
        assert_eq!(line_column("ab\ncdé\nf", 8), (3, 1));
        // An offset inside a multi-byte character falls back to its start.
        assert_eq!(line_column("é", 1), (1, 1));
    }

    mod files {
        use super::*;

        fn temp_dir(name: &str) -> std::path::PathBuf {
            let dir =
                std::env::temp_dir().join(format!("scene-load-{}-{name}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            dir
        }

        #[test]
        fn missing_file() {
            let e = Scene::load(Path::new("no/such/scene.toml")).unwrap_err();
            assert_eq!(e.path, "no/such/scene.toml");
            assert!(e.message.contains("no such file"), "{e}");
        }

        #[test]
        fn directory() {
            let dir = temp_dir("dir");
            let e = Scene::load(&dir).unwrap_err();
            assert!(e.message.contains("is a directory"), "{e}");
        }

        #[test]
        fn file_over_one_mebibyte() {
            let dir = temp_dir("big");
            let path = dir.join("big.toml");
            let mut text = GOOD.to_owned();
            text.push_str(&format!("# {}\n", "x".repeat(MAX_FILE_BYTES as usize)));
            std::fs::write(&path, text).unwrap();
            let e = Scene::load(&path).unwrap_err();
            assert!(e.message.contains("1 MiB"), "{e}");
            std::fs::remove_file(&path).unwrap();
        }

        #[test]
        fn good_file_and_non_utf8_file() {
            let dir = temp_dir("files");
            let path = dir.join("ok.toml");
            std::fs::write(&path, GOOD).unwrap();
            assert_eq!(Scene::load(&path).unwrap().title, "Test Scene");
            let bad = dir.join("latin1.toml");
            std::fs::write(&bad, b"title = \"Caf\xe9\"\n").unwrap();
            let e = Scene::load(&bad).unwrap_err();
            assert!(e.to_string().contains("latin1.toml:1:13: "), "{e}");
        }
    }
}
