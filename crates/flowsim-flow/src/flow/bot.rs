//! What a bot flow declares beyond its actions: its NLU domain (intents with
//! utterances, slots and their types) and how it treats what the customer says (retry limits,
//! confidence thresholds, apologies, intent confirmations, agent escalation).
//!
//! Both front-ends fill one [`BotSettings`]: Archy from `settingsNaturalLanguageUnderstanding`,
//! `settingsUserInput`, `settingsBotFlow` and the bot parts of `settingsErrorHandling`; an
//! export from `nluMetaData.rawNlu`, `userInputSettings`, `nluMetaData.intents` and
//! `errorHandling`. Defaults are Genesys's for a new bot flow (Architect's User Input settings:
//! 3 no-match and 3 no-input retries, 3 confirmation rejections, thresholds 20 / 70 and 40).

use crate::expr::Expr;
use crate::nlu::Nlu;
use std::sync::Arc;

/// A bot flow's settings.
#[derive(Debug, Clone)]
pub struct BotSettings {
    /// The NLU domain, compiled (`None` when the flow declares none: every turn is a no-match
    /// unless a test pins the intent).
    pub nlu: Option<Arc<Nlu>>,
    pub input: UserInput,
    /// Each intent's confirmation question (`settingsBotFlow.intentSettings`), asked when a
    /// turn matches it with a confidence between the collection thresholds.
    pub confirmations: Vec<(Arc<str>, Expr)>,
    /// `enableAgentEscalation`: a request for a human (see `docs/architect.md`) asks
    /// `agentEscalationConfirmation`, then exits with `AgentRequestedByUser`.
    pub escalation: bool,
    pub escalation_confirmation: Option<Expr>,
    pub escalation_handover: Option<Expr>,
    /// Said before the bot exits on an error (`errorEventHandover`).
    pub error_handover: Option<Expr>,
    /// Said before the bot exits when recognition fails (`recognitionFailureEventHandover`).
    pub recognition_failure_handover: Option<Expr>,
    /// What the bot does after that handover (`recognitionFailureEventHandling`): `false`,
    /// exit the bot flow (`exit`, the default); `true`, disconnect the interaction
    /// (`disconnect`).
    pub recognition_failure_disconnects: bool,
    /// The values of the dynamic list slot types (`settingsBotFlow.dynamicSlotTypes`).
    pub dynamic_slot_types: Vec<DynamicSlotType>,
    /// The timeslots of the timeslot slot types (Archy's
    /// `settingsBotFlow.dynamicTimeslotTypes`, an export's
    /// `nluMetaData.mappings.dynamicTimeslots`).
    pub dynamic_timeslot_types: Vec<DynamicTimeslotType>,
    /// The reusable task each intent is linked to (`settingsBotFlow.intentSettings[].intent.task:
    /// {name}`), which Wait for Input runs when the customer's turn matches the intent.
    pub intent_tasks: Vec<(Arc<str>, Arc<str>)>,
}

/// A timeslot slot type's timeslots: a Timeslot Collection the flow gives, evaluated when a
/// slot of the type is asked for (the Scripting SDK's `ArchSettingsNluDynamicTimeslotType`:
/// "A collection whose items supply possible Timeslot values for the slot type").
#[derive(Debug, Clone)]
pub struct DynamicTimeslotType {
    pub name: Arc<str>,
    pub timeslots: Option<Expr>,
    /// Where the flow writes the timeslots, as diagnostics name it
    /// (`settingsBotFlow.dynamicTimeslotTypes[0].timeslots`).
    pub at: Box<str>,
}

/// A dynamic list slot type's values, given by the flow as String Collections evaluated when a
/// slot of the type is asked for: `values`, and optionally `synonyms` (one comma-separated text
/// per value).
#[derive(Debug, Clone)]
pub struct DynamicSlotType {
    pub name: Arc<str>,
    pub values: Option<Expr>,
    pub synonyms: Option<Expr>,
}

