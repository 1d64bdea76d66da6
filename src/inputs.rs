//! The plans a run is given: files as named, folders walked for `*.json`
//! plans, standard input. A run holds its list until it ends, so a folder's
//! files are listed compactly: their paths under the folder as text in one
//! buffer, in path order, not a path of their own each (10,000 plans in a
//! folder take about a third of the memory, and a run's peak no longer
//! grows with them but for the regex engines' tables).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::DocumentError;

/// A plan to lint: a file or standard input. The common case is small: a
/// file is its path alone, and the rare cases are boxed (an `Input` is 24
/// bytes, not the 104 its largest case would make every one take).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// A file on disk.
    File(Box<Path>),
    /// Text already read (standard input), with the name to show and the
    /// path it stands for (`--stdin-filename`), whose overrides apply.
    Text(Box<(String, Arc<str>, Option<PathBuf>)>),
    /// A path that could not be used, with the reason.
    Broken(Box<(String, String)>),
    /// Text that could not be decoded (standard input), with the name to
    /// show.
    Unreadable(Box<(String, DocumentError)>),
}

impl Input {
    /// A path that could not be used, and why.
    pub fn broken(name: String, why: String) -> Self {
        Input::Broken(Box::new((name, why)))
    }
}

/// The plans of a run, in the order they are linted and reported.
#[derive(Debug, Default)]
pub struct Inputs {
    parts: Vec<Part>,
    /// The number of inputs up to the end of each part.
    ends: Vec<usize>,
}

#[derive(Debug)]
enum Part {
    /// Inputs named one by one (files, standard input, broken paths).
    Given(Vec<Input>),
    /// The plan files found in a folder.
    Folder(Listing),
}

impl Part {
    fn len(&self) -> usize {
        match self {
            Part::Given(items) => items.len(),
            Part::Folder(listing) => listing.entries.len(),
        }
    }
}

impl Inputs {
    /// Adds one input at the end.
    pub fn push(&mut self, input: Input) {
        match self.parts.last_mut() {
            Some(Part::Given(items)) => items.push(input),
            _ => self.parts.push(Part::Given(vec![input])),
        }
        self.recount();
    }

    /// Adds a path: a folder is walked for its `*.json` plans, in path
    /// order, respecting `.gitignore` and hidden files, keeping those
    /// `keep` accepts (a report ieplint wrote is never one); a file is
    /// added as given; a path that is not there is added as broken.
    pub fn push_path(&mut self, path: &Path, keep: &dyn Fn(&Path) -> bool) {
        if path.is_dir() {
            let (listing, broken) = Listing::walk(path, keep);
            if !listing.entries.is_empty() {
                self.parts.push(Part::Folder(listing));
                self.recount();
            }
            for b in broken {
                self.push(b);
            }
        } else if path.exists() {
            self.push(Input::File(path.to_path_buf().into_boxed_path()));
        } else {
            self.push(Input::broken(
                path.display().to_string(),
                "no such file or directory".to_string(),
            ));
        }
    }

    fn recount(&mut self) {
        // Only the last part changes.
        let before = self.parts.len().saturating_sub(1);
        self.ends.truncate(before);
        let mut total = self.ends.last().copied().unwrap_or(0);
        for part in self.parts.get(before..).unwrap_or_default() {
            total += part.len();
            self.ends.push(total);
        }
    }

    /// How many inputs there are.
    pub fn len(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The input at `i`; a file of a folder is made into its path here.
    pub fn get(&self, i: usize) -> Option<Cow<'_, Input>> {
        let part = self.ends.partition_point(|&end| end <= i);
        let start = match part {
            0 => 0,
            p => *self.ends.get(p - 1)?,
        };
        match self.parts.get(part)? {
            Part::Given(items) => items.get(i - start).map(Cow::Borrowed),
            Part::Folder(listing) => listing
                .path(i - start)
                .map(|p| Cow::Owned(Input::File(p.into_boxed_path()))),
        }
    }

    /// Every input, in order.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, Input>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }
}

/// The plan files found under a folder, sorted by path.
#[derive(Debug)]
struct Listing {
    root: PathBuf,
    /// The paths under `root` that are UTF-8, one after another.
    names: String,
    /// The paths that are not, whole.
    others: Vec<Box<Path>>,
    entries: Vec<Entry>,
}

/// A file of a [`Listing`]: 12 bytes.
#[derive(Debug, Clone, Copy)]
enum Entry {
    /// Its path under the root is `names[start..end]`.
    Name { start: u32, end: u32 },
    /// Its path is `others[i]`.
    Other(u32),
}

