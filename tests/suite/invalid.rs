//! Every error path: a site under `tests/fixtures/invalid/<case>/` and the exact
//! diagnostics `brief build` and `brief check` print for it in `expected.txt`.

use super::support::{assert_matches_file, brief, fixtures, stderr};

fn check(case: &str) {
    let root = fixtures().join("invalid").join(case);
    let out = tempfile::tempdir().unwrap();
    let output = brief(
        &root,
        &[
            "build",
            "--output",
            out.path().join("public").to_str().unwrap(),
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{case}: {}", stderr(&output));
    assert!(
        !out.path().join("public").exists(),
        "{case}: a failed build wrote output"
    );
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "{case}: staging left behind"
    );
    assert_matches_file(&stderr(&output), &root.join("expected.txt"));
    let checked = brief(&root, &["check"]);
    assert_eq!(
        checked.status.code(),
        Some(1),
        "{case}: {}",
        stderr(&checked)
    );
    assert_matches_file(&stderr(&checked), &root.join("expected.txt"));
}

macro_rules! invalid {
    ($($name:ident => $case:literal),* $(,)?) => {
        $(#[test] fn $name() { check($case) })*

        /// Every fixture folder has a test above.
        #[test]
        fn every_invalid_fixture_is_tested() {
            let mut listed = vec![$($case),*];
            listed.sort();
            let mut on_disk: Vec<String> = std::fs::read_dir(fixtures().join("invalid"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            on_disk.sort();
            assert_eq!(listed, on_disk);
        }
    };
}

invalid! {
    bad_dates => "bad-dates",
    bad_grades => "bad-grades",
    config_errors => "config-errors",
    draft_reference => "draft-reference",
    duplicate_id_across_formats => "duplicate-id-across-formats",
    empty_id => "empty-id",
    empty_files => "empty-files",
    invalid_utf8 => "invalid-utf8",
    malformed_toml => "malformed-toml",
    malformed_yaml => "malformed-yaml",
    missing_references => "missing-references",
    missing_required => "missing-required",
    static_collision => "static-collision",
    template_render_error => "template-render-error",
    template_syntax_error => "template-syntax-error",
    unclosed_front_matter => "unclosed-front-matter",
    unknown_explicit_link => "unknown-explicit-link",
    unknown_key => "unknown-key",
    unknown_key_in_stance => "unknown-key-in-stance",
    unknown_quote_evidence => "unknown-quote-evidence",
    unknown_vocabulary => "unknown-vocabulary",
    wrong_types => "wrong-types",
    yaml_positions => "yaml-positions",
}
