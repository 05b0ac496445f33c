//! Static types: what Architect's validator knows about an expression before it runs.
//!
//! A [`Ty`] is a base type and whether it is a collection of it (Architect's collections hold
//! one base type and never nest). [`Base::Unknown`] is a type the checker cannot know (an
//! undeclared variable, a data action's output): it is accepted everywhere, so that the checker
//! reports only errors that are certain. Architect writes types as short codes in its exports
//! (`str`, `int_coll`, `dtm`); [`Ty::code`] and [`Ty::parse`] speak them.

use super::value::Value;
use std::fmt;

mod complex;
pub use complex::{Complex, Cpx, COMPLEX};

/// The structured types by name (`types::cpx::EXTERNAL_CONTACT`).
pub mod cpx {
    pub use super::complex::{
        EMAIL, EMAIL_ADDRESS, EMAIL_ATTACHMENT, EXTERNAL_CONTACT, EXTERNAL_ORGANIZATION,
        EXTERNAL_PHONE_NUMBER, SHORT_MESSAGE,
    };
}

/// One of Architect's data types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    /// Not known statically (Architect's `any`).
    Unknown,
    /// The `NOT_SET` literal: fits any type.
    NotSet,
    String,
    Integer,
    Decimal,
    Boolean,
    Duration,
    DateTime,
    Date,
    Time,
    /// An amount and its ISO 4217 code (`MakeCurrency(5.25, "USD")`).
    Currency,
    /// A start and a length (`MakeTimeslot(Flow.start, MakeDuration(0, 2, 0, 0))`): what a
    /// digital bot's time picker offers.
    Timeslot,
    PhoneNumber,
    Communication,
    Audio,
    Prompt,
    Json,
    Queue,
    User,
    Group,
    Skill,
    Language,
    /// A wrap-up code (`ToWrapupCode(NOT_SET)`, `Flow.WrapupCode` in an outbound flow).
    WrapupCode,
    ScheduleGroup,
    EmergencyGroup,
    /// `Call.Contact`: the contact of a callback, whose members are strings.
    Contact,
    /// `Format.Date.shortYear`: a formatting constant for `ToCommunication` and friends.
    Format,
    /// One of Architect's structured types (`Survey.CustomerContact`, an ExternalContact):
    /// members typed as the Scripting SDK lists them ([`COMPLEX`]).
    Complex(Cpx),
    /// A lookup container or one of its entries (`System.Regions`, `System.Regions.US`): read
    /// for its fields (`System.Regions.US.dialingCode`), never a value itself
    /// ([`super::lookups`]).
    Lookup(super::lookups::Kind),
    /// A structured built-in the Scripting SDK does not type (`Chat.Guest`,
    /// `Workitem.Workitem`): members are typed by name.
    Builtin,
}

/// (base, Architect's code, the name shown to people)
const BASES: &[(Base, &str, &str)] = &[
    (Base::Unknown, "any", "Unknown"),
    (Base::NotSet, "nts", "NOT_SET"),
    (Base::String, "str", "String"),
    (Base::Integer, "int", "Integer"),
    (Base::Decimal, "dec", "Decimal"),
    (Base::Boolean, "bln", "Boolean"),
    (Base::Duration, "dur", "Duration"),
    (Base::DateTime, "dtm", "DateTime"),
    (Base::Date, "dat", "Date"),
    (Base::Time, "tim", "Time"),
    (Base::Currency, "cur", "Currency"),
    (Base::Timeslot, "tsl", "Timeslot"),
    (Base::PhoneNumber, "phn", "PhoneNumber"),
    (Base::Communication, "com", "Communication"),
    (Base::Audio, "aud", "Audio"),
    (Base::Prompt, "pmt", "Prompt"),
    (Base::Json, "jsn", "JSON"),
    (Base::Queue, "que", "Queue"),
    (Base::User, "usr", "User"),
    (Base::Group, "grp", "Group"),
    (Base::Skill, "skl", "Skill"),
    (Base::Language, "lac", "LanguageSkill"),
    (Base::WrapupCode, "wrc", "WrapupCode"),
    (Base::ScheduleGroup, "scg", "ScheduleGroup"),
    (Base::EmergencyGroup, "emg", "EmergencyGroup"),
    (Base::Contact, "con", "Contact"),
    (Base::Format, "fmt", "Format"),
    (Base::Builtin, "cpx", "Object"),
];

