//! The project file, `flowsim.toml` (docs/project.md): where a project's flows, fixtures and
//! scenarios are, its Archy substitutions per environment, each diagnostic code's level, and
//! its cache folder, so that every command works inside the project with no path.
//!
//! Found as cargo and ruff find theirs: the first `flowsim.toml` in a folder or a folder above
//! it. Its paths are relative to the folder that holds it, and are given as the current
//! directory reaches them (`../flows` from `tests/`), so what a command prints names them as
//! the user would type them. A file that does not read is refused with every mistake's line,
//! column and a caret; a key the file does not know is an error, with the key it may mean.
//!
//! Read through the [`FileView`](crate::vfs::FileView) (an editor's unsaved project file is
//! the project), in time linear in the file (which is read within
//! [`MAX_INPUT_BYTES`](crate::util::MAX_INPUT_BYTES)).

use crate::diag::{Code, Diagnostic};
use crate::harness::scenario::ProjectDefaults;
use crate::util::files::relative_to;
use crate::util::lines::Lines;
use crate::vfs::FileView;
use globset::{Glob, GlobMatcher};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The project file's name.
pub const FILE_NAME: &str = "flowsim.toml";

/// Where a project keeps what flowsim learns between runs (the last failures), relative to
/// its root, unless its file says `cache = "..."`.
pub const DEFAULT_CACHE: &str = ".flowsim/cache";

/// A project as one environment of it sees it: its paths as the current directory reaches them.
#[derive(Debug)]
pub struct Project {
    /// The file read.
    pub file: PathBuf,
    /// The folder that holds it.
    pub root: PathBuf,
    pub flows: Vec<PathBuf>,
    pub fixtures: Vec<PathBuf>,
    pub scenarios: Vec<PathBuf>,
    /// Archy's options file, whose `substitutions:` come before the project's own.
    pub options: Option<PathBuf>,
    /// Values for Archy `{{KEY}}` placeholders: the file's, then its environment's.
    pub substitutions: Vec<(String, String)>,
    pub cache: PathBuf,
    pub lint: Lint,
}

/// Each code's level, per path and per action.
#[derive(Debug, Default)]
pub struct Lint {
    pub(crate) levels: HashMap<Code, Level>,
    /// `[lint.per-file]`: a glob (relative to the root) and its levels, in the file's order;
    /// a later match wins.
    pub(crate) per_file: Vec<(GlobMatcher, HashMap<Code, Level>)>,
    /// `[lint.actions]`: an action's id (an export's GUID, an Archy `Task/Action`) and the codes
    /// silenced on it.
    pub(crate) actions: HashMap<String, Vec<Code>>,
}

/// What becomes of a code's diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warning,
    Ignore,
}

/// Why a project file cannot be used.
#[derive(Debug, Clone)]
pub enum ProjectError {
    /// The file does not read as a project: every mistake, placed in it.
    Invalid { file: PathBuf, diagnostics: Vec<Diagnostic> },
    /// `--env NAME` for an environment the project lacks, or given outside a project; a file
    /// that cannot be read or is not trusted: one problem, with its code, place and help.
    Refused(Box<Diagnostic>),
}

impl ProjectError {
    /// What to do after the mistakes are listed.
    pub fn note(file: &Path) -> String {
        format!(
            "flowsim: the project file {} must be fixed first (`flowsim docs project` says what it holds)",
            file.display()
        )
    }
}

/// The project `dir` is in, for environment `env`, its paths as `cwd` reaches them: `None`
/// outside any project. An `--env` given outside a project, or one the project lacks, is
/// refused.
///
/// # Errors
/// When the project file does not read, or `env` is not one of its environments.
pub fn discover(
    dir: &Path,
    cwd: &Path,
    env: Option<&str>,
    view: &FileView,
) -> Result<Option<Project>, ProjectError> {
    match find(dir) {
        Some(file) => read(&file, cwd, env, view).map(Some),
        None => match env {
            Some(name) => Err(ProjectError::Refused(Box::new(
                Diagnostic::error(
                    Code::ProjectFile,
                    format!(
                        "--env {name}: there is no {FILE_NAME} in this directory or any above it"
                    ),
                )
                .help("run the command inside a project (`flowsim init` makes one), or drop --env"),
            ))),
            None => Ok(None),
        },
    }
}

