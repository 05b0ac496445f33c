//! Architect's lookup containers: `System.Regions`, `System.Languages`, `System.Currencies`,
//! `System.DateTime`, `System.Conversation`, `System.Survey`. Each holds named entries of one
//! type (`System.Regions.US`, a Region Enum), each entry the same fields
//! (`System.Regions.US.dialingCode` is `"1"`, `.countryCode` is `"US"`).
//!
//! Architect's checker replaces a field's path with its literal when it reads the expression,
//! so a field is a constant; a container or an entry alone is a value no function, operator or
//! property takes. Names are read in any case, as Architect reads them
//! (`System.regions.us.DIALINGCODE`).
//!
//! The tables (`lookups/tables.rs`) are generated from Architect's Scripting SDK
//! (`tools/oracle/data/lookups.json`: the catalogue's members, each field's literal as the
//! SDK's checker resolves it); `FLOWSIM_UPDATE_DOCS=1 cargo test -p flowsim-expr
//! lookups` rewrites them, and the test fails when they differ. Entries are sorted by their
//! lower-cased names for a binary search.

use super::types::{Base, Ty};
use super::value::Value;
use super::Path;

/// The types of the containers and of their entries, with Architect's codes and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Conversation,
    ConversationType,
    Currencies,
    Currency,
    DateTime,
    DayOfWeek,
    Languages,
    Language,
    Regions,
    Region,
    Survey,
    SurveyDisposition,
}

/// (kind, Architect's code, the name Architect's messages give it)
const KINDS: &[(Kind, &str, &str)] = &[
    (Kind::Conversation, "ctc", "ConversationTypes Enum Container"),
    (Kind::ConversationType, "cte", "ConversationType Enum"),
    (Kind::Currencies, "cec", "Currencies Enum Container"),
    (Kind::Currency, "cre", "Currency Enum"),
    (Kind::DateTime, "dlc", "DateTime Enum Container"),
    (Kind::DayOfWeek, "dwc", "Day of Week Enum Container"),
    (Kind::Languages, "lnc", "Languages Enum Container"),
    (Kind::Language, "lge", "Language Enum"),
    (Kind::Regions, "rec", "Regions Enum Container"),
    (Kind::Region, "rge", "Region Enum"),
    (Kind::Survey, "sec", "SurveyDispositions Enum Container"),
    (Kind::SurveyDisposition, "sde", "SurveyDisposition Enum"),
];

impl Kind {
    fn row(self) -> &'static (Kind, &'static str, &'static str) {
        KINDS.iter().find(|(k, ..)| *k == self).expect("every kind has a row")
    }

    /// Architect's code (`rge`).
    pub fn code(self) -> &'static str {
        self.row().1
    }

    /// The name Architect's messages give it (`Region Enum`).
    pub fn name(self) -> &'static str {
        self.row().2
    }

    /// The kind with Architect's code `code`.
    pub fn parse(code: &str) -> Option<Kind> {
        KINDS.iter().find(|(_, c, _)| *c == code).map(|(k, ..)| *k)
    }

    /// The container it is, or whose entries it types.
    fn container(self) -> &'static Container {
        CONTAINERS
            .iter()
            .find(|c| c.kind == self || c.entry == self)
            .expect("every kind belongs to a container")
    }
}

/// One container: its built-in name, its type, its entries' type, the fields every entry has
/// and each entry's field values (as Architect's literals: `"1"` for an Integer).
#[derive(Debug)]
pub struct Container {
    pub name: &'static str,
    pub kind: Kind,
    pub entry: Kind,
    pub fields: &'static [(&'static str, Base)],
    /// (entry, its fields' values in the order of `fields`), sorted by lower-cased entry.
    pub entries: &'static [(&'static str, &'static [&'static str])],
}

