//! `ieplint test`: runs the cases of rule packs (each rule's examples and
//! the test plans in the pack's `tests` folders) and, with `--coverage`,
//! fails every rule and check that no case makes fire.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{
    complain, complain_all, config_for, emit, pack_files, plan_schema, plural, Env, Status,
};
use crate::engine::Engine;
use crate::options::Profile;
use crate::packs;
use crate::report::{test_report, TestFormat};
use crate::testing::{self, Case, CaseScope, Expect};

/// What `ieplint test` was asked.
#[derive(Debug, Clone)]
pub struct TestRequest {
    /// The packs under test (files or folders); none: every loaded pack.
    pub packs: Vec<PathBuf>,
    /// Fail rules and checks that no case makes fire.
    pub coverage: bool,
    /// The report's format.
    pub format: TestFormat,
    /// The configuration file, when named.
    pub config: Option<PathBuf>,
}

/// Runs the cases; exit status as `check`: 0 all pass, 1 a case failed
/// (or, with `--coverage`, something is never made to fire), 2 a pack or
/// a test plan could not be read.
pub fn test(req: &TestRequest, env: &Env) -> Status {
    let Ok(config) = config_for(req.config.as_deref(), env) else {
        return Status::Trouble;
    };
    let (Ok(schema), Ok(files)) = (plan_schema(), pack_files(&req.packs, config.as_ref())) else {
        return Status::Trouble;
    };
    // The packs read from disk, whose test folders can be found.
    let on_disk: HashSet<Arc<str>> = req
        .packs
        .iter()
        .cloned()
        .chain(
            config
                .iter()
                .flat_map(|c| c.config.rules.iter().map(|r| c.dir.join(r))),
        )
        .filter_map(|p| packs::from_path(&p).ok())
        .flatten()
        .map(|(_, f)| f.name)
        .collect();
    let named: HashSet<Arc<str>> = req
        .packs
        .iter()
        .filter_map(|p| packs::from_path(p).ok())
        .flatten()
        .map(|(_, f)| f.name)
        .collect();
    let loaded = Engine::load_for_tests(&files, schema);
    complain_all(env, &loaded.problems);
    let pack_errors = loaded.problems.iter().filter(|p| !p.is_warning).count();
    let Some(engine) = loaded.engine else {
        return Status::Trouble;
    };
    let tested = |origin: &str| named.is_empty() || named.contains(origin);
    let under_test: Vec<Arc<str>> = engine
        .rules()
        .filter(|d| &*d.pack != "ieplint" && tested(&d.origin))
        .map(|d| Arc::clone(&d.id))
        .collect();
    let mut cases = testing::examples(&engine, &under_test);
    let mut trouble = Vec::new();
    let mut folders = Vec::new();
    for pack in loaded.packs.iter().filter(|p| tested(&p.origin)) {
        if !on_disk.contains(&pack.origin) {
            continue;
        }
        let file = Path::new(&*pack.origin);
        let dir = file.parent().unwrap_or(Path::new("."));
        let named_folders: Vec<PathBuf> = pack.tests.iter().map(|t| dir.join(t)).collect();
        if named_folders.is_empty() {
            let stem = file.file_stem().map(|s| s.to_string_lossy().to_string());
            if let Some(default) = stem.map(|s| dir.join(format!("{s}.tests"))) {
                if default.is_dir() {
                    folders.push(default);
                }
            }
        }
        for folder in named_folders {
            if folder.is_dir() {
                folders.push(folder);
            } else {
                trouble.push(format!(
                    "{}: `tests \"{}\"` names no folder ({} is not one)",
                    pack.origin,
                    pack.tests
                        .iter()
                        .find(|t| dir.join(t) == folder)
                        .map_or("", String::as_str),
                    folder.display()
                ));
            }
        }
    }
    let mut seen = HashSet::new();
    for folder in folders {
        let key = std::fs::canonicalize(&folder).unwrap_or_else(|_| folder.clone());
        if seen.insert(key) {
            let walk = Walk {
                engine: &engine,
                under_test: &under_test,
            };
            walk.folder(&folder, &mut cases, &mut trouble);
        }
    }
    for t in &trouble {
        complain(&format!("error: {t}\n"));
    }
    let report = testing::run(&engine, &under_test, cases, env.today);
    emit(&test_report(
        &report,
        req.format,
        req.coverage,
        &files,
        env.stdout,
    ));
    if pack_errors > 0 {
        complain(&format!(
            "error: the rule packs have {pack_errors} problem{}; the rules that have none were tested\n",
            plural(pack_errors)
        ));
    }
    let gaps = req.coverage && !(report.silent_rules.is_empty() && report.uncovered.is_empty());
    if pack_errors > 0 || !trouble.is_empty() {
        Status::Trouble
    } else if report.failed() > 0 || gaps {
        Status::Findings
    } else {
        Status::Clean
    }
}

