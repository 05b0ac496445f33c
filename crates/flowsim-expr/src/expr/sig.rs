//! Function signatures, written as Architect's expression help shows them, and overload
//! resolution over static types.
//!
//! A signature is one or more overloads separated by `|`: `"str -> int | num -> int"`.
//! Parameter types are Architect's codes (`str`, `int`, `dtm`, `aud`, `str_coll`, ...), `num`
//! (an Integer or a Decimal), `any`, `T` (a type variable: every `T` of an overload is one type)
//! and `T_coll` (a collection of T). A `?` marks a parameter optional (and every one after it);
//! `...` after the last parameter repeats it zero or more times (`any, any...`: one or more). A result is a type, `T`,
//! `T_coll`, or `num`: an Integer when every number argument is one, else a Decimal.
//!
//! Resolution never fails on an argument whose type is unknown: only certain errors are errors.

use super::types::{Base, Ty};

/// A parsed signature.
#[derive(Debug, Clone)]
pub struct Sig {
    overloads: Vec<Overload>,
}

#[derive(Debug, Clone)]
struct Overload {
    params: Vec<Pat>,
    /// Parameters from this index on may be left out.
    required: usize,
    /// The last parameter repeats.
    variadic: bool,
    ret: Ret,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pat {
    Exact(Ty),
    Num,
    Any,
    T,
    TColl,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Ret {
    Exact(Ty),
    Num,
    T,
    TColl,
}

/// Why arguments do not fit any overload: the argument (0-based) and what it should be.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    pub arg: usize,
    /// `String or Integer`.
    pub expected: String,
    pub got: Ty,
}

impl Sig {
    /// Parses signature text; panics on a malformed one (signatures are constants, and a test
    /// parses every one).
    pub fn parse(text: &str) -> Sig {
        let overloads = text
            .split('|')
            .map(|o| {
                let (params, ret) =
                    o.split_once("->").unwrap_or_else(|| panic!("signature `{text}`: no `->`"));
                let mut pats = Vec::new();
                let mut required = None;
                let mut variadic = false;
                for p in params.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let (p, optional) = match p.strip_suffix('?') {
                        Some(p) => (p, true),
                        None => (p, false),
                    };
                    let (p, repeats) = match p.strip_suffix("...") {
                        Some(p) => (p, true),
                        None => (p, false),
                    };
                    if (optional || repeats) && required.is_none() {
                        required = Some(pats.len());
                    }
                    variadic = repeats;
                    pats.push(pat(p.trim(), text));
                }
                Overload {
                    required: required.unwrap_or(pats.len()),
                    params: pats,
                    variadic,
                    ret: ret_of(ret.trim(), text),
                }
            })
            .collect();
        Sig { overloads }
    }

    /// The fewest and most arguments any overload takes (`u8::MAX`: no limit).
    pub fn arity(&self) -> (u8, u8) {
        let min = self.overloads.iter().map(|o| o.required).min().unwrap_or(0);
        let max = self
            .overloads
            .iter()
            .map(|o| if o.variadic { usize::from(u8::MAX) } else { o.params.len() })
            .max()
            .unwrap_or(0);
        (min as u8, max as u8)
    }

    /// The result type for arguments of types `args`, or the first argument that fits no
    /// overload.
    pub fn resolve(&self, args: &[Ty]) -> Result<Ty, Mismatch> {
        let fitting: Vec<&Overload> =
            self.overloads.iter().filter(|o| o.takes(args.len())).collect();
        if fitting.is_empty() {
            return Ok(Ty::UNKNOWN); // the parser has refused wrong counts already
        }
        let mut results = Vec::new();
        let mut best: Option<(usize, &Overload)> = None;
        for o in &fitting {
            match o.apply(args) {
                Ok(ty) => results.push(ty),
                Err(at) => {
                    if best.is_none_or(|(b, _)| at > b) {
                        best = Some((at, o));
                    }
                }
            }
        }
        if let Some(first) = results.first() {
            // With every argument's type known, the first overload that fits decides; overloads
            // that fit only because some argument is unknown may disagree.
            let certain = args.iter().all(|a| !a.is_unknown());
            return Ok(if certain || results.iter().all(|r| r == first) {
                *first
            } else {
                Ty::UNKNOWN
            });
        }
        let (arg, _) = best.expect("no overload fitted, so one failed");
        let mut wanted: Vec<String> = Vec::new();
        for o in &fitting {
            // What each overload that accepts the arguments before `arg` wants there.
            if let Ok(bound) = o.bind(&args[..arg]) {
                let want = o.describe_bound(arg, bound);
                if !wanted.contains(&want) {
                    wanted.push(want);
                }
            }
        }
        Err(Mismatch { arg, expected: or_list(&wanted), got: args[arg] })
    }

