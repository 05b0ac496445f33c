//! Architect's own function and operator catalogue, as the Scripting SDK defines it
//! (`tools/oracle/data/functions.json`, written by `tools/oracle/dump.js`), read for the tests
//! that hold flowsim's table, checker and evaluator to it.

use crate::expr::types::{Base, Ty};
use serde::Deserialize;

/// One function or operator (`kind`: `function` or `operator`).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub key: String,
    pub kind: String,
    pub name: Option<String>,
    pub symbol: Option<String>,
    pub overloads: Vec<Overload>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Overload {
    pub identifier: String,
    pub params: Vec<Param>,
    pub returns: Returns,
    pub resolver: Option<String>,
    pub examples: Vec<Example>,
}

/// A parameter. `required: false` goes with `allowNotSet: true` in every overload: it says the
/// argument may be NOT_SET, not that it may be left out (an overload with fewer parameters is
/// an overload of its own).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Param {
    #[serde(rename = "type")]
    pub ty: String,
    pub is_array: bool,
    pub allow_not_set: bool,
    pub repeatable: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Returns {
    #[serde(rename = "type")]
    pub ty: String,
    pub is_array: bool,
}

/// A documented example: `output` is Architect's English (a value as Architect writes it, or a
/// sentence describing it).
#[derive(Debug, Deserialize)]
pub struct Example {
    pub input: String,
    pub output: String,
}

/// The catalogue.
pub fn catalogue() -> Vec<Entry> {
    let path =
        concat!(env!("CARGO_MANIFEST_DIR"), "/../../tools/oracle/data/functions.json").to_owned();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// An SDK type code (`int`, `cur`, `lac`, `bof`) as flowsim's type, `None` for `any` and for
/// types flowsim has no type for.
pub fn ty_of_code(code: &str, collection: bool) -> Option<Ty> {
    let base = match code {
        "int" => Base::Integer,
        "dec" => Base::Decimal,
        "str" => Base::String,
        "bln" => Base::Boolean,
        "dur" => Base::Duration,
        "dtm" => Base::DateTime,
        "cur" => Base::Currency,
        "phn" => Base::PhoneNumber,
        // Audio, and what plays as audio (`apa`: Audio or a Prompt).
        "aud" | "apa" => Base::Audio,
        "pmt" => Base::Prompt,
        "que" => Base::Queue,
        "usr" => Base::User,
        "grp" => Base::Group,
        "skl" => Base::Skill,
        "lac" => Base::Language,
        "wrc" => Base::WrapupCode,
        "nts" => Base::NotSet,
        code if code.starts_with("cpx_") => Base::Complex(super::super::types::Cpx::parse(code)?),
        // Formatting and language constants (`Format.Bool.playYesNo`, `Language.Gender.feminine`).
        "bof" | "cuf" | "daf" | "nuf" | "phf" | "stf" | "tif" | "tpf" | "lne" => Base::Format,
        _ => return None,
    };
    Some(Ty { base, collection })
}