impl Base {
    fn row(self) -> &'static (Base, &'static str, &'static str) {
        BASES.iter().find(|(b, ..)| *b == self).expect("every base but Complex has a row")
    }

    pub fn code(self) -> &'static str {
        match self {
            Base::Complex(c) => c.get().code,
            Base::Lookup(k) => k.code(),
            _ => self.row().1,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Base::Complex(c) => c.get().name,
            Base::Lookup(k) => k.name(),
            _ => self.row().2,
        }
    }

    pub fn is_number(self) -> bool {
        matches!(self, Base::Integer | Base::Decimal)
    }

    /// A type a value converts to by its text or number (String, Integer, Decimal, Boolean,
    /// Duration, DateTime): where an action's output or a stub's literal is held to its
    /// variable's type.
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            Base::String
                | Base::Integer
                | Base::Decimal
                | Base::Boolean
                | Base::Duration
                | Base::DateTime
        )
    }

    /// The members Architect's Scripting SDK gives a value of this type
    /// (`tools/oracle/data/types.json`), with their types: `ToPhoneNumber(x).subscriberNumber`,
    /// `Flow.price.amount`. Names are as the SDK spells them (expressions read them
    /// case-insensitively). Scalars have none; `None` for the types whose members flowsim does
    /// not list (objects, org lookups the SDK predates).
    pub fn members(self) -> Option<&'static [(&'static str, Ty)]> {
        const ID_NAME: &[(&str, Ty)] = &[("id", Ty::STRING), ("name", Ty::STRING)];
        Some(match self {
            Base::String
            | Base::Integer
            | Base::Decimal
            | Base::Boolean
            | Base::Duration
            | Base::DateTime
            | Base::Date
            | Base::Time
            | Base::Audio
            | Base::Communication
            | Base::NotSet => &[],
            Base::Currency => &[("amount", Ty::DECIMAL), ("code", Ty::STRING)],
            Base::Timeslot => &[("dateTime", Ty::DATETIME), ("duration", Ty::DURATION)],
            Base::PhoneNumber => &[
                ("dialingCode", Ty::STRING),
                ("e164", Ty::STRING),
                ("subscriberNumber", Ty::STRING),
                ("isGlobal", Ty::BOOLEAN),
                ("isSip", Ty::BOOLEAN),
                ("isTel", Ty::BOOLEAN),
                ("raw", Ty::STRING),
                ("scheme", Ty::STRING),
                ("uri", Ty::STRING),
            ],
            Base::Prompt => &[
                ("duration", Ty::DURATION),
                ("id", Ty::STRING),
                ("name", Ty::STRING),
                ("textToSpeech", Ty::STRING),
                ("type", Ty::STRING),
            ],
            Base::User => &[("id", Ty::STRING), ("name", Ty::STRING), ("username", Ty::STRING)],
            Base::Queue | Base::Group | Base::Skill | Base::Language | Base::WrapupCode => ID_NAME,
            Base::Complex(c) => c.get().members,
            _ => return None,
        })
    }

    /// The type of member `name` (lower-cased) when [`Base::members`] lists it.
    pub fn member(self, name: &str) -> Option<Ty> {
        if let Base::Lookup(k) = self {
            return super::lookups::member_type(k, name);
        }
        self.members()?.iter().find(|(m, _)| m.eq_ignore_ascii_case(name)).map(|(_, t)| *t)
    }

    /// Whether Architect has collections of it (the SDK's `allowArray`): not of NOT_SET, Audio,
    /// a contact or a formatting constant.
    pub fn collection_allowed(self) -> bool {
        !matches!(self, Base::NotSet | Base::Audio | Base::Contact | Base::Format | Base::Lookup(_))
    }
}

/// A static type: a base type, or a collection of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ty {
    pub base: Base,
    pub collection: bool,
}

impl Ty {
    pub const UNKNOWN: Ty = Ty::of(Base::Unknown);
    pub const NOT_SET: Ty = Ty::of(Base::NotSet);
    pub const STRING: Ty = Ty::of(Base::String);
    pub const INTEGER: Ty = Ty::of(Base::Integer);
    pub const DECIMAL: Ty = Ty::of(Base::Decimal);
    pub const BOOLEAN: Ty = Ty::of(Base::Boolean);
    pub const DURATION: Ty = Ty::of(Base::Duration);
    pub const DATETIME: Ty = Ty::of(Base::DateTime);
    pub const DATE: Ty = Ty::of(Base::Date);
    pub const TIME: Ty = Ty::of(Base::Time);
    pub const CURRENCY: Ty = Ty::of(Base::Currency);
    pub const TIMESLOT: Ty = Ty::of(Base::Timeslot);
    pub const JSON: Ty = Ty::of(Base::Json);
    pub const PHONE_NUMBER: Ty = Ty::of(Base::PhoneNumber);
    pub const QUEUE: Ty = Ty::of(Base::Queue);
    pub const USER: Ty = Ty::of(Base::User);
    pub const GROUP: Ty = Ty::of(Base::Group);
    pub const LANGUAGE_SKILL: Ty = Ty::of(Base::Language);
    pub const WRAPUP_CODE: Ty = Ty::of(Base::WrapupCode);
    pub const PROMPT: Ty = Ty::of(Base::Prompt);

    pub const fn of(base: Base) -> Ty {
        Ty { base, collection: false }
    }

    pub const fn collection_of(base: Base) -> Ty {
        Ty { base, collection: true }
    }

    /// Not known: fits anywhere.
    pub fn is_unknown(self) -> bool {
        self.base == Base::Unknown
    }