/// `settingsUserInput` / `userInputSettings`.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub no_matches_max: u32,
    pub no_inputs_max: u32,
    pub confirmation_rejections_max: u32,
    /// How long a turn waits for the customer before it is a no input (`noInputsTimeout`).
    pub no_inputs_timeout_ms: u64,
    /// Percent: a turn scoring below is a no-match.
    pub low_confidence: f64,
    /// Percent: a turn scoring at or above is taken without confirmation.
    pub high_confidence: f64,
    /// Percent: a yes/no answer to a confirmation scoring below is a no-match.
    pub confirmation_low_confidence: f64,
    pub no_match_apology: Option<Expr>,
    pub no_input_apology: Option<Expr>,
    pub no_to_confirmation_apology: Option<Expr>,
    pub confirmation_no_match_apology: Option<Expr>,
    pub confirmation_no_input_apology: Option<Expr>,
}

impl Default for UserInput {
    fn default() -> Self {
        UserInput {
            no_matches_max: 3,
            no_inputs_max: 3,
            confirmation_rejections_max: 3,
            no_inputs_timeout_ms: NO_INPUTS_TIMEOUT_MS,
            low_confidence: 20.0,
            high_confidence: 70.0,
            confirmation_low_confidence: 40.0,
            no_match_apology: None,
            no_input_apology: None,
            no_to_confirmation_apology: None,
            confirmation_no_match_apology: None,
            confirmation_no_input_apology: None,
        }
    }
}

/// The no-input timeout of a bot flow that sets none: 7 s.
pub const NO_INPUTS_TIMEOUT_MS: u64 = 7_000;

/// The longest `noInputsTimeout` read: a longer one waits this long (a day).
const MAX_NO_INPUTS_TIMEOUT_MS: i64 = 86_400_000;

