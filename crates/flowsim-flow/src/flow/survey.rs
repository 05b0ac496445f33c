//! A voice survey flow's survey form, as the flow holds it: the form's name (`surveyForm`) and
//! the questions Architect built answer slots for (`settingsVoiceSurvey.surveyQuestions`), each
//! with its answer options (the digit a caller presses, the text a caller says).
//!
//! Architect lists only the questions it makes a list slot type for ("As Architect creates a
//! list slot type for each Multiple Choice, Yes/No, and Range question", [Work with voice survey
//! flows](https://help.mypurecloud.com/articles/work-with-voice-survey-flows)); a Free text
//! question is asked by an Ask Survey Question action but not listed, so a question the form
//! lacks is an open one (docs/architect.md §4).

use std::sync::Arc;

/// The survey form a voice survey flow was generated from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SurveyForm {
    /// `surveyForm: {name: ...}`; empty when the flow does not name one.
    pub name: Arc<str>,
    /// The listed questions, in the form's order.
    pub questions: Vec<SurveyQuestion>,
}

/// One listed question: `- surveyQuestion: {text, answerOptions: {lit: [...]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyQuestion {
    pub text: Arc<str>,
    /// Empty for a question listed without options: any answer is taken.
    pub options: Vec<AnswerOption>,
}

/// An answer option: `- lit: {dtmf: {lit: "1"}, text: {lit: Yes}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerOption {
    /// The digits that choose it (empty when it has none).
    pub dtmf: Arc<str>,
    /// The answer as the form records it and as a caller says it.
    pub text: Arc<str>,
}

impl SurveyForm {
    /// The listed question whose text is `text` (compared as written, surrounding white space
    /// aside: Architect copies the form's text into the action).
    pub fn question(&self, text: &str) -> Option<&SurveyQuestion> {
        self.questions.iter().find(|q| q.text.trim() == text.trim())
    }
}
