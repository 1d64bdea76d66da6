//! The rule packs shipped in `rules/`, embedded in the binary.

use crate::pack_error::SourceFile;

const BUILTIN: &[(&str, &str)] = &[
    ("rules/vocab.rules", include_str!("../rules/vocab.rules")),
    ("rules/idea.rules", include_str!("../rules/idea.rules")),
    ("rules/para.rules", include_str!("../rules/para.rules")),
    (
        "rules/quality.rules",
        include_str!("../rules/quality.rules"),
    ),
];

/// The built-in packs, in load order.
pub fn builtin() -> Vec<SourceFile> {
    BUILTIN
        .iter()
        .map(|(name, text)| SourceFile::new(*name, *text))
        .collect()
}
