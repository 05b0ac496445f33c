//! What a bot flow declares beyond its actions (issue 11): its NLU domain (intents with
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
}

/// `settingsUserInput` / `userInputSettings`.
#[derive(Debug, Clone)]
pub struct UserInput {
    pub no_matches_max: u32,
    pub no_inputs_max: u32,
    pub confirmation_rejections_max: u32,
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
        }
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
