//! Surveys. Survey invite flows (docs/architect.md §3.5): Complete Survey Invite and Abort
//! Survey Invite end the flow, and the result's `surveyOutcome` says which. What Complete sends
//! (the address, the invitation's and the reminder's subject and body) and why Abort gave up
//! (its disposition) are the result's `settings.surveyInvite` and `settings.surveyDisposition`.
//!
//! Voice survey flows (§3.7): Ask Survey Question asks a question of the flow's survey form
//! as a bot's Ask does (`bots.rs`: the turn, no-match and no-input retries with the flow's
//! user-input settings). A turn answers a question with answer options when it is an option's
//! digits or its text (words compared ignoring case and punctuation); an open question (one
//! the form lists without options, or does not list: Free text questions) takes any words.
//! Retries past the maximum skip the question ("Architect skips the current Ask Survey Question
//! action and the flow moves onto the next action in the flow"). Each question asked is an
//! entry of the result's `settings.surveyAnswers`: `{question, answer}`, `answer` null when
//! skipped.

use super::super::cx::{Cx, Sets};
use super::super::did::Did;
use super::super::result::Status;
use super::bots::Turn;
use crate::expr::Value;
use crate::flow::action::Action;
use crate::flow::catalogue::bots::prop as ask;
use crate::flow::catalogue::conversation::prop;
use crate::flow::NodeIdx;
use crate::kind::ErrorKind;
use std::sync::Arc;

impl Sets<'_, '_, '_> {
    /// Complete Survey Invite: the invitation as the flow wrote it, then the flow ends.
    pub(super) fn complete_survey(&mut self, n: NodeIdx, a: &Action) -> Did {
        let mut invite = serde_json::Map::new();
        for id in prop::SURVEY_INVITE {
            match self.eval().value(n, a, id) {
                Ok(v) => invite.insert(id.name().to_owned(), v.to_json()),
                Err(did) => return did,
            };
        }
        self.set_setting("surveyInvite", Value::from_json(&serde_json::Value::Object(invite)));
        self.end_survey("completed")
    }

    /// Abort Survey Invite: its disposition (when it has one), then the flow ends.
    pub(super) fn abort_survey(&mut self, n: NodeIdx, a: &Action) -> Did {
        match self.eval().value(n, a, prop::SURVEY_DISPOSITION) {
            Ok(v) if v.is_set() => self.set_setting("surveyDisposition", v),
            Ok(_) => {}
            Err(did) => return did,
        }
        self.end_survey("aborted")
    }

    /// The survey invite flow ends (`completed` or `aborted`), as the run's status `completed`.
    fn end_survey(&mut self, outcome: &'static str) -> Did {
        self.talk.arch.survey = Some(outcome);
        Did::Stop(Status::Completed)
    }
}

impl Sets<'_, '_, '_> {
    /// The retries ran out: the question is recorded unanswered and the flow goes on.
    pub(super) fn skip_survey_question(&mut self, a: &Action) -> Did {
        let question = a.get(ask::SURVEY_QUESTION).text().cloned().unwrap_or_default();
        self.survey_answer(&question, None);
        Did::Success
    }

    /// One more entry of `settings.surveyAnswers`.
    fn survey_answer(&mut self, question: &str, answer: Option<&str>) {
        let mut answers = match self.talk.arch.settings.iter().find(|(k, _)| *k == "surveyAnswers")
        {
            Some((_, Value::List(items))) => items.to_vec(),
            _ => Vec::new(),
        };
        let mut entry = serde_json::Map::new();
        entry.insert("question".into(), serde_json::Value::String(question.trim().to_owned()));
        entry.insert("answer".into(), answer.map_or(serde_json::Value::Null, Into::into));
        answers.push(Value::from_json(&serde_json::Value::Object(entry)));
        self.set_setting("surveyAnswers", Value::List(Arc::new(answers)));
    }
}

// Ask Survey Question takes the caller's turn.
impl Cx<'_, '_> {
    /// Ask Survey Question: says `question` (the form's question text when the action has
    /// none: "By default, the text you entered in the Question field of the survey question")
    /// and `answer`, then takes the caller's turn.
    pub(super) fn ask_survey_question(&mut self, n: NodeIdx, a: &Action) -> Did {
        let Some(bot) = self.eval().bot() else { return Self::not_a_bot(a) };
        let Some(question) = a.get(ask::SURVEY_QUESTION).text().cloned() else {
            return Did::fail(
                ErrorKind::Unsupported,
                "Ask Survey Question names no question of the survey form".into(),
            );
        };
        let form = self.run.reg.flow(self.flowing.frame().flow).arch.survey.clone();
        let options = form.as_deref().and_then(|f| f.question(&question)).map(|q| &q.options[..]);
        let options = options.map(<[_]>::to_vec).unwrap_or_default();
        let (st, fresh) = self.eval().ask_state(n);
        if fresh {
            match self.eval().say_prop(n, a.first_of(&ask::QUESTION)) {
                Ok(true) => {}
                Ok(false) => self.eval().say(n, Arc::clone(&question)),
                Err(did) => return did,
            }
            if let Err(did) = self.eval().say_prop(n, a.get(ask::SURVEY_ANSWER)) {
                return did;
            }
        }
        let said = match self.turn() {
            Turn::NoInput => return self.no_input(n, a, &bot, st),
            Turn::Text(t, _) if t.trim().is_empty() => return self.no_input(n, a, &bot, st),
            Turn::NoMatch | Turn::Knowledge(_) => None,
            Turn::Text(t, _) | Turn::Intent(t, _) => Some(t),
        };
        let answer = said.and_then(|t| {
            let t = t.trim();
            if options.is_empty() {
                return Some(Arc::from(t));
            }
            let words = crate::nlu::text::words(t);
            let by_digits = options.iter().find(|o| !o.dtmf.is_empty() && &*o.dtmf == t);
            by_digits
                .or_else(|| options.iter().find(|o| crate::nlu::text::words(&o.text) == words))
                .map(|o| Arc::clone(&o.text))
        });
        match answer {
            Some(answer) => {
                self.sets().survey_answer(&question, Some(&answer));
                Did::Success
            }
            None => self.no_match(n, a, &bot, st),
        }
    }
}
