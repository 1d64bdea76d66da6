//! Finding plan files, linting them in parallel, and locating findings.
//! Output order is fixed (by path, then position) whatever the threads.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use jiff::civil::Date;

use crate::document::{self, DocumentError};
use crate::finding::Target;
use crate::locate::SpanIndex;
use crate::results::{FileResult, Located, Outcome};
use crate::settings::Settings;
use crate::suppress::{self, Origin, Suppression};
use crate::Linter;

/// A plan to lint: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(PathBuf),
    /// Text already read (standard input), with the name to show.
    Text(String, Arc<str>),
    /// A path that could not be used, with the reason.
    Broken(String, String),
}

/// Expands paths: files as given, directories walked for `*.json`
/// (respecting `.gitignore` and hidden files), sorted.
pub fn expand(paths: &[PathBuf]) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(p)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build()
            {
                match entry {
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && e.path().extension().is_some_and(|x| x == "json") =>
                    {
                        found.push(Input::File(e.into_path()));
                    }
                    Ok(_) => {}
                    Err(err) => found.push(Input::Broken(p.display().to_string(), err.to_string())),
                }
            }
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(Input::File(p.clone()));
        } else {
            out.push(Input::Broken(
                p.display().to_string(),
                "no such file or directory".to_string(),
            ));
        }
    }
    out
}

/// What a run needs besides the inputs.
pub struct Job<'a> {
    /// The rules.
    pub linter: &'a Linter,
    /// Per-file options, paths and thresholds.
    pub settings: &'a Settings,
    /// The suppressions of the config file.
    pub suppressions: &'a [Suppression],
    /// Today, for expiring suppressions.
    pub today: Date,
    /// Keep each file's text after locating its findings (the human report
    /// quotes it); other reports need only the locations, so a large run
    /// holds no texts.
    pub keep_text: bool,
}

/// The results of a run: one per input, in the inputs' order, and which
/// config suppressions were used or concerned a linted file.
pub struct Run {
    /// Per input.
    pub results: Vec<FileResult>,
    /// Per config suppression: it covered a finding.
    pub used: Vec<bool>,
    /// Per config suppression: a linted file was within its `file`.
    pub concerned: Vec<bool>,
}

/// Lints every input in parallel; results keep the inputs' order, so the
/// output is the same whatever the number of threads.
pub fn lint_all(job: &Job, inputs: &[Input]) -> Run {
    let per_file: Vec<(FileResult, Vec<bool>, Vec<bool>)> =
        inputs.par_iter().map(|i| lint_one(job, i)).collect();
    let n = job.suppressions.len();
    let mut used = vec![false; n];
    let mut concerned = vec![false; n];
    let mut results = Vec::with_capacity(per_file.len());
    for (result, u, c) in per_file {
        for k in 0..n {
            used[k] |= u.get(k).copied().unwrap_or(false);
            concerned[k] |= c.get(k).copied().unwrap_or(false);
        }
        results.push(result);
    }
    Run {
        results,
        used,
        concerned,
    }
}

