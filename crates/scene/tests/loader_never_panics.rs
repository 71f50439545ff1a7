//! The scene loader meets arbitrary bytes and arbitrary TOML values without panicking, and
//! every rejection is one line naming the file.

#![allow(clippy::unwrap_used)] // test code: a panic is the failure report

use proptest::prelude::*;
use scene::Scene;
use toml::Value;

/// Every field name the loader knows, a few it does not, and the domain's keys.
fn keys() -> Vec<&'static str> {
    scene::SCENE_FIELDS
        .into_iter()
        .chain(scene::RUN_FIELDS)
        .chain(["x", "y", "other"])
        .collect()
}

const GOOD: &str = r#"title = "Fuzz"
surface = "peaks-and-valleys"
start = [0.5, -0.5]
steps = 20
frames = 10

[[runs]]
optimizer = "rmsprop"
learning_rate = 0.01
beta = 0.8

[[runs]]
optimizer = "adam"
learning_rate = 0.02
"#;

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::Boolean),
        any::<i64>().prop_map(Value::Integer),
        prop_oneof![
            Just(i64::MIN),
            Just(-1i64),
            Just(0i64),
            Just(1i64),
            Just(2i64),
            Just(3000i64),
            Just(100_000i64),
            Just(100_001i64),
            Just(i64::MAX)
        ]
        .prop_map(Value::Integer),
        any::<f64>().prop_map(Value::Float),
        prop_oneof![
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(-0.0),
            Just(1e-300),
            Just(1e300),
            Just(0.999_999_999_999_999_9)
        ]
        .prop_map(Value::Float),
        "\\PC{0,12}".prop_map(Value::String),
        prop::sample::select(vec![
            "sgd",
            "adagrad",
            "rmsprop",
            "adam",
            "smooth-valley",
            "narrow-valley",
            "saddle-point",
            "peaks-and-valleys",
            "",
            "..",
            "/",
            "A b",
        ])
        .prop_map(|s| Value::String(s.to_owned())),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(prop::sample::select(keys()), inner, 0..6).prop_map(|m| {
                Value::Table(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
            }),
        ]
    })
}

fn check(text: &str) {
    match Scene::from_toml(text, "fuzz.toml") {
        // Whatever the loader accepts must also simulate without panicking.
        Ok(scene) => {
            let _ = scene::simulate(&scene);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(shown.starts_with("fuzz.toml"), "{shown}");
            assert!(!shown.contains('\n'), "{shown}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Err(e) = Scene::from_bytes(&bytes, "fuzz.toml") {
            prop_assert!(!e.to_string().contains('\n'));
        }
    }

    #[test]
    fn arbitrary_toml_tables(
        table in prop::collection::btree_map(prop::sample::select(keys()), value(), 0..10)
    ) {
        let table: toml::Table = table.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if let Ok(text) = toml::to_string(&table) {
            check(&text);
        }
    }

    #[test]
    fn a_good_scene_with_one_value_replaced(line in 0usize..14, v in value()) {
        let replacement = toml::to_string(&toml::Table::from_iter([("k".to_owned(), v)]))
            .unwrap_or_default();
        let replacement = replacement.trim_start_matches("k = ").trim_end();
        let text: Vec<String> = GOOD
            .lines()
            .enumerate()
            .map(|(i, l)| match l.split_once(" = ") {
                Some((key, _)) if i == line => format!("{key} = {replacement}"),
                _ => l.to_owned(),
            })
            .collect();
        check(&text.join("\n"));
    }

    #[test]
    fn a_good_scene_cut_or_corrupted(cut in 0usize..GOOD.len(), byte in any::<u8>()) {
        let mut bytes = GOOD.as_bytes().to_vec();
        bytes[cut] = byte;
        let _ = Scene::from_bytes(&bytes, "fuzz.toml");
        let _ = Scene::from_bytes(&GOOD.as_bytes()[..cut], "fuzz.toml");
    }
}

#[test]
fn the_unmodified_scene_is_accepted() {
    // Guards the generators above: the base text must itself be valid.
    let scene = Scene::from_toml(GOOD, "fuzz.toml").unwrap();
    assert_eq!(scene.runs.len(), 2);
    assert!(scene::simulate(&scene).is_ok());
}
