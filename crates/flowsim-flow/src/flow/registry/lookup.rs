//! Finding a flow by id or name. Architect keeps flow names unique per flow type: "you can use
//! the name "Main" for one inbound flow and one outbound flow, but not two inbound flows"
//! ([Create a flow](https://help.mypurecloud.com/articles/create-a-call-flow/)). So a name may
//! stand for several flows, and every reference finds its flow through the types it may name
//! ([`Want`]): a module call a common module, a bot call a bot flow, a transfer an inbound call
//! flow. Every lookup of a flow by name goes through [`Registry::find`].

use super::Registry;
use crate::flow::catalogue::ActionSpec;
use crate::flow::model::FlowType;
use crate::flow::FlowIdx;
use std::borrow::Cow;

/// The flow types a reference to a flow may name (type keys, [`type_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want<'a> {
    /// Any type: a flow named by the user (who may add a type: [`Want::Only`]), a JSON flow's
    /// callee. A name two flows share is ambiguous.
    Any,
    /// The flow an action names: one of these types. A name only one flow has finds that flow
    /// when its type is not an Architect flow type ([`FlowType::Other`]: a JSON flow's own
    /// types), whose kind flowsim cannot judge, and a bot flow call any bot flow; an Architect
    /// flow of another type is [`Lookup::WrongType`], as Architect lists only flows of the
    /// types an action takes.
    Prefer(&'a [&'a str]),
    /// A flow of this type only (as written, `inboundCall`; compared by [`type_key`]).
    Only(&'a str),
}

use crate::flow::catalogue::facts::{INBOUND_CALL, SECURE_CALL};

impl Want<'static> {
    /// What a flow-naming action asks for: Call Common Module a common module, Call Bot Flow a
    /// bot flow, Call Digital Bot Flow a digital bot flow, Transfer to Flow an inbound call
    /// flow, Transfer to Secure Flow a secure call flow; any other action, any flow.
    pub fn of_action(spec: &ActionSpec) -> Want<'static> {
        match spec.facts.callee {
            Some(c) if !c.types.is_empty() => Want::Prefer(c.types),
            _ => Want::Any,
        }
    }

    /// What a transfer's route (`flow`, `secureFlow`) names.
    pub fn of_transfer(secure: bool) -> Want<'static> {
        Want::Prefer(if secure { SECURE_CALL } else { INBOUND_CALL })
    }
}

impl Want<'_> {
    /// Whether a flow of type key `key` is of a type wanted (`Only`'s type a key already).
    fn fits(self, key: &str) -> bool {
        match self {
            Want::Any => true,
            Want::Prefer(types) => types.contains(&key),
            Want::Only(t) => key == t,
        }
    }

    /// Whether the only flow of a name, of type key `key`, may be taken: a bot flow call takes
    /// a bot flow of any kind (its semantics run either), other references only their types.
    fn takes(self, key: &str) -> bool {
        match self {
            Want::Prefer(types) => {
                let kind = FlowType::of(key);
                self.fits(key)
                    || kind == FlowType::Other
                    || (kind == FlowType::Bot
                        && types.first().is_some_and(|t| FlowType::of(t) == FlowType::Bot))
            }
            _ => self.fits(key),
        }
    }

    /// The types wanted, as a message says them: `` `commonModule` ``, `` `botFlow` or
    /// `voiceBot` ``; `None` for any type.
    pub fn describe(self) -> Option<String> {
        let types: &[&str] = match self {
            Want::Any => return None,
            Want::Prefer(types) => types,
            Want::Only(t) => return Some(format!("`{t}`")),
        };
        let spelt: Vec<String> = types.iter().map(|t| format!("`{}`", spelling(t))).collect();
        Some(spelt.join(" or "))
    }
}

/// A type key as Archy spells the type: `inboundcall` is `inboundCall`.
fn spelling(key: &str) -> &str {
    const SPELT: &[&str] =
        &["commonModule", "botFlow", "voiceBot", "digitalBotFlow", "inboundCall", "secureCall"];
    SPELT.iter().find(|s| s.eq_ignore_ascii_case(key)).copied().unwrap_or(key)
}