/// The first [`FILE_NAME`] in `dir` or a folder above it, up to the repository's top.
pub fn find(dir: &Path) -> Option<PathBuf> {
    crate::util::trust::nearest(dir, FILE_NAME)
}

/// The project file `--project PATH` names: `path` itself, or the [`FILE_NAME`] in it when it
/// is a folder (as pyright's `--project` and uv's `--project` take either).
pub fn named_file(path: &Path) -> PathBuf {
    if path.is_dir() {
        path.join(FILE_NAME)
    } else {
        path.to_path_buf()
    }
}

/// The project of the file `--project PATH` names (a file, or a folder holding one), for
/// environment `env`, its paths as `cwd` reaches them: used instead of searching upward, and,
/// as the user named it, without [`trusted`](crate::util::trust::trusted)'s owner check; the
/// paths it names still stay inside its folder.
///
/// # Errors
/// When there is no such file, it does not read as a project, or `env` is not one of its
/// environments.
pub fn named(
    path: &Path,
    cwd: &Path,
    env: Option<&str>,
    view: &FileView,
) -> Result<Project, ProjectError> {
    let file = named_file(&cwd.join(path));
    if !view.is_file(&file) {
        let what = if cwd.join(path).is_dir() {
            format!("--project {}: the folder has no {FILE_NAME}", path.display())
        } else if cwd.join(path).exists() {
            format!("--project {}: this is not a file", path.display())
        } else {
            format!("--project {}: there is no such file or folder", path.display())
        };
        return Err(ProjectError::Refused(Box::new(
            Diagnostic::error(Code::ProjectFile, what).help(format!(
                "name a project file or the folder that holds its {FILE_NAME} (`flowsim init` makes one), or drop --project to use the one found from the current directory"
            )),
        )));
    }
    read_as(&file, cwd, env, view, false)
}

/// The project of `file` for environment `env`, its paths as `cwd` reaches them.
///
/// # Errors
/// When the file does not read as a project, or `env` is not one of its environments.
pub fn read(
    file: &Path,
    cwd: &Path,
    env: Option<&str>,
    view: &FileView,
) -> Result<Project, ProjectError> {
    read_as(file, cwd, env, view, true)
}

/// [`read`], checking that the file is [`trusted`](crate::util::trust::trusted) when it was
/// found rather than named (`check_trust`).
fn read_as(
    file: &Path,
    cwd: &Path,
    env: Option<&str>,
    view: &FileView,
    check_trust: bool,
) -> Result<Project, ProjectError> {
    let shown = relative_to(file, cwd);
    if check_trust {
        crate::util::trust::trusted(file).map_err(|e| {
            ProjectError::Refused(Box::new(
                Diagnostic::error(
                    Code::ProjectFile,
                    format!("{} is not used: {e}", shown.display()),
                )
                .help(e.help()),
            ))
        })?;
    }
    let text = view.read(file, crate::util::MAX_INPUT_BYTES).map_err(|e| {
        ProjectError::Refused(Box::new(
            Diagnostic::error(Code::ProjectFile, e.to_string()).file(&shown).help(e.help()),
        ))
    })?;
    let root_abs = file.parent().unwrap_or(Path::new("."));
    let root = relative_to(root_abs, cwd);
    let mut reader = Reader {
        file: &shown,
        text: &text,
        lines: Lines::new(&text),
        errors: Vec::new(),
        env_error: None,
    };
    let project = reader.project(&root, env);
    reader.errors.sort_by_key(|d| (d.line, d.column));
    if reader.errors.is_empty() {
        if let Some(refused) = reader.env_error {
            return Err(ProjectError::Refused(Box::new(refused)));
        }
        if let Some(p) = project {
            return Ok(p);
        }
    }
    let diagnostics = reader.errors;
    Err(ProjectError::Invalid { file: shown.clone(), diagnostics })
}

/// The keys of the file's top level, and of an `[env.NAME]` table.
const TOP_KEYS: [&str; 9] = [
    "flows",
    "fixtures",
    "scenarios",
    "options",
    "substitutions",
    "cache",
    "env",
    "lint",
    "$schema",
];
const ENV_KEYS: [&str; 5] = ["flows", "fixtures", "scenarios", "options", "substitutions"];

/// One pass over the file's table, collecting every mistake (not only the first).
struct Reader<'t> {
    file: &'t Path,
    text: &'t str,
    lines: Lines,
    errors: Vec<Diagnostic>,
    /// `--env NAME` for an environment the file does not have.
    env_error: Option<Diagnostic>,
}

