//! Overload resolution as Architect's checker does it, over the Scripting SDK's own catalogue
//! of functions ([`catalogue`], generated from `tools/oracle/data/functions.json`).
//!
//! The rules, read from the SDK's checker (`tools/oracle`'s package; docs/expressions.md,
//! "Typing rules"):
//! - A call fits an overload when it has at least as many arguments as the overload has
//!   parameters, more only when the last one repeats (`Sum(Integer, Integer...)` takes two or
//!   more), and each argument fits its parameter. Overloads are tried in the catalogue's order,
//!   those with an `any` parameter last; the first that fits is the call's.
//! - An argument fits a parameter of its own type only: an Integer is not a Decimal
//!   (`Sum(1, 2.5)` fits no overload), a single value is not a collection. `any` takes a value
//!   of any type Architect lets stand for any (not Audio, a formatting constant or a lookup);
//!   the SDK's `apa` takes Audio or a Prompt. NOT_SET fits only a parameter that allows it.
//! - The overload's resolver then checks what one parameter cannot: the arguments of `Sum`,
//!   `Append`, `MakeList`, `AreEqual` share one type (NOT_SET aside), `If`'s branches and `==`'s
//!   sides share one, `Find`'s item is the collection's item type; NOT_SET given to an `any`
//!   or collection parameter of a plain overload has no type Architect can give it.
//! - An overload the catalogue limits to some flow types is refused in a flow of another.
//!
//! Invariant: an argument whose type is not known (an undeclared variable, JSON's member) fits
//! every parameter, so only certain mistakes are errors; when such an argument lets overloads
//! with different results fit, the result is not known either.

use super::ast::Span;
use super::builtins::Media;
use super::types::{Base, Ty};
use std::sync::OnceLock;

mod catalogue;

/// How an SDK parameter or result type matches flowsim's types.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// `any`: a value of any type Architect lets stand for any.
    Any,
    /// `apa`: Audio or a Prompt.
    AudioOrPrompt,
    /// `acp`: one of the structured types.
    AnyComplex,
    /// `nts`: only NOT_SET.
    Null,
    /// A formatting or language constant (`nuf`, `lne`, `daf`...).
    Format,
    Exact(Base),
}

#[derive(Debug, Clone, Copy)]
struct Param {
    kind: Kind,
    collection: bool,
    not_set: bool,
    repeats: bool,
}

/// What the SDK calls a resolver: the check an overload makes past its parameters' types.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Resolver {
    /// NOT_SET may not stand for an `any` or a collection parameter.
    Plain,
    /// The arguments that are not NOT_SET share a type; one must not be NOT_SET.
    SameType,
    /// As [`Resolver::SameType`], and all NOT_SET is a String.
    SameTypeNotSetIsString,
    /// As [`Resolver::SameType`], and the result is a collection of that type (`MakeList`).
    SameTypeCollection,
    /// `If`: a Boolean, and two branches of one type.
    If,
    /// `==`, `!=`: two sides of one type.
    BothSides,
    /// `Find`, `FindFirst`: the item is the collection's item type.
    Find,
    /// `GetAt`: an Integer index of a collection; the result is its item type.
    GetAt,
    /// `MakeEmptyList(x)`: a collection of `x`'s type.
    EmptyList,
    /// Anything else: the overload's own result.
    Other,
}

#[derive(Debug, Clone)]
struct Overload {
    params: Vec<Param>,
    ret: (Kind, bool),
    resolver: Resolver,
    /// The media whose flows may call it, when the catalogue limits it.
    media: Option<Vec<Media>>,
    /// The media the SDK's bootstrap data limits it to, among call and email flows (the only
    /// media of the flow types that data knows), when it does.
    bootstrap: Option<Vec<Media>>,
    text: &'static str,
}

/// One function or operator of the catalogue, its overloads in the order Architect tries them.
#[derive(Debug, Clone)]
pub struct Function {
    pub name: &'static str,
    overloads: Vec<Overload>,
}

