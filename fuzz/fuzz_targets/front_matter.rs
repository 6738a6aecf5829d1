//! Any file of any kind: parsing never panics, and every diagnostic points
//! inside the file.
#![no_main]

use std::path::Path;

use brief::content::{Kind, LoadOptions, load_texts};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    for kind in Kind::ALL {
        let rel = Path::new("content").join(kind.folder()).join("fuzzed.md");
        let (_, diagnostics) = load_texts([(kind, rel.as_path(), text)], &LoadOptions::default());
        let lines = text.lines().count().max(1) + 1;
        for d in diagnostics.iter() {
            assert!(
                d.line <= lines,
                "{d} is past the end of a {lines}-line file"
            );
        }
    }
});