/// What `[env.NAME]` or the top level say of the paths.
#[derive(Default)]
struct Paths {
    flows: Option<Vec<PathBuf>>,
    fixtures: Option<Vec<PathBuf>>,
    scenarios: Option<Vec<PathBuf>>,
    options: Option<PathBuf>,
    substitutions: Vec<(String, String)>,
}

impl Reader<'_> {
    fn error(&mut self, span: std::ops::Range<usize>, message: String, help: Option<String>) {
        let (line, column) = self.lines.line_column(self.text, span.start.min(self.text.len()));
        let mut d = Diagnostic::error(Code::ProjectFile, message).file(self.file).at(line, column);
        d = d.maybe_help(help);
        self.errors.push(d);
    }

    fn project(&mut self, root: &Path, env: Option<&str>) -> Option<Project> {
        let table = match DeTable::parse(self.text) {
            Ok(t) => t,
            Err(e) => {
                let span = e.span().unwrap_or(0..0);
                self.error(span, format!("this is not TOML: {}", e.message().trim()), None);
                return None;
            }
        };
        let table = table.into_inner();
        let mut cache = None;
        let mut envs: Vec<(String, Paths)> = Vec::new();
        let mut lint = Lint::default();
        for (key, value) in &table {
            let name: &str = key.get_ref();
            match name {
                "cache" => cache = self.string(value).map(|s| under(root, &s)),
                "env" => {
                    let Some(t) = self.table(value, "a table of environments: `[env.prod]`") else {
                        continue;
                    };
                    for (k, v) in t {
                        let Some(t) = self.table(v, "a table: `[env.prod]` then its keys") else {
                            continue;
                        };
                        let paths = self.paths(t, root, &ENV_KEYS);
                        envs.push((k.get_ref().to_string(), paths));
                    }
                }
                "lint" => {
                    if let Some(t) = self.table(value, "a table: `[lint]` then `code = \"level\"`")
                    {
                        lint = self.lint(t, root);
                    }
                }
                _ => {}
            }
        }
        let mut base = self.paths(&table, root, &TOP_KEYS);
        if let Some(name) = env {
            if let Some(i) = envs.iter().position(|(n, _)| n == name) {
                let (_, e) = envs.swap_remove(i);
                base.flows = e.flows.or(base.flows);
                base.fixtures = e.fixtures.or(base.fixtures);
                base.scenarios = e.scenarios.or(base.scenarios);
                base.options = e.options.or(base.options);
                base.substitutions.extend(e.substitutions);
            } else {
                let names: Vec<&str> = envs.iter().map(|(n, _)| n.as_str()).collect();
                let help = match crate::util::nearest(name, names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None if names.is_empty() => {
                        "the file has no environments: add one as `[env.NAME]`".to_owned()
                    }
                    None => format!("the file's environments: {}", names.join(", ")),
                };
                self.env_error = Some(
                    Diagnostic::error(
                        Code::ProjectFile,
                        format!(
                            "--env {name}: {} has no environment `{name}`",
                            self.file.display()
                        ),
                    )
                    .help(help),
                );
            }
        }
        Some(Project {
            file: self.file.to_path_buf(),
            root: root.to_path_buf(),
            flows: base.flows.unwrap_or_default(),
            fixtures: base.fixtures.unwrap_or_default(),
            scenarios: base.scenarios.unwrap_or_default(),
            options: base.options,
            substitutions: base.substitutions,
            cache: cache.unwrap_or_else(|| under(root, DEFAULT_CACHE)),
            lint,
        })
    }

    /// The path keys of `table`, each key checked against `known`.
    fn paths(&mut self, table: &DeTable<'_>, root: &Path, known: &[&str]) -> Paths {
        let mut out = Paths::default();
        for (key, value) in table {
            let name: &str = key.get_ref();
            match name {
                "flows" => out.flows = self.path_list(value, root),
                "fixtures" => out.fixtures = self.path_list(value, root),
                "scenarios" => out.scenarios = self.path_list(value, root),
                "options" => out.options = self.string(value).map(|s| under(root, &s)),
                "substitutions" => {
                    let Some(t) =
                        self.table(value, "a table: `[substitutions]` then `KEY = \"value\"`")
                    else {
                        continue;
                    };
                    for (k, v) in t {
                        let text = match v.get_ref() {
                            DeValue::String(s) => s.to_string(),
                            DeValue::Integer(i) => i.to_string(),
                            DeValue::Float(f) => f.to_string(),
                            DeValue::Boolean(b) => b.to_string(),
                            _ => {
                                self.error(
                                    v.span(),
                                    format!(
                                        "substitution `{}` is not a text, number or boolean",
                                        k.get_ref()
                                    ),
                                    Some(format!("write `{} = \"value\"`", k.get_ref())),
                                );
                                continue;
                            }
                        };
                        out.substitutions.push((k.get_ref().to_string(), text));
                    }
                }
                _ if known.contains(&name) => {}
                _ => {
                    let help = crate::util::nearest(
                        name,
                        known.iter().copied().filter(|k| !k.starts_with('$')),
                    )
                    .map_or_else(
                        || format!("the keys here: {}", known.join(", ")),
                        |n| format!("did you mean `{n}`?"),
                    );
                    self.error(key.span(), format!("unknown key `{name}`"), Some(help));
                }
            }
        }
        out
    }

    fn lint(&mut self, table: &DeTable<'_>, root: &Path) -> Lint {
        let mut lint = Lint::default();
        for (key, value) in table {
            match &**key.get_ref() {
                "per-file" => {
                    let Some(t) = self.table(value, "a table: `[lint.per-file]` then `\"flows/legacy/**\" = { code = \"level\" }`") else {
                        continue;
                    };
                    for (glob, levels) in t {
                        let pattern = under(root, glob.get_ref());
                        let matcher = match Glob::new(&pattern.to_string_lossy()) {
                            Ok(g) => g.compile_matcher(),
                            Err(e) => {
                                self.error(
                                    glob.span(),
                                    format!("`{}` is not a glob: {}", glob.get_ref(), e.kind()),
                                    Some(
                                        "write a path with `*` and `**`: `\"flows/legacy/**\"`"
                                            .into(),
                                    ),
                                );
                                continue;
                            }
                        };
                        let Some(levels) = self.table(levels, "a table of `code = \"level\"`")
                        else {
                            continue;
                        };
                        let mut map = HashMap::new();
                        for (code, level) in levels {
                            if let Some((c, l)) = self.level(code, level) {
                                map.insert(c, l);
                            }
                        }
                        lint.per_file.push((matcher, map));
                    }
                }
                "actions" => {
                    let Some(t) = self.table(
                        value,
                        "a table: `[lint.actions]` then `\"ACTION-ID\" = [\"code\"]`",
                    ) else {
                        continue;
                    };
                    for (id, codes) in t {
                        let DeValue::Array(list) = codes.get_ref() else {
                            self.error(
                                codes.span(),
                                format!("the codes silenced on `{}` are not a list", id.get_ref()),
                                Some(format!(
                                    "write `\"{}\" = [\"unreachableNode\"]`",
                                    id.get_ref()
                                )),
                            );
                            continue;
                        };
                        let mut silenced = Vec::new();
                        for c in list {
                            if let Some(code) = self.code_value(c) {
                                silenced.push(code);
                            }
                        }
                        lint.actions.entry(id.get_ref().to_string()).or_default().extend(silenced);
                    }
                }
                _ => {
                    if let Some((c, l)) = self.level(key, value) {
                        lint.levels.insert(c, l);
                    }
                }
            }
        }
        lint
    }

    /// `code = "level"`.
    fn level(
        &mut self,
        key: &Spanned<std::borrow::Cow<'_, str>>,
        value: &Spanned<DeValue<'_>>,
    ) -> Option<(Code, Level)> {
        let code = self.code(key.get_ref(), key.span())?;
        let level = match value.get_ref() {
            DeValue::String(s) if s == "error" => Level::Error,
            DeValue::String(s) if s == "warning" => Level::Warning,
            DeValue::String(s) if s == "ignore" => Level::Ignore,
            _ => {
                self.error(
                    value.span(),
                    format!("`{}` is given no level flowsim knows", key.get_ref()),
                    Some("a level is \"error\", \"warning\" or \"ignore\"".into()),
                );
                return None;
            }
        };
        Some((code, level))
    }

    fn code_value(&mut self, value: &Spanned<DeValue<'_>>) -> Option<Code> {
        if let DeValue::String(s) = value.get_ref() {
            self.code(s, value.span())
        } else {
            self.error(value.span(), "a code is a text: `\"unreachableNode\"`".into(), None);
            None
        }
    }

    fn code(&mut self, name: &str, span: std::ops::Range<usize>) -> Option<Code> {
        if let Some(c) = Code::from_name(name) {
            return Some(c);
        }
        let all = Code::ALL
            .iter()
            .map(|c| c.as_str())
            .chain(crate::ErrorKind::ALL.iter().map(|k| k.as_str()));
        let help = crate::util::nearest(name, all).map_or_else(
            || "`flowsim explain` lists every code".to_owned(),
            |n| format!("did you mean `{n}`? `flowsim explain` lists every code"),
        );
        self.error(span, format!("`{name}` is no diagnostic code"), Some(help));
        None
    }

    fn string(&mut self, value: &Spanned<DeValue<'_>>) -> Option<String> {
        if let DeValue::String(s) = value.get_ref() {
            if let Err(e) = crate::util::trust::stays_inside(s) {
                self.error(value.span(), e.to_string(), Some(e.help().into()));
                return None;
            }
            Some(s.to_string())
        } else {
            self.error(
                value.span(),
                "this should be a path, as a text".into(),
                Some("write `\"flows\"`".into()),
            );
            None
        }
    }

    /// A path or a list of paths, relative to `root`.
    fn path_list(&mut self, value: &Spanned<DeValue<'_>>, root: &Path) -> Option<Vec<PathBuf>> {
        match value.get_ref() {
            DeValue::String(s) => Some(vec![under(root, s)]),
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.push(under(root, &self.string(item)?));
                }
                Some(out)
            }
            _ => {
                self.error(
                    value.span(),
                    "this should be a path or a list of paths".into(),
                    Some("write `[\"flows\"]`".into()),
                );
                None
            }
        }
    }

    fn table<'v, 'i>(
        &mut self,
        value: &'v Spanned<DeValue<'i>>,
        what: &str,
    ) -> Option<&'v DeTable<'i>> {
        if let DeValue::Table(t) = value.get_ref() {
            Some(t)
        } else {
            self.error(value.span(), format!("this should be {what}"), None);
            None
        }
    }
}