/// A flow type as names are kept apart by it: lower case, the Platform API's `bot` and
/// `digitalbot` as Archy's `botFlow` and `digitalBotFlow`.
pub fn type_key(flow_type: &str) -> Cow<'_, str> {
    let lower = flow_type.trim().to_ascii_lowercase();
    match lower.as_str() {
        "bot" => Cow::Borrowed("botflow"),
        "digitalbot" => Cow::Borrowed("digitalbotflow"),
        _ => Cow::Owned(lower),
    }
}

/// `Name (type)`: a flow's name with its type, as [`Registry::label`] writes it where flows of
/// different types share the name.
pub fn typed_label(name: &str, flow_type: &str) -> String {
    format!("{name} ({flow_type})")
}

/// Why [`Registry::find`] found no one flow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// No flow has the id or name (of the type asked for).
    Missing,
    /// Several flows have the name and the types asked for do not choose one: the flows, in
    /// load order.
    Ambiguous(Vec<FlowIdx>),
    /// The one flow of the id or name is an Architect flow of a type the reference does not
    /// take (a module call naming an inbound call flow).
    WrongType(FlowIdx),
}

impl Registry {
    /// The flow `key` names for a reference that wants `want`: the flow of that id (exactly),
    /// else of that name (case-insensitively) as [`Want`] says.
    pub fn find(&self, key: &str, want: Want<'_>) -> Result<FlowIdx, Lookup> {
        let only;
        let want = match want {
            Want::Only(t) => {
                only = type_key(t);
                Want::Only(&only)
            }
            w => w,
        };
        let mut wrong = None;
        if let Some(&idx) = self.by_id.get(key) {
            if want.takes(self.type_key_of(idx)) {
                return Ok(idx);
            }
            wrong = Some(idx);
        }
        let named = self.named(key);
        if let ([one], Want::Any | Want::Prefer(_)) = (named, want) {
            return if want.takes(self.type_key_of(*one)) {
                Ok(*one)
            } else {
                Err(Lookup::WrongType(*one))
            };
        }
        let fitting: Vec<FlowIdx> =
            named.iter().copied().filter(|&i| want.fits(self.type_key_of(i))).collect();
        match (fitting.as_slice(), wrong) {
            ([one], _) => Ok(*one),
            ([], Some(idx)) if named.is_empty() && matches!(want, Want::Prefer(_)) => {
                Err(Lookup::WrongType(idx))
            }
            ([], _) if named.is_empty() || matches!(want, Want::Only(_)) => Err(Lookup::Missing),
            ([], _) => Err(Lookup::Ambiguous(named.to_vec())),
            _ => Err(Lookup::Ambiguous(fitting)),
        }
    }

    /// The type key of flow `idx` ([`type_key`] of its type).
    pub fn type_key_of(&self, idx: FlowIdx) -> &str {
        &self.type_keys[idx as usize]
    }

    /// A flow by id (exactly), else by name (case-insensitively), of any type; `None` when
    /// none has it or two flows of different types share the name (see [`Registry::find`]).
    pub fn resolve(&self, id_or_name: &str) -> Option<FlowIdx> {
        self.find(id_or_name, Want::Any).ok()
    }

    /// The flows named `name` (case-insensitively), one per flow type, in load order.
    pub fn named(&self, name: &str) -> &[FlowIdx] {
        crate::with_lowercase(name, |lower| self.by_lower_name.get(lower))
            .map_or(&[], Vec::as_slice)
    }

    /// The flow named `name` (case-insensitively) of type `flow_type` (by [`type_key`]).
    pub fn find_by_name(&self, name: &str, flow_type: &str) -> Option<FlowIdx> {
        let key = type_key(flow_type);
        self.named(name).iter().copied().find(|&i| self.type_key_of(i) == key)
    }

    /// The flow of id `id` (exactly), not by name: a flow whose id is its name has none.
    pub fn find_by_id(&self, id: &str) -> Option<FlowIdx> {
        self.by_id.get(id).copied()
    }

    /// The known flow name closest to `text`.
    pub fn nearest_name(&self, text: &str) -> Option<&str> {
        crate::util::nearest(text, self.flows.iter().map(|f| &*f.name))
    }

