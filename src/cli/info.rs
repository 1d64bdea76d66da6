//! `ieplint rules`, `explain`, `schema` and `init`: what the rules are, and
//! a starter configuration.

use std::path::{Path, PathBuf};

use super::{complain, config_for, emit, load, Env, Status};
use crate::config;
use crate::output::write_atomic;
use crate::report::reference;
use crate::rule::RuleDoc;

/// How `ieplint rules` lists the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFormat {
    /// A table.
    Human,
    /// A JSON list.
    Json,
    /// The rule reference, as in docs/rules.md.
    Markdown,
}

/// `ieplint rules`: every rule of the built-in, configured and given packs.
pub fn rules(packs: &[PathBuf], format: ListFormat, env: &Env) -> Status {
    let Ok(config) = config_for(None, env) else {
        return Status::Trouble;
    };
    let Ok(engine) = load(packs, config.as_ref(), env) else {
        return Status::Trouble;
    };
    match format {
        ListFormat::Json => {
            let list: Vec<serde_json::Value> = engine
                .rules()
                .map(|r| {
                    serde_json::json!({
                        "id": &*r.id,
                        "pack": &*r.pack,
                        "severity": r.severity,
                        "summary": r.summary,
                        "cite": r.cite.as_deref(),
                        "documented": r.is_documented(),
                        "ask": r.ask.as_deref(),
                        "origin": &*r.origin,
                    })
                })
                .collect();
            emit(&format!(
                "{}\n",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            ));
        }
        ListFormat::Markdown => emit(&reference::render(&engine)),
        ListFormat::Human => {
            let width = engine.rules().map(|r| r.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in engine.rules() {
                out.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    r.id,
                    r.severity.as_str(),
                    r.summary
                ));
                if let Some(cite) = &r.cite {
                    out.push_str(&format!("{:width$}  {:7}  cite: {cite}\n", "", ""));
                }
            }
            emit(&out);
        }
    }
    Status::Clean
}

/// `ieplint explain ID`: one rule's documentation.
pub fn explain(id: &str, packs: &[PathBuf], env: &Env) -> Status {
    let Ok(config) = config_for(None, env) else {
        return Status::Trouble;
    };
    let Ok(engine) = load(packs, config.as_ref(), env) else {
        return Status::Trouble;
    };
    let Some(rule) = engine.rule(id) else {
        let hint = engine
            .suggest(id)
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        complain(&format!(
            "error: no rule `{id}`{hint}\n  `ieplint rules` lists them; rules of your own packs are known when the packs are listed under `rules` in ieplint.toml or given with --rules PATH\n"
        ));
        return Status::Trouble;
    };
    emit(&explanation(rule));
    Status::Clean
}

/// What `explain` prints for a rule.
fn explanation(rule: &RuleDoc) -> String {
    let mut out = format!("{}  ({})\n\n{}\n", rule.id, rule.severity, rule.summary);
    if let Some(cite) = &rule.cite {
        out.push_str(&format!("\nCitation: {cite}\n"));
    }
    if let Some(why) = &rule.why {
        out.push_str(&format!("\nWhy it matters\n\n{}\n", indent(why)));
    }
    if let Some(ask) = &rule.ask {
        out.push_str(&format!("\nAsk at the meeting\n\n{}\n", indent(ask)));
    }
    for ex in &rule.examples {
        let title = if ex.fails {
            "Example that fires"
        } else {
            "Example that passes"
        };
        out.push_str(&format!("\n{title}\n\n{}\n", indent(&ex.text)));
    }
    out.push_str(&format!("\nDefined in {}\n", rule.origin));
    out
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `ieplint schema`: the plan format's JSON Schema.
pub fn schema() -> Status {
    emit(crate::schema::SCHEMA);
    Status::Clean
}

/// `ieplint init`: a commented starter `ieplint.toml` in the current folder.
pub fn init(force: bool, env: &Env) -> Status {
    let path = env.cwd.join(config::FILE_NAME);
    let shown = Path::new(config::FILE_NAME).display();
    if path.exists() && !force {
        complain(&format!(
            "error: {shown} already exists; use --force to replace it\n"
        ));
        return Status::Trouble;
    }
    match write_atomic(&path, config::STARTER) {
        Ok(()) => {
            complain(&format!("wrote {shown}\n"));
            Status::Clean
        }
        Err(e) => {
            complain(&format!("error: cannot write {shown}: {e}\n"));
            Status::Trouble
        }
    }
}