impl Container {
    /// The entry named `name`, in any case.
    pub fn entry(&self, name: &str) -> Option<(&'static str, &'static [&'static str])> {
        let i = self.entries.binary_search_by(|(e, _)| cmp_ignore_case(e, name)).ok()?;
        Some(self.entries[i])
    }

    /// The field named `name`, in any case: its index and type.
    pub fn field(&self, name: &str) -> Option<(usize, Base)> {
        self.fields
            .iter()
            .position(|(f, _)| f.eq_ignore_ascii_case(name))
            .map(|i| (i, self.fields[i].1))
    }
}

fn cmp_ignore_case(a: &str, b: &str) -> std::cmp::Ordering {
    a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// The container of that built-in name, in any case (`system.regions`).
pub fn container(name: &str) -> Option<&'static Container> {
    CONTAINERS.iter().find(|c| c.name.eq_ignore_ascii_case(name))
}

/// The type of member `name` of a container or an entry of kind `kind` (`US` of the Regions,
/// `dialingCode` of a Region); `None` when it has no such member.
pub fn member_type(kind: Kind, name: &str) -> Option<Ty> {
    let c = kind.container();
    if kind == c.kind {
        c.entry(name).map(|_| Ty::of(Base::Lookup(c.entry)))
    } else {
        c.field(name).map(|(_, base)| Ty::of(base))
    }
}

/// The member of a value of kind `kind` nearest `name` (`US` for `USA`), for a did-you-mean.
pub fn near_member(kind: Kind, name: &str) -> Option<&'static str> {
    let c = kind.container();
    let lower = name.to_ascii_lowercase();
    let names: Box<dyn Iterator<Item = &'static str>> = if kind == c.kind {
        Box::new(c.entries.iter().map(|(e, _)| *e))
    } else {
        Box::new(c.fields.iter().map(|(f, _)| *f))
    };
    // The closest; among equally close, the one sharing the longest start (`US` for `USA`,
    // not `SA`).
    names
        .map(|m| {
            let ml = m.to_ascii_lowercase();
            let common = lower.bytes().zip(ml.bytes()).take_while(|(a, b)| a == b).count();
            (crate::util::edit_distance(&lower, &ml), std::cmp::Reverse(common), m)
        })
        .filter(|(d, _, m)| *d > 0 && *d <= crate::util::typo_bound(&lower, m))
        .min()
        .map(|(_, _, m)| m)
}

/// How to read a value out of a container or an entry of kind `kind`, for a help line.
pub fn fields_help(kind: Kind) -> String {
    let c = kind.container();
    let fields: Vec<String> = c.fields.iter().map(|(f, _)| format!("`.{f}`")).collect();
    let (entry, _) = c.entries.iter().find(|(e, _)| *e == "US").unwrap_or(&c.entries[0]);
    let example = format!("`{}.{entry}.{}`", c.name, c.fields[0].0);
    if kind == c.kind {
        format!("read a field of one of its entries, as {example}")
    } else {
        format!("read one of its fields: {}", fields.join(", "))
    }
}

/// The value of a field's path (`System.Regions.US.dialingCode` is `"1"`); `None` for a path
/// that names no field of a container (a container or an entry alone, a misspelt member).
pub fn value(path: &Path) -> Option<Value> {
    if path.len() != 4 {
        return None;
    }
    let c = container(path.prefix(2))?;
    let mut rest = path.rest(2);
    let (_, values) = c.entry(rest.next()?)?;
    let (i, base) = c.field(rest.next()?)?;
    let text = values[i];
    Some(match base {
        Base::Integer => Value::Int(text.parse().ok()?),
        _ => Value::str(text),
    })
}

/// Another field of the same entry whose value a field's path shares, where that is a
/// contradiction of the SDK's: the days of the week are distinct, yet the SDK resolves
/// `System.DateTime.dayOfWeek.monday` to 1, as `sunday` (its description of `monday` says 2).
pub fn shares_value(path: &Path) -> Option<&'static str> {
    if path.len() != 4 {
        return None;
    }
    let c = container(path.prefix(2)).filter(|c| c.entry == Kind::DayOfWeek)?;
    let mut rest = path.rest(2);
    let (_, values) = c.entry(rest.next()?)?;
    let (i, _) = c.field(rest.next()?)?;
    (0..values.len()).find(|&j| j != i && values[j] == values[i]).map(|j| c.fields[j].0)
}