/// Why a call fits none of the SDK's overloads, in the classes of Architect's messages.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub class: Class,
    pub message: String,
    /// The argument at fault, when one is (else the call).
    pub arg: Option<usize>,
}

/// The class of a [`Refusal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// `Sum(1, 2.5)`: no overload takes these types or this many arguments.
    NoOverload,
    /// `If(true, 1, 2.5)`, `MakeList("a", 1.5)`: arguments that must share a type do not.
    TypeMismatch,
    /// `MakeList(NOT_SET)`: no argument gives the type.
    ArgumentValue,
    /// `FindQueue("x")` in a call flow: the overload is for other flow types.
    FlowType,
    /// `IsNotSetOrEmpty(NOT_SET, ...)` of a plain `any` parameter: NOT_SET with no type to take.
    NotSetType,
}

/// The SDK's function or operator of that name (an operator by its key: `add`, `equ`),
/// case-insensitively.
pub fn function(name: &str) -> Option<&'static Function> {
    static TABLE: OnceLock<Vec<Function>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut out: Vec<Function> = Vec::new();
        for &(name, resolver, flow_types, bootstrap, text) in catalogue::OVERLOADS {
            let o = overload(resolver, flow_types, bootstrap, text);
            match out.last_mut() {
                Some(f) if f.name == name => f.overloads.push(o),
                _ => out.push(Function { name, overloads: vec![o] }),
            }
        }
        // Architect tries the overloads with an `any` parameter after the others.
        for f in &mut out {
            f.overloads.sort_by_key(|o| o.params.iter().any(|p| p.kind == Kind::Any));
        }
        out
    });
    table.iter().find(|f| f.name.eq_ignore_ascii_case(name))
}

impl Function {
    /// The overloads as text for people: `Sum(Integer, Integer...) -> Integer`.
    pub fn describe(&self) -> Vec<String> {
        let name = describe;
        self.overloads
            .iter()
            .map(|o| {
                let params: Vec<String> = o
                    .params
                    .iter()
                    .map(|p| {
                        format!(
                            "{}{}{}",
                            name((p.kind, p.collection)),
                            if p.not_set { "*" } else { "" },
                            if p.repeats { "..." } else { "" }
                        )
                    })
                    .collect();
                format!("{}({}) -> {}", self.name, params.join(", "), name(o.ret))
            })
            .collect()
    }

    /// The result type of a call with arguments of types `args` in a flow of `media` (`None`:
    /// any), as Architect's checker resolves it.
    pub fn resolve(&self, args: &[Ty], media: Option<Media>) -> Result<Ty, Refusal> {
        let fitting: Vec<&Overload> = self.overloads.iter().filter(|o| o.fits(args)).collect();
        let Some(first) = fitting.first() else {
            return Err(self.no_overload(args));
        };
        if let Some(m) = media {
            if !first.allowed_in(m) {
                let allowed = first.media.as_ref().or(first.bootstrap.as_ref());
                let allowed = allowed.map(Vec::as_slice).unwrap_or_default();
                return Err(Refusal {
                    class: Class::FlowType,
                    message: format!(
                        "{}{} is not for {} flows (Architect's catalogue gives it to {} flows)",
                        self.name,
                        first.text.split(" ->").next().unwrap_or_default(),
                        m.namespace().unwrap_or("these"),
                        allowed.iter().filter_map(|m| m.namespace()).collect::<Vec<_>>().join(", ")
                    ),
                    arg: None,
                });
            }
        }
        let ty = first.resolve(self.name, args)?;
        // An argument of unknown type may make another overload the call's.
        let certain = args.iter().all(|a| !a.is_unknown());
        if certain || fitting.len() == 1 {
            return Ok(ty);
        }
        let others: Vec<Ty> =
            fitting[1..].iter().filter_map(|o| o.resolve(self.name, args).ok()).collect();
        Ok(if others.iter().all(|t| *t == ty) { ty } else { Ty::UNKNOWN })
    }

