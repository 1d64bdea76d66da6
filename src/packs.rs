//! The rule packs shipped in `rules/`, embedded in the binary.

#[cfg(feature = "cli")]
use std::path::{Path, PathBuf};

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

/// Whether `file` is a built-in pack as shipped.
fn is_builtin(file: &SourceFile) -> bool {
    BUILTIN
        .iter()
        .any(|(name, text)| *file.name == **name && *file.text == **text)
}

/// The built-in packs among `files`, as shipped, when every one of them is
/// there: then their patterns are those the tests compile (a district's
/// copy of a pack changes what the others splice into theirs). Empty
/// otherwise.
pub fn builtin_unchanged<'f>(
    files: impl IntoIterator<Item = &'f SourceFile>,
) -> Vec<&'f SourceFile> {
    let shipped: Vec<&SourceFile> = files.into_iter().filter(|f| is_builtin(f)).collect();
    if shipped.len() == BUILTIN.len() {
        shipped
    } else {
        Vec::new()
    }
}

/// The built-in packs with `extra` packs added; an extra pack with the
/// name of a built-in one (`pack vocab`, a district's copy of the
/// vocabulary) takes its place, so a built-in pack can be changed without
/// rebuilding ieplint.
#[cfg(feature = "cli")]
pub fn with_builtin(extra: Vec<SourceFile>) -> Vec<SourceFile> {
    let replaced: Vec<String> = extra
        .iter()
        .filter_map(|f| crate::syntax::pack_name(&f.text))
        .collect();
    builtin()
        .into_iter()
        .filter(|b| {
            // Without packs of their own, no header needs reading.
            replaced.is_empty()
                || crate::syntax::pack_name(&b.text).is_none_or(|n| !replaced.contains(&n))
        })
        .chain(extra)
        .collect()
}

/// A rule pack file, or every `*.rules` file under a folder, sorted; each
/// with its canonical path, so a file named twice is loaded once.
#[cfg(feature = "cli")]
pub fn from_path(path: &Path) -> Result<Vec<(PathBuf, SourceFile)>, String> {
    let mut paths = Vec::new();
    if path.is_dir() {
        for entry in ignore::WalkBuilder::new(path).build() {
            let entry = entry.map_err(|e| e.to_string())?;
            if entry.path().extension().is_some_and(|x| x == "rules") {
                paths.push(entry.into_path());
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err("the folder has no *.rules files".into());
        }
    } else {
        paths.push(path.to_path_buf());
    }
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(|e| e.to_string())?;
            let key = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
            Ok((key, SourceFile::new(p.display().to_string(), text)))
        })
        .collect()
}
