//! `--format html`: a report a parent can print and hand to the IEP team.
//! One self-contained file (no fonts, scripts or images from elsewhere),
//! each plan's findings grouped by the sections of an IEP document, errors
//! first, in plain words with the fix and the citation; only the phrase a
//! finding is about is quoted, and field names read as words. It ends
//! with the questions to ask at the meeting.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Context, Emitter, FileResult, Located, Outcome, Summary};
use crate::finding::Severity;
use crate::places::{plain_words, Section};

/// Text and attribute escaping.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:Georgia,'Times New Roman',serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#111}\
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.3rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2rem}\
h3{font-size:1.1rem;margin:1.4rem 0 .4rem}.lead{color:#333}\
.finding{border-left:4px solid #999;padding:.3rem .8rem;margin:.6rem 0;break-inside:avoid}\
.finding.error{border-color:#b00020}.finding.warning{border-color:#b26a00}.finding.info{border-color:#2a6f97}\
.sev{font-size:.75rem;text-transform:uppercase;letter-spacing:.05em;font-weight:bold}\
.error .sev{color:#b00020}.warning .sev{color:#b26a00}.info .sev{color:#2a6f97}\
.what{margin:.2rem 0;font-weight:bold}.fix,.cite,.where{margin:.2rem 0}.label{font-style:italic}\
.ptr{font-family:monospace;font-size:.7rem;color:#666}blockquote{margin:.3rem 0 .3rem 1rem;font-style:italic}\
ol.questions li{margin:.4rem 0}.file{break-before:page}.file:first-of-type{break-before:auto}\
@media print{body{margin:0;max-width:none}a{color:inherit}.ptr{color:#444}}";

/// The `html` format. The totals come first, so the files' sections are
/// kept until the end of the run.
#[derive(Default)]
pub struct Html {
    sections: String,
}

impl Emitter for Html {
    fn file(&mut self, _out: &mut dyn Write, r: &FileResult, ctx: &Context) -> io::Result<()> {
        file(&mut self.sections, r, ctx);
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, s: &Summary, _ctx: &Context) -> io::Result<()> {
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>IEP plan review</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>IEP plan review</h1>\n<p class=\"lead\">What is missing or unclear in this draft, section by section, with how to fix it and the law or guidance behind it. {}. Checked by ieplint on this computer; nothing was sent anywhere.</p>\n",
            esc(&s.line())
        )?;
        out.write_all(self.sections.as_bytes())?;
        out.write_all(b"</body>\n</html>\n")
    }
}

fn file(out: &mut String, r: &FileResult, ctx: &Context) {
    let _ = write!(out, "<section class=\"file\">\n<h2>{}</h2>\n", esc(&r.path));
    let found = match &r.outcome {
        Outcome::Failed(e) => {
            let place = match (e.line, e.column) {
                (Some(l), Some(c)) => format!(" (line {l}, column {c})"),
                _ => String::new(),
            };
            let _ = write!(
                out,
                "<div class=\"finding error\"><span class=\"sev\">Could not be read</span>\n<p class=\"what\">{}{}</p>\n<p class=\"fix\"><span class=\"label\">How to fix it:</span> {}</p></div>\n</section>\n",
                esc(&e.message),
                esc(&place),
                esc(&e.help)
            );
            return;
        }
        Outcome::Linted(found) => found,
    };
    if found.is_empty() {
        out.push_str("<p>Nothing to report: every check passed.</p>\n</section>\n");
        return;
    }
    let mut sections: BTreeMap<Section, Vec<&Located>> = BTreeMap::new();
    for l in found {
        sections
            .entry(Section::of(&l.finding.pointer))
            .or_default()
            .push(l);
    }
    let mut questions: Vec<(Section, &str)> = Vec::new();
    for (section, mut items) in sections {
        // Errors before warnings; the order of the document within each.
        items.sort_by_key(|l| std::cmp::Reverse(l.finding.severity));
        let _ = writeln!(
            out,
            "<h3>{} ({})</h3>",
            esc(section.title()),
            count(items.len())
        );
        for l in items {
            finding(out, l);
            let asked = ctx
                .rules
                .iter()
                .find(|i| i.id == l.finding.rule)
                .and_then(|i| i.ask.as_deref());
            if let Some(q) = asked {
                if !questions.iter().any(|(_, seen)| *seen == q) {
                    questions.push((section, q));
                }
            }
        }
    }
    if !questions.is_empty() {
        out.push_str("<h3>Questions to ask at the meeting</h3>\n<ol class=\"questions\">\n");
        for (_, q) in questions {
            let _ = writeln!(out, "<li>{}</li>", esc(q));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn finding(out: &mut String, l: &Located) {
    let f = &l.finding;
    let (class, word) = match f.severity {
        Severity::Error => ("error", "Must fix"),
        Severity::Warning => ("warning", "Should fix"),
        Severity::Info => ("info", "Worth a look"),
    };
    let _ = write!(
        out,
        "<div class=\"finding {class}\"><span class=\"sev\">{word}</span>\n<p class=\"what\">{}</p>\n",
        esc(&plain_words(&f.message))
    );
    if let Some(q) = &l.quote {
        let _ = writeln!(out, "<blockquote>“{}”</blockquote>", esc(q));
    }
    let _ = writeln!(
        out,
        "<p class=\"fix\"><span class=\"label\">How to fix it:</span> {}</p>",
        esc(&plain_words(&f.help))
    );
    if let Some(cite) = &f.cite {
        let _ = writeln!(
            out,
            "<p class=\"cite\"><span class=\"label\">Law or guidance:</span> {}</p>",
            esc(cite)
        );
    }
    let _ = writeln!(
        out,
        "<p class=\"where\"><span class=\"label\">Where:</span> {} · line {} <span class=\"ptr\">{} {}</span></p></div>",
        esc(l.place.as_deref().unwrap_or(&f.pointer)),
        l.location.line,
        esc(&f.rule),
        esc(&f.pointer)
    );
}

fn count(n: usize) -> String {
    format!("{n} finding{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<b>\"a\" & 'b'</b>"),
            "&lt;b&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/b&gt;"
        );
    }
}