    fn no_overload(&self, args: &[Ty]) -> Refusal {
        // The argument at fault when every overload of this many arguments takes the ones
        // before it and refuses it: then say what it must be.
        let counted: Vec<&Overload> =
            self.overloads.iter().filter(|o| o.takes(args.len())).collect();
        let arg = (0..args.len()).find(|&i| {
            !counted.is_empty()
                && counted.iter().all(|o| !o.param(i).fits(args[i]))
                && counted.iter().all(|o| (0..i).all(|j| o.param(j).fits(args[j])))
        });
        let message = match arg {
            Some(i) => {
                let mut wanted: Vec<String> = Vec::new();
                for o in &counted {
                    let p = o.param(i);
                    if p.kind != Kind::Null {
                        let w = match (p.kind, p.collection) {
                            (Kind::Any, false) => {
                                "a single value (not a collection, nor Audio)".to_owned()
                            }
                            other => describe(other),
                        };
                        if !wanted.contains(&w) {
                            wanted.push(w);
                        }
                    }
                }
                format!(
                    "{}: argument {} must be {}, not {}",
                    self.name,
                    i + 1,
                    or_list(&wanted),
                    args[i]
                )
            }
            None if args.is_empty() => {
                format!("{} has no overload that takes no arguments", self.name)
            }
            None => {
                let types: Vec<String> = args.iter().map(ToString::to_string).collect();
                format!("{} has no overload that takes ({})", self.name, types.join(", "))
            }
        };
        Refusal { class: Class::NoOverload, message, arg }
    }
}

/// A parameter or result type for people: `Integer`, `String Collection`, `any`.
fn describe((kind, collection): (Kind, bool)) -> String {
    let base = match kind {
        Kind::Any => "any value".to_owned(),
        Kind::AudioOrPrompt => "Audio or a Prompt".to_owned(),
        Kind::AnyComplex => "an object".to_owned(),
        Kind::Null => "NOT_SET".to_owned(),
        Kind::Format => "a format constant".to_owned(),
        Kind::Exact(b) => b.name().to_owned(),
    };
    match (collection, kind) {
        (true, Kind::Any) => "a Collection".to_owned(),
        (true, _) => format!("{base} Collection"),
        (false, _) => base,
    }
}

/// `a`, `a or b`, `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => "something else".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

impl Overload {
    /// Whether a flow of medium `m` may call it. Only the media whose flow types the SDK knows
    /// are judged (a digital bot's or a workflow's are not among them).
    fn allowed_in(&self, m: Media) -> bool {
        let judged = |list: &Option<Vec<Media>>, media: &[Media]| {
            !media.contains(&m) || list.as_ref().is_none_or(|l| l.contains(&m))
        };
        judged(&self.media, &[Media::Call, Media::Message, Media::Email])
            && judged(&self.bootstrap, &[Media::Call, Media::Email])
    }

    fn takes(&self, n: usize) -> bool {
        n >= self.params.len()
            && (n == self.params.len() || self.params.last().is_some_and(|p| p.repeats))
    }

    fn param(&self, i: usize) -> Param {
        self.params[i.min(self.params.len().saturating_sub(1))]
    }

    fn fits(&self, args: &[Ty]) -> bool {
        self.takes(args.len()) && args.iter().enumerate().all(|(i, a)| self.param(i).fits(*a))
    }

    fn ret(&self) -> Ty {
        ty_of(self.ret.0, self.ret.1)
    }