impl Listing {
    /// Walks `root`, keeping the plan files `keep` accepts; the walk's
    /// errors come back as broken inputs, sorted.
    fn walk(root: &Path, keep: &dyn Fn(&Path) -> bool) -> (Self, Vec<Input>) {
        let mut listing = Listing {
            root: root.to_path_buf(),
            names: String::new(),
            others: Vec::new(),
            entries: Vec::new(),
        };
        let mut broken = Vec::new();
        // A walk sorted as it goes would hold every entry of a folder at
        // once: names alone are kept, and sorted at the end.
        for entry in ignore::WalkBuilder::new(root).build() {
            match entry {
                Ok(e)
                    if e.file_type().is_some_and(|t| t.is_file())
                        && e.path().extension().is_some_and(|x| x == "json")
                        && keep(e.path())
                        && !written_by_ieplint(e.path()) =>
                {
                    listing.add(e.path());
                }
                Ok(_) => {}
                Err(err) => broken.push(Input::broken(root.display().to_string(), err.to_string())),
            }
        }
        listing.sort();
        broken.sort();
        (listing, broken)
    }

    fn add(&mut self, path: &Path) {
        let name = path
            .strip_prefix(&self.root)
            .ok()
            .and_then(Path::to_str)
            .filter(|n| !n.is_empty());
        let span = name.and_then(|n| {
            let start = u32::try_from(self.names.len()).ok()?;
            let end = u32::try_from(self.names.len() + n.len()).ok()?;
            Some((n, start, end))
        });
        let entry = match span {
            Some((n, start, end)) => {
                self.names.push_str(n);
                Some(Entry::Name { start, end })
            }
            // Not UTF-8 (or, were the walk to give one, not under the
            // folder): kept whole.
            None => u32::try_from(self.others.len()).ok().map(|i| {
                self.others.push(path.to_path_buf().into_boxed_path());
                Entry::Other(i)
            }),
        };
        if let Some(entry) = entry {
            self.entries.push(entry);
        }
    }

    /// The path of an entry under the root, as the walk's path was.
    fn under(&self, entry: Entry) -> &Path {
        match entry {
            Entry::Name { start, end } => Path::new(
                self.names
                    .get(start as usize..end as usize)
                    .unwrap_or_default(),
            ),
            Entry::Other(i) => self
                .others
                .get(i as usize)
                .map_or(Path::new(""), |p| p.strip_prefix(&self.root).unwrap_or(p)),
        }
    }

    fn sort(&mut self) {
        let mut entries = std::mem::take(&mut self.entries);
        entries.sort_by(|a, b| self.under(*a).cmp(self.under(*b)));
        self.entries = entries;
    }

    /// The path of the `i`th file, as the walk found it.
    fn path(&self, i: usize) -> Option<PathBuf> {
        Some(match *self.entries.get(i)? {
            e @ Entry::Name { .. } => self.root.join(self.under(e)),
            Entry::Other(o) => self.others.get(o as usize)?.to_path_buf(),
        })
    }
}

/// Whether a file found in a folder is one ieplint wrote (a JSON or SARIF
/// report, a baseline): `check .` after `--output report.json` must not
/// lint the report as a plan. Told from the first bytes, as ieplint
/// writes them; a file named on the command line is always linted.
fn written_by_ieplint(path: &Path) -> bool {
    use std::io::Read as _;
    const SARIF: &[u8] = b"{\"$schema\":\"https://json.schemastore.org/sarif-";
    // A JSON report and a baseline start with their version, any number.
    const VERSIONED: &[u8] = b"{\"version\":";
    const THEN: [&[u8]; 2] = [b",\"diagnostics\":", b",\"findings\":"];
    let mut head = [0u8; 160];
    let Ok(n) = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)) else {
        return false;
    };
    let compact: Vec<u8> = head
        .get(..n)
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    if compact.starts_with(SARIF) {
        return true;
    }
    let Some(rest) = compact.strip_prefix(VERSIONED) else {
        return false;
    };
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    digits > 0 && THEN.iter().any(|t| rest[digits..].starts_with(t))
}

/// Whether walking a folder would have skipped this file: a hidden name in
/// the path as given, or a `.gitignore` of its git repository ignoring
/// it. `--force-exclude` applies it to files named on the command line.
pub fn walk_skips(path: &Path) -> bool {
    let hidden = path.components().any(|c| match c {
        std::path::Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    });
    hidden || git_ignored(path)
}

/// The root of the git repository holding a folder, if any.
pub fn repository_root(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors()
        .find(|d| d.join(".git").exists())
        .map(Path::to_path_buf)
}