    /// The overloads as text for people: `ToInt(String) -> Integer`.
    pub fn describe(&self, name: &str) -> Vec<String> {
        self.overloads
            .iter()
            .map(|o| {
                let mut params: Vec<String> = Vec::new();
                for (i, _) in o.params.iter().enumerate() {
                    let mut p = o.describe(i);
                    if o.variadic && i + 1 == o.params.len() {
                        p.push_str("...");
                    } else if i >= o.required {
                        p.push('?');
                    }
                    params.push(p);
                }
                let ret = match o.ret {
                    Ret::Exact(t) => t.to_string(),
                    Ret::Num => "Integer or Decimal".into(),
                    Ret::T => "T".into(),
                    Ret::TColl => "T Collection".into(),
                };
                format!("{name}({}) -> {ret}", params.join(", "))
            })
            .collect()
    }
}

impl Overload {
    fn takes(&self, n: usize) -> bool {
        n >= self.required && (self.variadic || n <= self.params.len())
    }

    fn pat(&self, i: usize) -> Pat {
        self.params.get(i).or(self.params.last()).copied().unwrap_or(Pat::Any)
    }

    fn describe(&self, i: usize) -> String {
        match self.pat(i) {
            Pat::Exact(t) => t.to_string(),
            Pat::Num => "Integer or Decimal".into(),
            Pat::Any => "any value".into(),
            Pat::T => "T".into(),
            Pat::TColl => "T Collection".into(),
        }
    }

    /// Parameter `i` for people, with the type variable as `bound` to.
    fn describe_bound(&self, i: usize, bound: Option<Ty>) -> String {
        match (self.pat(i), bound) {
            (Pat::T | Pat::Any, None) if self.makes_collection() => {
                "a single value (collections do not nest)".into()
            }
            (Pat::T, Some(t)) => t.to_string(),
            (Pat::TColl, Some(t)) => Ty::collection_of(t.base).to_string(),
            (Pat::TColl, None) => "a Collection".into(),
            _ => self.describe(i),
        }
    }

    /// Whether the overload's result is a collection (whose items its arguments become).
    fn makes_collection(&self) -> bool {
        match self.ret {
            Ret::TColl => true,
            Ret::Exact(ty) => ty.collection,
            Ret::T | Ret::Num => false,
        }
    }

    /// The type variable's binding after `args`, or the index of the first that does not fit.
    /// A collection's items are never collections: where an overload makes a collection, a
    /// `T` or `any` argument that is one does not fit (Architect: `MakeList(MakeList(1))` has
    /// no implementation that accepts an Integer Collection).
    fn bind(&self, args: &[Ty]) -> Result<Option<Ty>, usize> {
        let makes_collection = self.makes_collection();
        let mut t: Option<Ty> = None;
        for (i, a) in args.iter().enumerate() {
            let pat = self.pat(i);
            let nested = makes_collection
                && matches!(pat, Pat::T | Pat::Any)
                && a.is_known()
                && a.collection;
            if nested || !accepts(pat, *a, &mut t) {
                return Err(i);
            }
        }
        Ok(t)
    }

    /// The result type, or the index of the first argument that does not fit.
    fn apply(&self, args: &[Ty]) -> Result<Ty, usize> {
        let t = self.bind(args)?;
        Ok(match self.ret {
            Ret::Exact(ty) => ty,
            Ret::T => t.unwrap_or(Ty::UNKNOWN),
            Ret::TColl => Ty::collection_of(t.map_or(Base::Unknown, |t| t.base)),
            Ret::Num => {
                let nums = args.iter().filter(|a| a.is_known());
                if args.iter().any(|a| a.is_unknown()) {
                    Ty::UNKNOWN
                } else if nums.clone().any(|a| a.base == Base::Decimal) {
                    Ty::DECIMAL
                } else {
                    Ty::INTEGER
                }
            }
        })
    }
}

/// Whether an argument of type `a` fits parameter `p`; binds the type variable.
fn accepts(p: Pat, a: Ty, t: &mut Option<Ty>) -> bool {
    if !a.is_known() {
        return true; // unknown or NOT_SET: the run decides
    }
    match p {
        Pat::Any => true,
        Pat::Num => a.is_number(),
        Pat::Exact(want) => fits(a, want),
        Pat::T => unify(t, a),
        Pat::TColl => a.collection && unify(t, a.item()),
    }
}

/// A value of type `a` where `want` is expected: the same type, an Integer for a Decimal, a
/// phone number for a String (its E.164 text).
pub fn fits(a: Ty, want: Ty) -> bool {
    if !a.is_known() || want.is_unknown() {
        return true;
    }
    a == want
        || (a.collection == want.collection
            && ((want.base == Base::Decimal && a.base == Base::Integer)
                || (want.base == Base::String && a.base == Base::PhoneNumber)))
}