    /// The result, after the resolver's check.
    fn resolve(&self, name: &str, args: &[Ty]) -> Result<Ty, Refusal> {
        let mismatch = |i: usize, j: usize| Refusal {
            class: Class::TypeMismatch,
            message: format!(
                "{name}: arguments {} and {} must be of one type, not {} and {}",
                i + 1,
                j + 1,
                args[i],
                args[j]
            ),
            arg: Some(j),
        };
        match self.resolver {
            Resolver::Plain => {
                for (i, a) in args.iter().enumerate() {
                    let p = self.param(i);
                    if a.base == Base::NotSet && (p.kind == Kind::Any || p.collection) {
                        return Err(Refusal {
                            class: Class::NotSetType,
                            message: format!(
                                "{name}: argument {} is NOT_SET, and its parameter gives it no \
                                 type",
                                i + 1
                            ),
                            arg: Some(i),
                        });
                    }
                }
                Ok(self.ret())
            }
            Resolver::SameType
            | Resolver::SameTypeNotSetIsString
            | Resolver::SameTypeCollection => {
                let mut first: Option<usize> = None;
                for (i, a) in args.iter().enumerate() {
                    if !a.is_known() {
                        continue;
                    }
                    match first {
                        None => first = Some(i),
                        Some(f) if args[f] != *a => return Err(mismatch(f, i)),
                        Some(_) => {}
                    }
                }
                let all_not_set = args.iter().all(|a| a.base == Base::NotSet);
                let t = match first {
                    Some(f) => args[f],
                    None if all_not_set && self.resolver == Resolver::SameTypeNotSetIsString => {
                        Ty::STRING
                    }
                    None if all_not_set => {
                        return Err(Refusal {
                            class: Class::ArgumentValue,
                            message: format!(
                                "{name}: every argument is NOT_SET; one must give the type"
                            ),
                            arg: None,
                        })
                    }
                    None => Ty::UNKNOWN,
                };
                Ok(match (self.resolver, self.ret.0) {
                    (Resolver::SameTypeCollection, _) if t.is_unknown() => {
                        Ty::collection_of(Base::Unknown)
                    }
                    (Resolver::SameTypeCollection, _) => Ty::collection_of(t.base),
                    (_, Kind::Any) => t,
                    _ => self.ret(),
                })
            }
            Resolver::If | Resolver::BothSides => {
                let (b, c) = if self.resolver == Resolver::If { (1, 2) } else { (0, 1) };
                if self.resolver == Resolver::If && args[0].is_known() && args[0] != Ty::BOOLEAN {
                    return Err(Refusal {
                        class: Class::NoOverload,
                        message: format!("{name}: argument 1 must be a Boolean, not {}", args[0]),
                        arg: Some(0),
                    });
                }
                if self.resolver == Resolver::If && args[0].base == Base::NotSet {
                    return Err(Refusal {
                        class: Class::NoOverload,
                        message: format!("{name}: the condition is NOT_SET"),
                        arg: Some(0),
                    });
                }
                let (x, y) = (args[b], args[c]);
                let same = !x.is_known() || !y.is_known() || x == y;
                if !same {
                    return Err(mismatch(b, c));
                }
                if self.resolver == Resolver::BothSides {
                    return Ok(Ty::BOOLEAN);
                }
                if x.base == Base::NotSet && y.base == Base::NotSet {
                    return Err(Refusal {
                        class: Class::NotSetType,
                        message: format!("{name}: both branches are NOT_SET"),
                        arg: Some(b),
                    });
                }
                Ok(match (self.ret.0, x.is_known(), y.is_known()) {
                    (Kind::Any, true, _) => x,
                    (Kind::Any, false, true) => y,
                    (Kind::Any, false, false) if x.is_unknown() || y.is_unknown() => Ty::UNKNOWN,
                    (Kind::Any, ..) => Ty::UNKNOWN,
                    _ => self.ret(),
                })
            }
            Resolver::Find => {
                let (list, item) = (args[0], args[1]);
                if list.is_known() && item.base != Base::Unknown && list.item() != item {
                    return Err(Refusal {
                        class: Class::NoOverload,
                        message: format!(
                            "{name}: argument 2 must be {} (the collection's item), not {item}",
                            list.item()
                        ),
                        arg: Some(1),
                    });
                }
                Ok(self.ret())
            }
            Resolver::GetAt => Ok(if args[0].is_known() { args[0].item() } else { Ty::UNKNOWN }),
            Resolver::EmptyList => {
                let a = args[0];
                if a.is_known() && a.collection {
                    return Err(Refusal {
                        class: Class::NoOverload,
                        message: format!("{name}: argument 1 must be a single value, not {a}"),
                        arg: Some(0),
                    });
                }
                Ok(if a.is_known() {
                    Ty::collection_of(a.base)
                } else {
                    Ty::collection_of(Base::Unknown)
                })
            }
            Resolver::Other => Ok(self.ret()),
        }
    }
}