    /// Known, and not the NOT_SET literal: a type an error can be certain about.
    pub fn is_known(self) -> bool {
        !matches!(self.base, Base::Unknown | Base::NotSet)
    }

    /// A single Integer or Decimal.
    pub fn is_number(self) -> bool {
        !self.collection && self.base.is_number()
    }

    pub fn is(self, base: Base) -> bool {
        !self.collection && self.base == base
    }

    /// The item type of a collection.
    pub fn item(self) -> Ty {
        Ty::of(self.base)
    }

    /// Architect's code: `str`, `int_coll`, `any`.
    pub fn code(self) -> String {
        if self.collection && self.base != Base::Unknown {
            format!("{}_coll", self.base.code())
        } else {
            self.base.code().to_owned()
        }
    }

    /// Reads a code (`str`, `int_coll`) or a name (`String`, `integer`, `StringCollection`,
    /// `String Collection`), case-insensitively.
    pub fn parse(text: &str) -> Option<Ty> {
        let t = text.trim().to_ascii_lowercase();
        let (base, collection) = if let Some(b) = t.strip_suffix("_coll") {
            (b.to_owned(), true)
        } else if let Some(b) = t.strip_suffix("collection") {
            (b.trim_end().to_owned(), true)
        } else if let Some(b) = t.strip_suffix("[]") {
            (b.to_owned(), true)
        } else {
            (t, false)
        };
        let alias = match base.as_str() {
            "bool" => "boolean",
            // flowsim's earlier codes, still read.
            "lng" | "language" => "languageskill",
            "notset" => "nts",
            "int" | "integer" => "integer",
            "phone" => "phonenumber",
            "datetime" | "date-time" => "datetime",
            other => other,
        };
        BASES
            .iter()
            .find(|(_, code, name)| {
                *code == base || *code == alias || name.eq_ignore_ascii_case(alias)
            })
            .map(|(b, ..)| *b)
            .or_else(|| Cpx::parse(&base).map(Base::Complex))
            .or_else(|| super::lookups::Kind::parse(&base).map(Base::Lookup))
            .filter(|b| !collection || b.collection_allowed())
            .map(|base| Ty { base, collection })
    }

    /// The type of a run-time value (a list's type is read from its first set item).
    pub fn of_value(v: &Value) -> Ty {
        use super::value::Type;
        let base = match v.ty() {
            Type::NotSet => Base::NotSet,
            Type::Boolean => Base::Boolean,
            Type::Integer => Base::Integer,
            Type::Decimal => Base::Decimal,
            Type::String => Base::String,
            Type::Duration => Base::Duration,
            Type::DateTime => Base::DateTime,
            Type::Date => Base::Date,
            Type::Time => Base::Time,
            Type::Currency => Base::Currency,
            Type::Timeslot => Base::Timeslot,
            Type::PhoneNumber => Base::PhoneNumber,
            Type::Object => Base::Json,
            Type::Communication => Base::Communication,
            Type::Audio => Base::Audio,
            Type::Prompt => Base::Prompt,
            Type::List => {
                let Value::List(items) = v else { return Ty::UNKNOWN };
                let first = items.iter().find(|i| i.is_set()).map_or(Ty::UNKNOWN, Ty::of_value);
                return Ty::collection_of(first.base);
            }
        };
        Ty::of(base)
    }
}

/// `String`, `Integer Collection`, `Collection` (of unknown items).
impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.collection, self.base) {
            (true, Base::Unknown) => f.write_str("Collection"),
            (true, b) => write!(f, "{} Collection", b.name()),
            (false, b) => f.write_str(b.name()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_names_read_back() {
        for (base, code, name) in BASES {
            assert_eq!(Ty::parse(code), Some(Ty::of(*base)), "{code}");
            assert_eq!(Ty::parse(name), Some(Ty::of(*base)), "{name}");
            assert_eq!(Ty::of(*base).code(), *code);
        }
        assert_eq!(Ty::parse("str_coll"), Some(Ty::collection_of(Base::String)));
        assert_eq!(Ty::parse("StringCollection"), Some(Ty::collection_of(Base::String)));
        assert_eq!(Ty::parse("integer collection"), Some(Ty::collection_of(Base::Integer)));
        assert_eq!(Ty::parse("bool"), Some(Ty::BOOLEAN));
        assert_eq!(Ty::parse("nonsense"), None);
        assert_eq!(Ty::collection_of(Base::Integer).to_string(), "Integer Collection");
        assert_eq!(Ty::collection_of(Base::Integer).code(), "int_coll");
    }

    #[test]
    fn values_have_types() {
        assert_eq!(Ty::of_value(&Value::Int(1)), Ty::INTEGER);
        let list = Value::from_json(&serde_json::json!([null, "a"]));
        assert_eq!(Ty::of_value(&list), Ty::collection_of(Base::String));
        assert_eq!(Ty::of_value(&Value::NotSet), Ty::NOT_SET);
    }
}