/// Finds the test plans of a folder.
struct Walk<'a> {
    engine: &'a Engine,
    under_test: &'a [Arc<str>],
}

impl Walk<'_> {
    /// A folder named after a rule holds plans for that rule alone (their
    /// `.expected` files list pointers); any other folder holds whole plans
    /// (`.expected`: `RULE POINTER` lines) and more folders.
    fn folder(&self, dir: &Path, cases: &mut Vec<Case>, trouble: &mut Vec<String>) {
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(read) => read.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                trouble.push(format!("cannot read {}: {e}", dir.display()));
                return;
            }
        };
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            if name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                if self.engine.rule(&name).is_some() {
                    if let Some(id) = self.under_test.iter().find(|id| ***id == *name) {
                        self.plans(&path, Some(id), cases, trouble);
                    }
                } else if name.contains('.') {
                    let hint = self
                        .engine
                        .suggest(&name)
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    trouble.push(format!(
                        "{}: the folder is named like a rule, but no loaded rule is `{name}`{hint}",
                        path.display()
                    ));
                } else {
                    self.folder(&path, cases, trouble);
                }
            }
        }
        self.plans(dir, None, cases, trouble);
    }

    /// The plans (`*.json`) directly in `dir`, each with its `.expected`.
    fn plans(
        &self,
        dir: &Path,
        rule: Option<&Arc<str>>,
        cases: &mut Vec<Case>,
        trouble: &mut Vec<String>,
    ) {
        let mut plans: Vec<PathBuf> = match std::fs::read_dir(dir) {
            Ok(read) => read
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
                .collect(),
            Err(e) => {
                trouble.push(format!("cannot read {}: {e}", dir.display()));
                return;
            }
        };
        plans.sort();
        for plan in plans {
            let shown = plan.display().to_string();
            let text = match std::fs::read(&plan).map(crate::document::decode) {
                Ok(Ok(t)) => t,
                Ok(Err(e)) => {
                    trouble.push(format!("{shown}: {}", e.message));
                    continue;
                }
                Err(e) => {
                    trouble.push(format!("cannot read {shown}: {e}"));
                    continue;
                }
            };
            let expected_path = plan.with_extension("expected");
            let (expect, profile) = match std::fs::read_to_string(&expected_path) {
                Ok(list) => {
                    match testing::parse_expected(&list, rule, |id| self.engine.rule(id).is_some())
                    {
                        Ok((want, profile)) if want.is_empty() => (Expect::Silent, profile),
                        Ok((want, profile)) => (Expect::Exactly(want), profile),
                        Err(e) => {
                            trouble.push(format!(
                                "{}:{}: {}",
                                expected_path.display(),
                                e.line,
                                e.message
                            ));
                            continue;
                        }
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    (Expect::Silent, Profile::Draft)
                }
                Err(e) => {
                    trouble.push(format!("cannot read {}: {e}", expected_path.display()));
                    continue;
                }
            };
            cases.push(Case {
                name: shown,
                text,
                scope: match rule {
                    Some(id) => CaseScope::Rule(Arc::clone(id)),
                    None => CaseScope::UnderTest,
                },
                expect,
                profile,
                source: None,
            });
        }
    }
}