fn lint_one(job: &Job, input: &Input) -> (FileResult, Vec<bool>, Vec<bool>) {
    let n = job.suppressions.len();
    let (path, on_disk, text) = match input {
        Input::File(p) => (p.display().to_string(), Some(p.as_path()), read(p)),
        Input::Text(name, text) => (name.clone(), None, Ok(Arc::clone(text))),
        Input::Broken(name, why) => (
            name.clone(),
            None,
            Err(DocumentError {
                message: why.clone(),
                help: "check the path; ieplint reads plan files (*.json) and folders of them"
                    .into(),
                line: None,
                column: None,
            }),
        ),
    };
    let rel_path = on_disk.map_or_else(|| path.clone(), |p| job.settings.relative(p));
    let failed = |path: String, rel_path: String, text: Option<Arc<str>>, e: DocumentError| {
        (
            FileResult {
                path,
                rel_path,
                text,
                outcome: Outcome::Failed(e),
            },
            vec![false; n],
            vec![false; n],
        )
    };
    let text = match text {
        Ok(t) => t,
        Err(e) => return failed(path, rel_path, None, e),
    };
    let doc = match document::parse(Arc::clone(&text)) {
        Ok(doc) => doc,
        Err(e) => return failed(path, rel_path, Some(text), e),
    };
    let options = job.settings.options_for(job.linter, on_disk);
    let findings = job.linter.lint_with(&doc.value, &options);
    // A suppression is judged unused only where its rule ran.
    let ran = |rule: &str| {
        job.linter
            .rules()
            .iter()
            .zip(&options.severity)
            .any(|(r, s)| s.is_some() && crate::selection::matches(rule, &r.id))
    };
    let concerned: Vec<bool> = job
        .suppressions
        .iter()
        .map(|s| s.concerns(&rel_path) && ran(&s.rule))
        .collect();
    let mut used = vec![false; n];
    let mut kept = suppress::apply(findings, job.suppressions, &rel_path, job.today, &mut used);
    let (in_plan, mut meta) = suppress::from_plan(&doc.value);
    let mut plan_used = vec![false; in_plan.len()];
    kept = suppress::apply(kept, &in_plan, &rel_path, job.today, &mut plan_used);
    for (s, was_used) in in_plan.iter().zip(&plan_used) {
        let Origin::Plan(pointer) = &s.origin else {
            continue;
        };
        if s.expired(job.today) {
            meta.push(suppress::meta_finding(
                1,
                pointer.clone(),
                format!(
                    "This suppression of {} expired; the findings it covered are reported again.",
                    s.rule
                ),
            ));
        } else if !was_used && ran(&s.rule) {
            meta.push(suppress::meta_finding(
                0,
                pointer.clone(),
                format!("This suppression of {} matches no finding.", s.rule),
            ));
        }
    }
    kept.extend(meta);
    let found = locate_all(&text, kept);
    let text = (job.keep_text && !found.is_empty()).then_some(text);
    (
        FileResult {
            path,
            rel_path,
            text,
            outcome: Outcome::Linted(found),
        },
        used,
        concerned,
    )
}

fn read(path: &Path) -> Result<Arc<str>, DocumentError> {
    let fail = |message: String, help: &str| DocumentError {
        message,
        help: help.into(),
        line: None,
        column: None,
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > document::MAX_BYTES as u64 => {
            return Err(fail(
                format!(
                    "the file is {} MB, larger than the {} MB ieplint reads",
                    m.len() / 1_000_000,
                    document::MAX_BYTES / 1_000_000
                ),
                "split the file, or check that it is a plan document",
            ))
        }
        _ => {}
    }
    let bytes = std::fs::read(path).map_err(|e| {
        fail(
            format!("cannot read the file: {e}"),
            "check that the file exists and that you may read it",
        )
    })?;
    String::from_utf8(bytes).map(Arc::from).map_err(|e| {
        fail(
            format!(
                "the file is not UTF-8 text (bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
            "save the plan as UTF-8 JSON",
        )
    })
}

/// Turns pointers into places and sorts findings by place.
pub fn locate_all(text: &str, findings: Vec<crate::finding::Finding>) -> Vec<Located> {
    if findings.is_empty() {
        return Vec::new();
    }
    let index = SpanIndex::new(text, findings.iter().map(|f| f.pointer.as_str()));
    let mut located: Vec<Located> = findings
        .into_iter()
        .map(|finding| {
            let location = index.locate(&finding.pointer, finding.target);
            let label = match (finding.target, index.key_span(&finding.pointer)) {
                (Target::Value, Some(key)) if location.end_line > location.line => key,
                _ => (location.start, location.end),
            };
            let content = match finding.target {
                Target::Missing => "",
                _ => text.get(location.start..location.end).unwrap_or(""),
            };
            let fingerprint = crate::results::fingerprint(&finding.rule, &finding.pointer, content);
            Located {
                finding,
                location,
                label,
                fingerprint,
            }
        })
        .collect();
    located.sort_by(|a, b| {
        (
            a.location.start,
            a.location.end,
            &a.finding.rule,
            &a.finding.message,
        )
            .cmp(&(
                b.location.start,
                b.location.end,
                &b.finding.rule,
                &b.finding.message,
            ))
    });
    located
}