    /// What to do about `text`, which names no flow here: the nearest name, else the names
    /// there are (the first [`Registry::NAMES_SHOWN`], and how many more). Every front end that
    /// cannot find a flow (a run's request, a scenario, `explore`) says this.
    pub fn unknown_flow_help(&self, text: &str) -> String {
        if let Some(near) = self.nearest_name(text) {
            return format!("did you mean `{near}`?");
        }
        let mut names: Vec<&str> = self.flows.iter().map(|f| &*f.name).collect();
        names.sort_unstable();
        names.dedup();
        if names.is_empty() {
            return "no flow was loaded: point `flows` (flowsim.toml) or --flows at the flows' folder".into();
        }
        let shown: Vec<String> = names
            .iter()
            .take(Self::NAMES_SHOWN)
            .map(|n| format!("`{}`", crate::util::excerpt(n, 80)))
            .collect();
        let more = match names.len().saturating_sub(Self::NAMES_SHOWN) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        format!("name a flow by its name or id: the flows are {}{more}", shown.join(", "))
    }

    /// The flow names [`Registry::unknown_flow_help`] lists at most.
    pub const NAMES_SHOWN: usize = 5;

    /// How reports name flow `idx` (coverage, decision logs, a scenario's `Flow/Node`): its
    /// name, or `Name (type)` when flows of other types share the name (`Main (outboundCall)`),
    /// so that the two are never taken for one.
    pub fn label(&self, idx: FlowIdx) -> Cow<'_, str> {
        let flow = self.flow(idx);
        if self.named(&flow.name).len() > 1 {
            Cow::Owned(typed_label(&flow.name, &flow.flow_type))
        } else {
            Cow::Borrowed(&flow.name)
        }
    }

    /// The flow types of `flows`, as written, for a message: `inboundCall and outboundCall`.
    pub fn types_of(&self, flows: &[FlowIdx]) -> String {
        let types: Vec<String> =
            flows.iter().map(|&i| format!("`{}`", self.flow(i).flow_type)).collect();
        match types.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Lookup, Want};
    use crate::flow::Registry;
    use std::path::Path;

    fn flow(kind: &str, name: &str) -> String {
        format!(
            "{kind}:\n  name: {name}\n  startUpRef: \"/{kind}/tasks/task[T_1]\"\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n        actions:\n          - disconnect: {{name: Bye}}\n"
        )
    }

    fn registry(flows: &[(&str, &str)]) -> Registry {
        let texts: Vec<(String, String)> = flows
            .iter()
            .enumerate()
            .map(|(i, (kind, name))| (format!("f{i}.yaml"), flow(kind, name)))
            .collect();
        let report = Registry::from_sources(
            texts.iter().map(|(file, text)| (Path::new(file.as_str()), text.as_str())),
        );
        report.registry.expect("loads")
    }

    #[test]
    fn a_reference_takes_a_flow_of_its_types_only() {
        let reg = registry(&[
            ("inboundCall", "Main"),
            ("outboundCall", "MAIN"),
            ("outboundCall", "Away"),
        ]);
        let transfer = Want::of_transfer(false);
        assert_eq!(reg.find("main", transfer), Ok(0));
        assert_eq!(reg.find("Away", transfer), Err(Lookup::WrongType(2)));
        assert_eq!(reg.find("Away", Want::Any), Ok(2));
        assert_eq!(reg.find("Main", Want::Any), Err(Lookup::Ambiguous(vec![0, 1])));
        assert_eq!(reg.find("Main", Want::Only("OUTBOUNDCALL")), Ok(1));
        assert_eq!(reg.find("Main", Want::Only("inqueueCall")), Err(Lookup::Missing));
        assert_eq!(reg.find("Nowhere", transfer), Err(Lookup::Missing));
        assert_eq!((reg.type_key_of(0), reg.type_key_of(1)), ("inboundcall", "outboundcall"));
        assert_eq!((&*reg.label(1), &*reg.label(2)), ("MAIN (outboundCall)", "Away"));
    }
}