/// A setting a front-end reads, and where it goes.
pub type Field<S, T> = (&'static str, fn(&mut S) -> &mut T);

/// The user-input settings by their key (the same in Archy's `settingsUserInput` and an
/// export's `userInputSettings`): retry counts, thresholds in percent, apologies.
pub const COUNTS: [Field<UserInput, u32>; 3] = [
    ("noMatchesMax", |u| &mut u.no_matches_max),
    ("noInputsMax", |u| &mut u.no_inputs_max),
    ("confirmationRejectionsMax", |u| &mut u.confirmation_rejections_max),
];
pub const PERCENTS: [Field<UserInput, f64>; 3] = [
    ("collectionLowConfidenceThreshold", |u| &mut u.low_confidence),
    ("collectionHighConfidenceThreshold", |u| &mut u.high_confidence),
    ("confirmationLowConfidenceThreshold", |u| &mut u.confirmation_low_confidence),
];
pub const APOLOGIES: [Field<UserInput, Option<Expr>>; 5] = [
    ("noMatchApology", |u| &mut u.no_match_apology),
    ("noInputApology", |u| &mut u.no_input_apology),
    ("noToConfirmationApology", |u| &mut u.no_to_confirmation_apology),
    ("confirmationNoMatchApology", |u| &mut u.confirmation_no_match_apology),
    ("confirmationNoInputApology", |u| &mut u.confirmation_no_input_apology),
];
/// The bot parts of the error-handling settings (Archy's `settingsErrorHandling`, an
/// export's `errorHandling`) that are communications.
pub const HANDOVERS: [Field<BotSettings, Option<Expr>>; 4] = [
    ("agentEscalationConfirmation", |b| &mut b.escalation_confirmation),
    ("agentEscalationHandover", |b| &mut b.escalation_handover),
    ("errorEventHandover", |b| &mut b.error_handover),
    ("recognitionFailureEventHandover", |b| &mut b.recognition_failure_handover),
];

/// Reads the user-input settings through `read(key, kind)`, which gives a setting's value as
/// the front-end reads it (a literal for counts and thresholds, a communication for
/// apologies), or `None` when the flow does not set it.
pub fn read_user_input(
    input: &mut UserInput,
    mut read: impl FnMut(&str, crate::flow::catalogue::PropKind) -> Option<Expr>,
) {
    use crate::expr::{ExprKind, Value};
    use crate::flow::catalogue::PropKind;
    let mut literal = |key: &str| match read(key, PropKind::Expr) {
        Some(Expr { kind: ExprKind::Lit(v), .. }) => Some(v),
        _ => None,
    };
    for (key, field) in COUNTS {
        if let Some(Value::Int(i)) = literal(key) {
            *field(input) = i.clamp(0, 100) as u32;
        }
    }
    // A Duration literal; one out of service (an export's, when the flow uses the default) is
    // not read by the front-end.
    if let Some(Value::Duration(ms)) = literal("noInputsTimeout") {
        input.no_inputs_timeout_ms = ms.clamp(0, MAX_NO_INPUTS_TIMEOUT_MS) as u64;
    }
    for (key, field) in PERCENTS {
        match literal(key) {
            Some(Value::Int(i)) => *field(input) = i.clamp(0, 100) as f64,
            Some(Value::Dec(d)) => {
                *field(input) = crate::expr::decimal::to_f64(d).clamp(0.0, 100.0);
            }
            _ => {}
        }
    }
    for (key, field) in APOLOGIES {
        *field(input) = read(key, PropKind::Audio);
    }
}

/// Reads the bot parts of the error-handling settings through `read` (as
/// [`read_user_input`]).
pub fn read_escalation(
    bot: &mut BotSettings,
    mut read: impl FnMut(&str, crate::flow::catalogue::PropKind) -> Option<Expr>,
) {
    use crate::expr::{ExprKind, Value};
    use crate::flow::catalogue::PropKind;
    bot.escalation = matches!(
        read("enableAgentEscalation", PropKind::Expr),
        Some(Expr { kind: ExprKind::Lit(Value::Bool(true)), .. })
    );
    for (key, field) in HANDOVERS {
        *field(bot) = read(key, PropKind::Audio);
    }
}

impl BotSettings {
    pub fn new(nlu: Option<Arc<Nlu>>) -> Self {
        BotSettings {
            nlu,
            input: UserInput::default(),
            confirmations: Vec::new(),
            escalation: false,
            escalation_confirmation: None,
            escalation_handover: None,
            error_handover: None,
            recognition_failure_handover: None,
            recognition_failure_disconnects: false,
            dynamic_slot_types: Vec::new(),
            dynamic_timeslot_types: Vec::new(),
            intent_tasks: Vec::new(),
        }
    }

    /// The reusable task linked to intent `intent` (case-insensitive), by name.
    pub fn intent_task(&self, intent: &str) -> Option<&Arc<str>> {
        self.intent_tasks.iter().find(|(i, _)| i.eq_ignore_ascii_case(intent)).map(|(_, t)| t)
    }

    /// The timeslot slot type named `name` (case-insensitive).
    pub fn dynamic_timeslot_type(&self, name: &str) -> Option<&DynamicTimeslotType> {
        self.dynamic_timeslot_types.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// The dynamic list slot type named `name` (case-insensitive).
    pub fn dynamic_slot_type(&self, name: &str) -> Option<&DynamicSlotType> {
        self.dynamic_slot_types.iter().find(|d| d.name.eq_ignore_ascii_case(name))
    }

    /// An intent's confirmation question.
    pub fn confirmation(&self, intent: &str) -> Option<&Expr> {
        self.confirmations.iter().find(|(i, _)| i.eq_ignore_ascii_case(intent)).map(|(_, e)| e)
    }
}

/// Why a bot flow ended, as Call Bot Flow's `exitReason` reports it (Genesys: "Call Bot Flow
/// action", Execution results: Exit reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    /// An Exit Bot Flow action, or the bot's actions ran out.
    TriggeredByFlow,
    /// The customer asked for a human and confirmed.
    AgentRequestedByUser,
    /// No-match or no-input retries ran out with no path for it.
    RecognitionFailure,
    /// An error no action handled.
    Error,
}

impl ExitReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ExitReason::TriggeredByFlow => "TriggeredByFlow",
            ExitReason::AgentRequestedByUser => "AgentRequestedByUser",
            ExitReason::RecognitionFailure => "RecognitionFailure",
            ExitReason::Error => "Error",
        }
    }
}
