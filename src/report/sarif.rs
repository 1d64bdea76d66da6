//! `--format sarif`: SARIF 2.1.0 for code scanning. One reporting
//! descriptor per rule; results with a region, the JSON pointer as a
//! logical location, and a stable partial fingerprint. Results are written
//! as each file is linted; the run's invocation (the files that could not
//! be read) comes after them.

use std::collections::HashMap;
use std::io::{self, Write};

use serde::Serialize;
use serde_json::{json, Value};

use super::{write_nested, Context, Emitter, FileResult, JsonList, Outcome, Summary};
use crate::finding::Severity;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a relative URI reference.
fn uri(path: &str) -> String {
    if path == "<stdin>" {
        return "stdin".to_string();
    }
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// A file: relative to `%SRCROOT%`, or a `file://` address when it lies
/// outside that folder. (The members of every object of the log are
/// written in the order of their names, as `serde_json`'s maps keep them.)
#[derive(Serialize)]
struct Artifact {
    uri: String,
    #[serde(rename = "uriBaseId", skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

fn artifact(rel_path: &str) -> Artifact {
    if rel_path.starts_with('/') {
        Artifact {
            uri: format!("file:///{}", uri(rel_path.trim_start_matches('/'))),
            uri_base_id: None,
        }
    } else {
        Artifact {
            uri: uri(rel_path),
            uri_base_id: Some("%SRCROOT%"),
        }
    }
}

/// One result of the log, written as it is made: borrowed from the
/// finding, its members in the order of their names.
#[derive(Serialize)]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<'a>,
    /// Present when the plan was linted with its findings' identities
    /// (as `ieplint check` does for SARIF).
    #[serde(
        rename = "partialFingerprints",
        skip_serializing_if = "Option::is_none"
    )]
    partial_fingerprints: Option<Fingerprints<'a>>,
    properties: Properties<'a>,
    #[serde(rename = "ruleId")]
    rule_id: &'a str,
    #[serde(rename = "ruleIndex", skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
}

#[derive(Serialize)]
struct Location<'a> {
    #[serde(rename = "logicalLocations")]
    logical_locations: [LogicalLocation<'a>; 1],
    #[serde(rename = "physicalLocation")]
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
struct LogicalLocation<'a> {
    #[serde(rename = "fullyQualifiedName")]
    fully_qualified_name: &'a str,
    kind: &'static str,
}

#[derive(Serialize)]
struct PhysicalLocation<'a> {
    #[serde(rename = "artifactLocation")]
    artifact_location: &'a Artifact,
    region: Region,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "endColumn")]
    end_column: usize,
    #[serde(rename = "endLine")]
    end_line: usize,
    #[serde(rename = "startColumn")]
    start_column: usize,
    #[serde(rename = "startLine")]
    start_line: usize,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct Fingerprints<'a> {
    #[serde(rename = "ieplintFingerprint/v1")]
    v1: &'a str,
}

#[derive(Serialize)]
struct Properties<'a> {
    cite: Option<&'a str>,
    help: &'a str,
    pointer: &'a str,
}

/// Where `%SRCROOT%` is: the folder the paths are relative to.
fn base_ids(ctx: &Context) -> Value {
    match &ctx.root {
        Some(root) => {
            let folder = root.replace('\\', "/");
            let folder = folder.trim_matches('/');
            let address = if folder.is_empty() {
                "file:///".to_string()
            } else {
                format!("file:///{}/", uri(folder))
            };
            json!({"%SRCROOT%": {"uri": address}})
        }
        None => json!({}),
    }
}

/// The reporting descriptors of the rules.
fn rules(ctx: &Context) -> Vec<Value> {
    ctx.rules
        .iter()
        .map(|r| {
            let mut help = format!(
                "{} Run `ieplint explain {}` for the rule's documentation and examples.",
                r.summary, r.id
            );
            if let Some(cite) = &r.cite {
                help.push_str(&format!(" Citation: {cite}."));
            }
            let mut rule = json!({
                "id": &*r.id,
                "name": r.id.replace(['.', '-'], "_"),
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.description},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {
                    "tags": [r.id.split('.').next().unwrap_or("")],
                    "cite": r.cite.as_deref(),
                },
            });
            if let (Some(uri), Some(obj)) = (ctx.help_uri(&r.id), rule.as_object_mut()) {
                obj.insert("helpUri".into(), json!(uri));
            }
            rule
        })
        .collect()
}

/// The `sarif` format: one log with one run.
#[derive(Default)]
pub struct Sarif {
    index: HashMap<String, usize>,
    results: JsonList,
    notifications: Vec<Value>,
}

/// The depth of the run's members in the log.
const RUN: usize = 3;

impl Emitter for Sarif {
    fn begin(&mut self, out: &mut dyn Write, ctx: &Context) -> io::Result<()> {
        self.index = ctx
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.to_string(), i))
            .collect();
        out.write_all(
            b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ",
        )?;
        let tool = json!({"driver": {
            "name": "ieplint",
            "version": env!("CARGO_PKG_VERSION"),
            "informationUri": ctx.docs_url,
            "rules": rules(ctx),
        }});
        write_nested(out, &tool, RUN)?;
        out.write_all(b",\n      \"originalUriBaseIds\": ")?;
        write_nested(out, &base_ids(ctx), RUN)?;
        out.write_all(b",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ")
    }

    fn file(&mut self, out: &mut dyn Write, r: &FileResult, _ctx: &Context) -> io::Result<()> {
        match &r.outcome {
            Outcome::Linted(found) => {
                let artifact = artifact(&r.rel_path);
                for l in found {
                    let f = &l.finding;
                    let result = SarifResult {
                        level: level(f.severity),
                        locations: [Location {
                            logical_locations: [LogicalLocation {
                                fully_qualified_name: &f.pointer,
                                kind: "member",
                            }],
                            physical_location: PhysicalLocation {
                                artifact_location: &artifact,
                                region: Region {
                                    end_column: l.location.end_column,
                                    end_line: l.location.end_line,
                                    start_column: l.location.column,
                                    start_line: l.location.line,
                                },
                            },
                        }],
                        message: Text { text: &f.message },
                        partial_fingerprints: l
                            .identity
                            .as_ref()
                            .map(|i| Fingerprints { v1: &i.fingerprint }),
                        properties: Properties {
                            cite: f.cite.as_deref(),
                            help: &f.help,
                            pointer: &f.pointer,
                        },
                        rule_id: &f.rule,
                        rule_index: self.index.get(&*f.rule).copied(),
                    };
                    self.results.push(out, &result, RUN)?;
                }
            }
            Outcome::Failed(e) => {
                let mut physical = json!({"artifactLocation": artifact(&r.rel_path)});
                if let (Some(line), Some(col), Some(obj)) =
                    (e.line, e.column, physical.as_object_mut())
                {
                    obj.insert(
                        "region".into(),
                        json!({"startLine": line, "startColumn": col}),
                    );
                }
                self.notifications.push(json!({
                    "level": "error",
                    "message": {"text": format!("{}: {} {}", r.path, e.message, e.help)},
                    "locations": [{"physicalLocation": physical}],
                }));
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _s: &Summary, _ctx: &Context) -> io::Result<()> {
        self.results.close(out, RUN)?;
        out.write_all(b",\n      \"invocations\": ")?;
        let invocations = json!([{
            "executionSuccessful": self.notifications.is_empty(),
            "toolExecutionNotifications": std::mem::take(&mut self.notifications),
        }]);
        write_nested(out, &invocations, RUN)?;
        out.write_all(b"\n    }\n  ]\n}\n")
    }
}