impl Param {
    /// Whether an argument of type `a` fits (Architect's `isExpressionMatch`).
    fn fits(self, a: Ty) -> bool {
        if a.base == Base::NotSet {
            return self.not_set;
        }
        if a.base == Base::Unknown {
            // Not known: fits, but a known collection-ness still counts.
            return !a.collection || self.collection || self.kind == Kind::Any;
        }
        if a.collection != self.collection {
            return false;
        }
        match self.kind {
            Kind::Any => stands_for_any(a.base),
            Kind::AudioOrPrompt => matches!(a.base, Base::Audio | Base::Prompt),
            Kind::AnyComplex => matches!(a.base, Base::Complex(_) | Base::Builtin),
            Kind::Null => false,
            Kind::Format => matches!(a.base, Base::Format | Base::Lookup(_)),
            Kind::Exact(b) => a.base == b,
        }
    }
}

/// Whether a value of this type may be given where Architect's catalogue says `any` (its
/// types' `isSupportedByAny`): not Audio, a formatting constant or a lookup.
fn stands_for_any(base: Base) -> bool {
    !matches!(base, Base::Audio | Base::Format | Base::Lookup(_) | Base::NotSet)
}

fn ty_of(kind: Kind, collection: bool) -> Ty {
    let base = match kind {
        Kind::Exact(b) => b,
        Kind::AudioOrPrompt => Base::Audio,
        Kind::Null => Base::NotSet,
        _ => Base::Unknown,
    };
    Ty { base, collection }
}

/// Reads one overload of the generated table: `(int*, int*...) -> int`.
fn overload(resolver: &str, flow_types: &str, bootstrap: &str, text: &'static str) -> Overload {
    let (params, ret) = text
        .strip_prefix('(')
        .and_then(|t| t.split_once(") -> "))
        .unwrap_or_else(|| panic!("overload `{text}`"));
    let params = params
        .split(", ")
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (p, repeats) = p.strip_suffix("...").map_or((p, false), |p| (p, true));
            let (p, not_set) = p.strip_suffix('*').map_or((p, false), |p| (p, true));
            let (kind, collection) = kind(p);
            Param { kind, collection, not_set, repeats }
        })
        .collect();
    let media_of = |flow_types: &str| {
        (!flow_types.is_empty()).then(|| {
            let mut m: Vec<Media> = flow_types.split(',').filter_map(Media::of_flow_type).collect();
            m.dedup();
            m
        })
    };
    let (media, bootstrap) = (media_of(flow_types), media_of(bootstrap));
    Overload {
        params,
        ret: kind(ret),
        resolver: match resolver {
            "None" => Resolver::Plain,
            "n-SameType" => Resolver::SameType,
            "n-SameTypeParmNotSetToString" => Resolver::SameTypeNotSetIsString,
            "n-SameTypeRetColl" => Resolver::SameTypeCollection,
            "If" => Resolver::If,
            "SameType" => Resolver::BothSides,
            "Find" => Resolver::Find,
            "GetAt" => Resolver::GetAt,
            "EmptyList" => Resolver::EmptyList,
            _ => Resolver::Other,
        },
        media,
        bootstrap,
        text,
    }
}

/// An SDK type as the table writes it (`int`, `any_coll`, `apa`) to a [`Kind`] and whether it
/// is a collection.
fn kind(code: &str) -> (Kind, bool) {
    let (code, collection) = code.strip_suffix("_coll").map_or((code, false), |c| (c, true));
    let kind = match code {
        "any" => Kind::Any,
        "apa" => Kind::AudioOrPrompt,
        "acp" => Kind::AnyComplex,
        "nts" => Kind::Null,
        "lac" => Kind::Exact(Base::Language),
        other => match Ty::parse(other) {
            Some(t) if !matches!(t.base, Base::Lookup(_)) => Kind::Exact(t.base),
            _ => Kind::Format,
        },
    };
    (kind, collection)
}