/// `name` in the project's folder `root`, as the current directory reaches it (`flows` at the
/// root itself, not `./flows`).
pub(crate) fn under(root: &Path, name: &str) -> PathBuf {
    if root == Path::new(".") {
        PathBuf::from(name)
    } else {
        root.join(name)
    }
}

impl Project {
    /// What the project gives the scenario files that do not say the project's flows, fixtures and
    /// substitutions (its options file's, then its own and its environment's).
    ///
    /// # Errors
    /// When the project's Archy options file does not read.
    pub fn scenario_defaults(&self) -> Result<ProjectDefaults, Box<Diagnostic>> {
        // The later wins: the options file's, then the project's, then its environment's.
        let mut substitutions: Vec<(String, String)> = Vec::new();
        if let Some(path) = &self.options {
            let subs = crate::flow::archy::read_options(path).map_err(Box::new)?;
            substitutions.extend(subs.values);
        }
        substitutions.extend(self.substitutions.iter().cloned());
        // One value per key, the last given; in the order the keys first came.
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in substitutions {
            match out.iter_mut().find(|(key, _)| *key == k) {
                Some(slot) => slot.1 = v,
                None => out.push((k, v)),
            }
        }
        Ok(ProjectDefaults {
            flows: self.flows.clone(),
            fixtures: self.fixtures.clone(),
            substitutions: out,
        })
    }