mod tables;
pub use tables::CONTAINERS;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn data() -> serde_json::Value {
        let dir = env!("CARGO_MANIFEST_DIR");
        let text = std::fs::read_to_string(format!("{dir}/../../tools/oracle/data/lookups.json"))
            .expect("lookups.json");
        serde_json::from_str(&text).unwrap()
    }

    /// A container's type, its entries' type, its entries by lower-cased name.
    #[derive(Default)]
    struct Rows<'a> {
        ty: &'a str,
        entry_ty: &'a str,
        entries: BTreeMap<String, &'a str>,
    }

    /// The Rust of the tables, from lookups.json.
    fn render(data: &serde_json::Value) -> String {
        let paths = data["paths"].as_object().expect("paths");
        let mut containers: BTreeMap<&str, Rows<'_>> = BTreeMap::new();
        let mut fields: BTreeMap<&str, BTreeMap<String, &str>> = BTreeMap::new();
        let mut values: BTreeMap<(&str, String), BTreeMap<String, &str>> = BTreeMap::new();
        for (path, v) in paths {
            let ty = v["type"].as_str().expect("a type");
            let parts: Vec<&str> = path.splitn(4, '.').collect();
            let container = &path[..parts[0].len() + 1 + parts[1].len()];
            match parts.len() {
                2 => containers.entry(container).or_default().ty = ty,
                3 => {
                    let c = containers.entry(container).or_default();
                    c.entry_ty = ty;
                    c.entries.insert(parts[2].to_ascii_lowercase(), parts[2]);
                }
                _ => {
                    let base = match ty {
                        "str" => "String",
                        "int" => "Integer",
                        other => panic!("{path}: a field of type {other}"),
                    };
                    let value = v["value"].as_str().expect("a value");
                    fields.entry(container).or_default().insert(parts[3].to_owned(), base);
                    values
                        .entry((container, parts[2].to_ascii_lowercase()))
                        .or_default()
                        .insert(parts[3].to_owned(), value);
                }
            }
        }
        let kind = |code: &str| format!("Kind::{:?}", Kind::parse(code).expect("a known kind"));
        let konst = |name: &str| name.trim_start_matches("System.").to_ascii_uppercase();
        let mut out = vec![
            "/// The containers, by name.".to_owned(),
            "#[rustfmt::skip]".to_owned(),
            "pub const CONTAINERS: &[Container] = &[".to_owned(),
        ];
        for (name, rows) in &containers {
            let fs: Vec<String> =
                fields[name].iter().map(|(f, b)| format!("({f:?}, Base::{b})")).collect();
            out.push(format!(
                "    Container {{ name: {name:?}, kind: {}, entry: {}, fields: &[{}], entries: {} }},",
                kind(rows.ty),
                kind(rows.entry_ty),
                fs.join(", "),
                konst(name)
            ));
        }
        out.push("];".to_owned());
        for (name, rows) in &containers {
            out.push(String::new());
            out.push("#[rustfmt::skip]".to_owned());
            out.push(format!("const {}: &[(&str, &[&str])] = &[", konst(name)));
            for (lower, entry) in &rows.entries {
                let vs: Vec<String> = fields[name]
                    .keys()
                    .map(|f| format!("{:?}", values[&(*name, lower.clone())][f]))
                    .collect();
                out.push(format!("    ({entry:?}, &[{}]),", vs.join(", ")));
            }
            out.push("];".to_owned());
        }
        out.join("\n") + "\n"
    }

    #[test]
    fn lookups_are_the_sdks() {
        crate::util::assert_generated(
            "crates/flowsim-expr/src/expr/lookups/tables.rs",
            "// generated:start\n",
            "// generated:end\n",
            &render(&data()),
        );
    }

    fn path(text: &str) -> Path {
        match crate::expr::parse(text).expect("parses").kind {
            crate::expr::ExprKind::Ref(p) => p,
            other => panic!("not a reference: {other:?}"),
        }
    }

    /// Every path of lookups.json has the SDK's type and value here; the unreadable members
    /// (`zhHans-CN`) are no entries.
    #[test]
    fn every_path_has_the_sdks_type_and_value() {
        let data = data();
        let mut checked = 0;
        for (text, v) in data["paths"].as_object().expect("paths") {
            let p = path(text);
            let c = container(p.prefix(2)).expect("a container");
            let mut ty = Ty::of(Base::Lookup(c.kind));
            for m in p.rest(2) {
                let Base::Lookup(k) = ty.base else { panic!("{text}: {m} of {ty}") };
                ty = member_type(k, m).unwrap_or_else(|| panic!("{text}: no {m}"));
            }
            assert_eq!(ty.code(), v["type"].as_str().unwrap(), "{text}");
            match v["value"].as_str() {
                Some(want) => assert_eq!(value(&p).map(|v| v.display()).as_deref(), Some(want)),
                None => assert_eq!(value(&p), None, "{text}"),
            }
            checked += 1;
        }
        assert_eq!(checked, 2282);
        for text in data["unreadable"].as_object().expect("unreadable").keys() {
            let (c, entry) = text.rsplit_once('.').unwrap();
            assert!(container(c).unwrap().entry(entry).is_none(), "{text}");
        }
    }

    #[test]
    fn entries_are_sorted_and_read_in_any_case() {
        for c in CONTAINERS {
            assert!(
                c.entries.windows(2).all(|w| cmp_ignore_case(w[0].0, w[1].0).is_lt()),
                "{}",
                c.name
            );
        }
        assert_eq!(value(&path("System.Regions.US.dialingCode")), Some(Value::str("1")));
        assert_eq!(value(&path("System.Regions.NL.dialingCode")), Some(Value::str("31")));
        assert_eq!(value(&path("system.regions.us.COUNTRYCODE")), Some(Value::str("US")));
        assert_eq!(value(&path("System.Languages.enUS.tag")), Some(Value::str("en-us")));
        assert_eq!(value(&path("System.DateTime.dayOfWeek.saturday")), Some(Value::Int(7)));
        assert_eq!(value(&path("System.Regions.US")), None);
        assert_eq!(value(&path("System.Regions.USA.dialingCode")), None);
    }

    /// Architect's checker: a field is a constant of its type; a container or an entry alone
    /// is of a type no function or operator takes; a member it lacks is a variable reference
    /// that is not valid.
    #[test]
    fn architects_checker_reads_fields_and_refuses_the_rest() {
        use crate::expr::verdict::verdict;
        let env = crate::expr::Declarations::default().complete();
        let ty = |text: &str| verdict(text, &env).map(|t| t.to_string()).map_err(|r| r.class);
        assert_eq!(ty("System.Regions.US.dialingCode"), Ok("String".to_owned()));
        assert_eq!(ty("System.DateTime.dayOfWeek.saturday"), Ok("Integer".to_owned()));
        assert_eq!(ty("System.Regions.US"), Ok("Region Enum".to_owned()));
        assert_eq!(ty("System.Regions"), Ok("Regions Enum Container".to_owned()));
        assert_eq!(ty("ToString(System.Regions.US)"), Err("noOverload"));
        assert_eq!(ty("System.Regions.US == System.Regions.NL"), Err("noOverload"));
        assert_eq!(ty("System.Regions.US.dialingCode.x"), Err("unknownVariable"));
        let e = verdict("System.Regions.USA", &env).unwrap_err();
        assert_eq!(e.class, "unknownVariable");
        assert_eq!(e.help.as_deref(), Some("did you mean `System.Regions.US`?"));
    }

    #[test]
    fn a_near_member_is_the_closest_sharing_the_longest_start() {
        assert_eq!(near_member(Kind::Regions, "USA"), Some("US"));
        assert_eq!(near_member(Kind::Region, "dialCode"), Some("dialingCode"));
        assert_eq!(near_member(Kind::ConversationType, "cal"), Some("call"));
        assert_eq!(near_member(Kind::Regions, "Atlantis"), None);
    }
}
