//! Keys of a flow, a task, a state, a bot state or a menu that flowsim does not read.
//!
//! Archy refuses a file whose keys its format does not have; flowsim reads the keys below and
//! says of every other one that it is ignored (`unknownProperty`), as it does of an action's
//! keys: an **error** with its did-you-mean when a known key is near (`statse:`,
//! `divisions:`), since the flow would not be what its author wrote, else a **warning** (a key
//! of Architect's that changes nothing a run does, or one newer than flowsim). A `settings...`
//! key flowsim does not list is compared by what follows `settings`, so that an unknown
//! setting (`settingsInboundCall`) is a warning and only a misspelt one (`settingsMenus`) an
//! error. Work is the keys times the known names: linear in the file.

use super::yaml::Y;
use super::Cx;
use crate::diag::{Code, Severity};

/// The keys of a flow's mapping flowsim knows: the ones it reads, and the ones Archy writes
/// that change nothing a run does (`description`, `division`).
pub(super) const FLOW: &[&str] = &[
    "name",
    "description",
    "division",
    "startUpRef",
    "defaultLanguage",
    "supportedLanguages",
    "variables",
    "initialGreeting",
    "menus",
    "tasks",
    "states",
    "bots",
    "startUpTaskActions",
    "startUpState",
    "periodicState",
    "surveyForm",
    "settingsActionDefaults",
    "settingsErrorHandling",
    "settingsMenu",
    "settingsPrompts",
    "settingsSpeechRec",
    "settingsUserInput",
    "settingsInQueueCall",
    "settingsOutboundCall",
    "settingsCommonModule",
    "settingsKnowledge",
    "settingsBotFlow",
    "settingsNaturalLanguageUnderstanding",
    "settingsInboundEmailHandling",
    "settingsVoiceSurvey",
];

/// A task's, a state's or a bot state's keys.
pub(super) const TASK: &[&str] = &["name", "refId", "description", "variables", "actions"];

/// A menu's keys: its own, its settings, and the properties of the catalogue's `menu` entry
/// it reads from the menu's mapping.
pub(super) const MENU: &[&str] = &[
    "name",
    "refId",
    "description",
    "audio",
    "noEntryAudio",
    "choices",
    "defaultChildMenuRef",
    "settingsMenu",
    "settingsSpeechRec",
];

/// The prefix of Architect's flow settings.
const SETTINGS: &str = "settings";

impl Cx<'_> {
    /// An `unknownProperty` diagnostic for each key of `y` not in `known`; `what` names the
    /// mapping (the inboundCall flow, state `Main`).
    pub(super) fn unknown_keys(&mut self, y: &Y, what: &str, known: &[&str]) {
        for (k, _) in y.entry_nodes() {
            let Some(key) = k.text() else { continue };
            if known.contains(&key.as_ref()) {
                continue;
            }
            // A setting is compared by what follows `settings`, and is near one edit away:
            // Architect has settings flowsim does not list (`settingsInboundCall` is not a
            // misspelt `settingsOutboundCall`).
            let (near, certain) = match key.strip_prefix(SETTINGS) {
                Some(rest) if !rest.is_empty() => {
                    let rest = rest.to_lowercase();
                    let one = known.iter().copied().find(|n| {
                        n.strip_prefix(SETTINGS).is_some_and(|k| {
                            crate::util::edit_distance(&rest, &k.to_lowercase()) <= 1
                        })
                    });
                    (one, one)
                }
                _ => (
                    crate::util::nearest(&key, known.iter().copied()),
                    crate::util::nearest_one(&key, known.iter().copied()),
                ),
            };
            let d = self
                .diag(
                    Code::UnknownProperty,
                    format!("{what} has no key `{key}` that flowsim reads; it is ignored"),
                    k.pos,
                )
                .property(key.as_ref());
            let d = if let Some(n) = near {
                let fix = certain.and_then(|c| self.rename(k.pos, &key, c));
                d.help(format!("did you mean `{n}`? flowsim ignores `{key}`")).maybe_fix(fix)
            } else {
                let mut d = d.help(format!("the keys flowsim reads here: {}", known.join(", ")));
                d.severity = Severity::Warning;
                d
            };
            self.diags.push(d);
        }
    }
}