/// Binds or widens the type variable: Integer and Decimal meet at Decimal.
fn unify(t: &mut Option<Ty>, a: Ty) -> bool {
    match *t {
        None => {
            *t = Some(a);
            true
        }
        Some(b) if b == a => true,
        Some(b) if b.is_number() && a.is_number() => {
            *t = Some(Ty::DECIMAL);
            true
        }
        Some(b) if b.collection == a.collection && fits(a, b) => true,
        Some(b) if b.collection == a.collection && fits(b, a) => {
            *t = Some(a);
            true
        }
        Some(_) => false,
    }
}

fn ty_of(code: &str, sig: &str) -> Ty {
    Ty::parse(code).unwrap_or_else(|| panic!("signature `{sig}`: unknown type `{code}`"))
}

fn pat(code: &str, sig: &str) -> Pat {
    match code {
        "num" => Pat::Num,
        "any" => Pat::Any,
        "T" => Pat::T,
        "T_coll" => Pat::TColl,
        other => Pat::Exact(ty_of(other, sig)),
    }
}

fn ret_of(code: &str, sig: &str) -> Ret {
    match code {
        "num" => Ret::Num,
        "T" => Ret::T,
        "T_coll" => Ret::TColl,
        other => Ret::Exact(ty_of(other, sig)),
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

#[cfg(test)]
mod tests {
    use super::*;

    const S: Ty = Ty::STRING;
    const I: Ty = Ty::INTEGER;
    const D: Ty = Ty::DECIMAL;
    const B: Ty = Ty::BOOLEAN;

    #[test]
    fn overloads_pick_a_result() {
        let to_int = Sig::parse("str -> int | num -> int");
        assert_eq!(to_int.resolve(&[S]), Ok(I));
        assert_eq!(to_int.resolve(&[D]), Ok(I));
        let e = to_int.resolve(&[B]).unwrap_err();
        assert_eq!((e.arg, e.expected.as_str()), (0, "String or Integer or Decimal"));
        let max = Sig::parse("num, num... -> num");
        assert_eq!(max.resolve(&[I, I, I]), Ok(I));
        assert_eq!(max.resolve(&[I, D]), Ok(D));
        assert_eq!(max.resolve(&[I, Ty::UNKNOWN]), Ok(Ty::UNKNOWN));
        assert_eq!(max.arity(), (1, u8::MAX));
    }

    #[test]
    fn collections_do_not_nest() {
        let make = Sig::parse("T, T... -> T_coll | any, any... -> any_coll");
        let ints = Ty::collection_of(Base::Integer);
        assert_eq!(make.resolve(&[Ty::INTEGER]), Ok(ints));
        assert_eq!(make.resolve(&[ints]).map_err(|m| m.arg), Err(0));
        let nested = make.resolve(&[ints]).expect_err("nested");
        assert_eq!(nested.expected, "a single value (collections do not nest)");
        assert_eq!(make.resolve(&[Ty::INTEGER, ints]).map_err(|m| m.arg), Err(1));
        let if_ = Sig::parse("bln, T, T -> T");
        assert_eq!(if_.resolve(&[Ty::BOOLEAN, ints, ints]), Ok(ints), "If passes collections on");
    }

    #[test]
    fn type_variables_bind_and_widen() {
        let if_ = Sig::parse("bln, T, T -> T");
        assert_eq!(if_.resolve(&[B, I, D]), Ok(D));
        assert_eq!(if_.resolve(&[B, S, Ty::NOT_SET]), Ok(S));
        assert_eq!(if_.resolve(&[Ty::UNKNOWN, S, S]), Ok(S));
        let e = if_.resolve(&[I, I, I]).unwrap_err();
        assert_eq!((e.arg, e.expected.as_str(), e.got), (0, "Boolean", I));
        let e = if_.resolve(&[B, S, I]).unwrap_err();
        assert_eq!(e.arg, 2);
        let get_at = Sig::parse("T_coll, int -> T");
        assert_eq!(get_at.resolve(&[Ty::collection_of(Base::String), I]), Ok(S));
        assert!(get_at.resolve(&[S, I]).is_err());
        let make = Sig::parse("T, T... -> T_coll");
        assert_eq!(make.resolve(&[I, I]), Ok(Ty::collection_of(Base::Integer)));
    }

    #[test]
    fn optional_parameters() {
        let sig = Sig::parse("int, int?, int?, num?, int? -> dur");
        assert_eq!(sig.arity(), (1, 5));
        assert_eq!(sig.resolve(&[I, I, I, D]), Ok(Ty::DURATION));
        assert_eq!(
            sig.describe("MakeDuration"),
            ["MakeDuration(Integer, Integer?, Integer?, Integer or Decimal?, Integer?) -> Duration"]
        );
    }
}