/// Where a [`Refusal`] points: the argument at fault, else the whole call.
pub fn span_of(r: &Refusal, call: Span, args: &[Span]) -> Span {
    r.arg.and_then(|i| args.get(i).copied()).unwrap_or(call)
}

#[cfg(test)]
mod tests {
    use super::*;

    const I: Ty = Ty::INTEGER;
    const D: Ty = Ty::DECIMAL;
    const S: Ty = Ty::STRING;
    const N: Ty = Ty::NOT_SET;

    #[track_caller]
    fn resolve(name: &str, args: &[Ty]) -> Result<String, Class> {
        function(name)
            .expect(name)
            .resolve(args, Some(Media::Call))
            .map(|t| t.to_string())
            .map_err(|r| r.class)
    }

    #[test]
    fn integers_and_decimals_do_not_mix_where_one_type_is_asked() {
        assert_eq!(resolve("Sum", &[I, I]), Ok("Integer".into()));
        assert_eq!(resolve("Sum", &[I, D]), Err(Class::NoOverload));
        assert_eq!(resolve("Sum", &[I]), Err(Class::NoOverload), "one number is no sum");
        assert_eq!(resolve("Sum", &[I, N]), Ok("Integer".into()));
        assert_eq!(resolve("add", &[I, D]), Ok("Decimal".into()), "`+` has mixed overloads");
        assert_eq!(resolve("If", &[Ty::BOOLEAN, I, D]), Err(Class::TypeMismatch));
        assert_eq!(resolve("MakeDuration", &[I]), Err(Class::NoOverload));
        assert_eq!(resolve("MakeDuration", &[I, I, I, D]), Err(Class::NoOverload));
    }

    #[test]
    fn collections_hold_one_type() {
        assert_eq!(resolve("MakeList", &[I, I]), Ok("Integer Collection".into()));
        assert_eq!(resolve("MakeList", &[S, D]), Err(Class::TypeMismatch));
        assert_eq!(resolve("MakeList", &[N]), Err(Class::ArgumentValue));
        assert_eq!(resolve("MakeList", &[I, N]), Ok("Integer Collection".into()));
        let ints = Ty::collection_of(Base::Integer);
        assert_eq!(resolve("MakeList", &[I, ints]), Err(Class::NoOverload), "no nesting");
        assert_eq!(resolve("MakeList", &[Ty::of(Base::Audio)]), Err(Class::NoOverload));
    }

    #[test]
    fn not_set_fits_only_where_allowed() {
        assert_eq!(resolve("Append", &[N]), Err(Class::NoOverload));
        assert_eq!(resolve("Append", &[N, N]), Err(Class::ArgumentValue));
        assert_eq!(resolve("Append", &[S, N]), Ok("String".into()));
        assert_eq!(resolve("MakeDuration", &[N]), Err(Class::NoOverload));
        assert_eq!(resolve("IsSet", &[N]), Ok("Boolean".into()));
    }

    #[test]
    fn flow_types_limit_some_overloads() {
        let find = function("FindQueue").unwrap();
        assert_eq!(find.resolve(&[S], Some(Media::Call)).unwrap_err().class, Class::FlowType);
        assert_eq!(find.resolve(&[S], Some(Media::Message)), Ok(Ty::QUEUE));
        assert_eq!(find.resolve(&[S], None), Ok(Ty::QUEUE));
    }

    #[test]
    fn unknown_arguments_fit_and_keep_what_is_certain() {
        assert_eq!(resolve("Sum", &[I, Ty::UNKNOWN]), Ok("Integer".into()));
        assert_eq!(resolve("Sum", &[Ty::UNKNOWN, Ty::UNKNOWN]), Ok("Unknown".into()));
        assert_eq!(resolve("Length", &[Ty::UNKNOWN]), Ok("Integer".into()));
    }
}
