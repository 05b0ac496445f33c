//! Ask Survey Question against the voice survey flow's form (`unknownSurveyQuestion`): "The
//! specific survey question that the action corresponds to in the survey form. You can select
//! another question in the drop-down from the list of survey questions that the survey form
//! contains" ([Ask Survey Question action](https://help.mypurecloud.com/?p=343196)).
//!
//! - a question of another form than the flow's (`surveyForm`) is an error: Architect offers
//!   only the flow's form's questions;
//! - a question the flow's form does not list (`settingsVoiceSurvey.surveyQuestions`) is a
//!   warning: Architect lists only the questions it builds answer slots for (Multiple Choice,
//!   Yes/No, Range), so an unlisted one is run as a Free text question, and a misspelt one
//!   would be too.

use super::place::Places;
use crate::diag::{Code, Diagnostic};
use crate::flow::catalogue::bots::prop;
use crate::flow::model::Flow;

/// `unknownSurveyQuestion` diagnostics over every Ask Survey Question of `flows`.
pub(crate) fn check(flows: &[Flow], places: &Places<'_>, diags: &mut Vec<Diagnostic>) {
    for flow in flows {
        let form = flow.arch.survey.as_deref();
        for node in &flow.draft.nodes {
            let a = &node.action;
            if !a.has(prop::SURVEY_QUESTION) {
                continue;
            }
            let Some(question) = a.get(prop::SURVEY_QUESTION).text() else { continue };
            let named = a.get(prop::SURVEY_FORM).text().map_or("", |t| &**t);
            let mut d = match form {
                Some(f) if !f.name.is_empty() && !named.eq_ignore_ascii_case(&f.name) => {
                    Diagnostic::error(
                        Code::UnknownSurveyQuestion,
                        format!(
                            "Ask Survey Question asks a question of survey form `{named}`, but \
                             the flow's survey form is `{}`",
                            f.name
                        ),
                    )
                    .help("name the flow's form (`surveyQuestion: {<form name>: ...}`), as Architect's drop-down offers only its questions")
                }
                Some(f) if f.question(question).is_some() => continue,
                _ => {
                    let listed: Vec<String> = form
                        .map(|f| f.questions.iter().map(|q| format!("`{}`", q.text.trim())).collect())
                        .unwrap_or_default();
                    let help = if listed.is_empty() {
                        "the flow lists no questions (`settingsVoiceSurvey.surveyQuestions`)".to_owned()
                    } else {
                        format!("the form lists {}", listed.join(", "))
                    };
                    Diagnostic::warning(
                        Code::UnknownSurveyQuestion,
                        format!(
                            "the survey form lists no question `{}`: a run takes any answer to \
                             it, as to a Free text question (Architect lists only the questions \
                             with answer options)",
                            question.trim()
                        ),
                    )
                    .help(help)
                }
            };
            d = d
                .file(&flow.file)
                .flow(&*flow.name)
                .node(flow.node_label(node))
                .property("surveyQuestion");
            d = places.node(flow, d, node);
            diags.push(d);
        }
    }
}
