//! The flow ids the emulator answers with. The cloud gives every flow a GUID; a flow loaded
//! from Archy YAML or the JSON flow format has its name or its own id instead. Such a flow gets
//! a GUID derived from its name: the same name has the same id on every run and every machine
//! (docs/emulator.md). Flows of different types may share a name, as in Architect; each of
//! those gets a GUID derived from its name and its type, so that every flow has its own. A flow
//! whose id is a GUID already (an export) keeps it.
//!
//! Only the emulator's answers use these ids; traces and results keep the registry's.

use crate::flow::{Flow, FlowIdx, Registry};
use crate::util::Cut;
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// The id the emulator gives `flow`, one of `registry`'s: its own when it is a GUID, else
/// [`name_guid`] of its name, or of its name and type ([`typed_name`]) when flows of other
/// types share the name.
pub fn api_id<'f>(registry: &Registry, flow: &'f Flow) -> Cow<'f, str> {
    if is_guid(&flow.id) {
        Cow::Borrowed(&flow.id)
    } else if registry.named(&flow.name).len() > 1 {
        Cow::Owned(name_guid(&typed_name(flow)))
    } else {
        Cow::Owned(name_guid(&flow.name))
    }
}

/// What a flow's GUID is derived from when flows of other types share its name: the name, a
/// space and the type key in parentheses (`Main (outboundcall)`).
fn typed_name(flow: &Flow) -> String {
    format!("{} ({})", flow.name, crate::flow::registry::type_key(&flow.flow_type))
}

/// Whether `text` is a GUID: 8-4-4-4-12 hexadecimal digits.
pub fn is_guid(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// A GUID from a flow's name: the 128-bit FNV-1a hash of `flowsim flow ` and the name (as
/// written, UTF-8), shaped as an RFC 9562 version 8 UUID, lower case.
pub fn name_guid(name: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut h = OFFSET;
    for byte in b"flowsim flow ".iter().chain(name.as_bytes()) {
        h ^= u128::from(*byte);
        h = h.wrapping_mul(PRIME);
    }
    // Version 8 in bits 48..52, the RFC variant (10) in bits 64..66.
    h = (h & !(0xf << 76)) | (0x8 << 76);
    h = (h & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{h:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        hex.cut(..8),
        hex.cut(8..12),
        hex.cut(12..16),
        hex.cut(16..20),
        hex.cut(20..)
    )
}

/// The derived ids of a registry's flows, to find a flow by one.
#[derive(Default)]
pub struct Guids(FxHashMap<String, FlowIdx>);

impl Guids {
    pub fn new(registry: &Registry) -> Guids {
        let mut map = FxHashMap::default();
        for (i, flow) in registry.flows().iter().enumerate() {
            if !is_guid(&flow.id) {
                map.insert(api_id(registry, flow).into_owned(), i as FlowIdx);
            }
        }
        Guids(map)
    }

    /// The flow whose derived id is `text` (any case).
    pub fn find(&self, text: &str) -> Option<FlowIdx> {
        if !is_guid(text) {
            return None;
        }
        self.0.get(&text.to_ascii_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::{is_guid, name_guid};

    #[test]
    fn a_name_has_one_guid_always() {
        let id = name_guid("Acme Main IVR");
        assert!(is_guid(&id), "{id}");
        assert_eq!(&id[14..15], "8", "version 8: {id}");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"), "the RFC variant: {id}");
        assert_eq!(id, name_guid("Acme Main IVR"));
        assert_ne!(id, name_guid("Acme Main IVR2"));
        assert_ne!(id, name_guid("acme main ivr"));
        assert!(!is_guid("inbound-flow-a"));
        assert!(is_guid("6a1ee6d7-2b2c-4b9a-8b85-0d5f5e4c1a2b"));
    }
}