    /// Where `test` and `mutate` look for scenario files: the file's `scenarios`, else the
    /// whole project.
    pub fn scenario_paths(&self) -> Vec<PathBuf> {
        if self.scenarios.is_empty() {
            vec![self.root.clone()]
        } else {
            self.scenarios.clone()
        }
    }

    /// The level the project gives `d`: its code's, the last `[lint.per-file]` glob's that
    /// matches its file, `ignore` when `[lint.actions]` silences it on its action.
    pub fn level(&self, d: &Diagnostic) -> Option<Level> {
        let mut level = self.lint.levels.get(&d.code).copied();
        if let Some(file) = d.file.as_ref().filter(|_| !self.lint.per_file.is_empty()) {
            // As the globs are written: from the current directory, without `./` parts.
            let file = relative_to(file, Path::new("."));
            for (glob, levels) in &self.lint.per_file {
                if glob.is_match(&file) {
                    if let Some(l) = levels.get(&d.code) {
                        level = Some(*l);
                    }
                }
            }
        }
        if let Some(node) = &d.node {
            if self.lint.actions.get(node.as_str()).is_some_and(|codes| codes.contains(&d.code)) {
                level = Some(Level::Ignore);
            }
        }
        level
    }
}

impl Project {
    /// Whether the project silences a run's warning of `kind` (a diagnostic code such as
    /// `orgMissing`) at the action `node`: its code set to `ignore` in `[lint]`, or silenced on
    /// that action in `[lint.actions]`. A scenario's failure report leaves such warnings out.
    pub fn ignores(&self, kind: &str, node: &str) -> bool {
        let Some(code) = Code::from_name(kind) else { return false };
        self.lint.levels.get(&code) == Some(&Level::Ignore)
            || self.lint.actions.get(node).is_some_and(|codes| codes.contains(&code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;

    /// The project of `text`, or its mistakes as one text (message, place and help each).
    fn project(text: &str, env: Option<&str>) -> Result<Project, String> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        std::fs::write(&file, text).unwrap();
        read(&file, dir.path(), env, &FileView::disk()).map_err(|e| match e {
            ProjectError::Refused(d) => format!(
                "{}{}\n   = help: {}",
                d.message,
                d.file.as_ref().map(|f| format!(" ({})", f.display())).unwrap_or_default(),
                d.help.as_deref().unwrap_or("")
            ),
            ProjectError::Invalid { diagnostics, .. } => {
                let mut out = String::new();
                for d in &diagnostics {
                    let _ = writeln!(
                        out,
                        "{}:{}: {} ({})",
                        d.line.unwrap_or(0),
                        d.column.unwrap_or(0),
                        d.message,
                        d.help.as_deref().unwrap_or("")
                    );
                }
                out + &format!("{} error(s)", diagnostics.len())
            }
        })
    }

    #[test]
    fn paths_are_relative_to_the_file_and_an_environment_replaces_or_extends() {
        let text = "flows = \"flows\"\nfixtures = [\"fixtures\"]\n[substitutions]\nqueue = \"Support\"\nlimit = 3\n[env.prod]\nfixtures = [\"fixtures\", \"fixtures/prod\"]\nsubstitutions = { queue = \"Billing\" }\n";
        let p = project(text, None).unwrap();
        assert_eq!(p.flows, [PathBuf::from("flows")]);
        assert_eq!(p.cache, PathBuf::from(".flowsim/cache"));
        let p = project(text, Some("prod")).unwrap();
        assert_eq!(p.fixtures, [PathBuf::from("fixtures"), PathBuf::from("fixtures/prod")]);
        let last = p.substitutions.iter().rev().find(|(k, _)| k == "queue").unwrap();
        assert_eq!(last.1, "Billing");
        let d = p.scenario_defaults().unwrap();
        assert_eq!(d.substitutions.iter().find(|(k, _)| k == "queue").unwrap().1, "Billing");
    }

    #[test]
    fn every_mistake_is_named_with_its_place_and_what_it_may_mean() {
        let e = project("fixture = [\"f\"]\n[lint]\nunreachableNod = \"ignore\"\nundeclaredVariable = \"loud\"\n", None)
            .unwrap_err();
        assert!(e.contains("unknown key `fixture`"), "{e}");
        assert!(e.contains("did you mean `fixtures`?"), "{e}");
        assert!(e.contains("did you mean `unreachableNode`?"), "{e}");
        assert!(e.contains("\"error\", \"warning\" or \"ignore\""), "{e}");
        assert!(e.contains("1:1:"), "{e}");
        assert!(e.contains("3 error(s)"), "{e}");
        let e = project("flows = [\n", None).unwrap_err();
        assert!(e.contains("this is not TOML"), "{e}");
        let e = project("[env.prod]\n", Some("prd")).unwrap_err();
        assert!(e.contains("did you mean `prod`?"), "{e}");
    }

    #[test]
    fn an_unsaved_project_file_is_the_project() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(FILE_NAME);
        std::fs::write(&file, "flows = \"flows\"\n").unwrap();
        let mut view = FileView::disk();
        view.set(file.clone(), "flows = \"other\"\n".into());
        let p = read(&file, dir.path(), None, &view).unwrap();
        assert_eq!(p.flows, [PathBuf::from("other")]);
    }
}