fn git_ignored(path: &Path) -> bool {
    let Ok(abs) = std::path::absolute(path) else {
        return false;
    };
    // The folders from the file up to its repository's root; outside a
    // repository `.gitignore` files do not apply (as in the walk).
    let mut folders = Vec::new();
    let mut in_repo = false;
    for dir in abs.ancestors().skip(1) {
        folders.push(dir);
        if dir.join(".git").exists() {
            in_repo = true;
            break;
        }
    }
    if !in_repo {
        return false;
    }
    // The nearest `.gitignore` with a say decides, as in git.
    for dir in folders {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            continue;
        }
        let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
        if builder.add(&file).is_some() {
            continue;
        }
        let Ok(rules) = builder.build() else { continue };
        match rules.matched_path_or_any_parents(&abs, false) {
            ignore::Match::Ignore(_) => return true,
            ignore::Match::Whitelist(_) => return false,
            ignore::Match::None => {}
        }
    }
    false
}

#[cfg(test)]
#[allow(clippy::expect_used, reason = "tests fail on broken set-up")]
mod tests {
    use super::*;

    /// A run holds one input per file named one by one: a file must stay
    /// a path alone; a folder's file, a name in a buffer.
    #[test]
    fn inputs_are_small() {
        assert!(
            std::mem::size_of::<Input>() <= 24,
            "{}",
            std::mem::size_of::<Input>()
        );
        assert!(std::mem::size_of::<Entry>() <= 12);
    }

    fn tree(names: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&path, "{}").expect("write");
        }
        dir
    }

    fn files(inputs: &Inputs) -> Vec<PathBuf> {
        inputs
            .iter()
            .map(|i| match i.into_owned() {
                Input::File(p) => p.into_path_buf(),
                other => PathBuf::from(format!("{other:?}")),
            })
            .collect()
    }

    #[test]
    fn a_folder_is_walked_for_json_plans_in_path_order() {
        let dir = tree(&[
            "b.json",
            "a/z.json",
            "a.json",
            "a/b/c.json",
            "ab.json",
            "notes.txt",
            "skipped.json",
        ]);
        let root = dir.path();
        let mut inputs = Inputs::default();
        inputs.push_path(root, &|p| !p.ends_with("skipped.json"));
        let found: Vec<String> = files(&inputs)
            .iter()
            .map(|p| p.strip_prefix(root).expect("inside").display().to_string())
            .collect();
        assert_eq!(
            found,
            ["a/b/c.json", "a/z.json", "a.json", "ab.json", "b.json"]
        );
    }

    /// A folder's file is linted and reported under the path the walk gave
    /// it, however the folder was written.
    #[test]
    fn listed_paths_are_the_walks_paths() {
        let dir = tree(&["x/p.json", "x/sub/q.json"]);
        for root in ["x", "x/", "./x", "x/./", "x//"] {
            let root = dir.path().join(root);
            let mut walked: Vec<PathBuf> = ignore::WalkBuilder::new(&root)
                .build()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(ignore::DirEntry::into_path)
                .collect();
            walked.sort();
            let mut inputs = Inputs::default();
            inputs.push_path(&root, &|_| true);
            assert_eq!(files(&inputs), walked, "{}", root.display());
        }
    }

    #[test]
    fn inputs_keep_the_order_they_were_given_in() {
        let one = tree(&["b.json", "a.json"]);
        let two = tree(&["c.json"]);
        let mut inputs = Inputs::default();
        inputs.push_path(&one.path().join("b.json"), &|_| true);
        inputs.push_path(two.path(), &|_| true);
        inputs.push_path(&one.path().join("nowhere.json"), &|_| true);
        inputs.push_path(one.path(), &|_| true);
        inputs.push(Input::broken("last".into(), "why".into()));
        let got: Vec<String> = inputs
            .iter()
            .map(|i| match i.into_owned() {
                Input::File(p) => p.file_name().expect("a name").to_string_lossy().into(),
                Input::Broken(b) => format!("broken {}", b.1),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            got,
            [
                "b.json",
                "c.json",
                "broken no such file or directory",
                "a.json",
                "b.json",
                "broken why"
            ]
        );
        assert_eq!(inputs.len(), 6);
        assert!(inputs.get(6).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_listed_whole_in_its_place() {
        use std::os::unix::ffi::OsStrExt as _;
        let dir = tree(&["a.json", "c.json"]);
        let odd = dir.path().join(std::ffi::OsStr::from_bytes(b"b\xff.json"));
        if std::fs::write(&odd, "{}").is_err() {
            return; // a file system that refuses such names
        }
        let mut inputs = Inputs::default();
        inputs.push_path(dir.path(), &|_| true);
        let got = files(&inputs);
        assert_eq!(
            got,
            [dir.path().join("a.json"), odd, dir.path().join("c.json")]
        );
    }
}
