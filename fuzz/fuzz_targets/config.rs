//! Arbitrary text as `ieplint.toml`: parsed, every error located.

#![no_main]

use ieplint::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let file = SourceFile::new("ieplint.toml", text);
    match ieplint::parse_config(file, std::path::PathBuf::from("/project")) {
        Ok(config) => {
            std::hint::black_box(config);
        }
        Err(problems) => {
            for p in &problems {
                std::hint::black_box(p.line_column());
            }
        }
    }
});
