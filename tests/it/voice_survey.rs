//! Voice survey flows: Ask Survey Question asks a question of the flow's survey form, takes an
//! answer option by its digits or its words (an open question takes any words), retries
//! no-matches and no-inputs with the flow's user-input settings and, past their maximum,
//! skips the question; each question asked is in the result's `settings.surveyAnswers`
//! (docs/architect.md §3.7, with Genesys's pages).

use serde_json::json;

use crate::cli::flowsim;
use crate::support::{inline_registry as registry, result_json as json, run_json as run};

/// A voice survey of form `Service Survey` listing one Yes/No question, whose bot asks
/// `actions` and then disconnects.
fn survey(actions: &str) -> String {
    format!(
        r#"voiceSurvey:
  name: Survey
  startUpRef: "/voiceSurvey/bots/bot[Bot_1]"
  surveyForm:
    name: Service Survey
  defaultLanguage: en-us
  supportedLanguages:
    en-us:
      defaultLanguageSkill:
        noValue: true
  settingsUserInput:
    noMatchesMax: {{lit: 1}}
    noInputsMax: {{lit: 1}}
    noMatchApology: {{exp: 'MakeCommunication("Sorry.")'}}
    noInputApology: {{exp: 'MakeCommunication("I did not hear you.")'}}
  settingsVoiceSurvey:
    surveyQuestions:
      - surveyQuestion:
          text: Was the agent friendly?
          answerOptions:
            lit:
              - lit: {{dtmf: {{lit: "1"}}, text: {{lit: Yes}}}}
              - lit: {{dtmf: {{lit: "2"}}, text: {{lit: No}}}}
  bots:
    - bot:
        name: Survey Bot
        refId: Bot_1
        actions:
{actions}          - disconnect:
              name: Bye
"#
    )
}

/// The form's Yes/No question, as Architect generates its action.
const FRIENDLY: &str = r#"          - askSurveyQuestion:
              name: Friendly
              surveyQuestion:
                Service Survey:
                  lit:
                    text: Was the agent friendly?
              question: {exp: 'MakeCommunication("Was the agent friendly?")'}
              answer: {exp: 'MakeCommunication("Press 1 for yes, 2 for no.")'}
              noInput: {exp: 'MakeCommunication("Please answer.")'}
              noMatch: {exp: 'MakeCommunication("Press 1 or 2.")'}
"#;

/// A Free text question: the form lists none of its kind, and it has no answer options.
const COMMENTS: &str = r#"          - askSurveyQuestion:
              name: Comments
              surveyQuestion:
                Service Survey:
                  lit:
                    text: Any comments?
              noInput: {exp: 'MakeCommunication("Please answer.")'}
"#;

fn said(j: &serde_json::Value) -> Vec<String> {
    j["prompts"].as_array().unwrap().iter().map(|p| p["text"].as_str().unwrap().into()).collect()
}

#[track_caller]
fn answers(flow: &str, inputs: serde_json::Value) -> (serde_json::Value, Vec<String>) {
    let reg = registry(&[flow]);
    let j = json(&run(&reg, json!({"flowName": "Survey", "inputs": inputs})));
    assert_eq!(j["status"], "disconnected", "{j}");
    (j["settings"]["surveyAnswers"].clone(), said(&j))
}

#[test]
fn an_answer_option_is_chosen_by_its_digits_or_its_words() {
    let flow = survey(FRIENDLY);
    for (input, answer) in [
        (json!("1"), "Yes"),
        (json!("2"), "No"),
        (json!({"text": "no"}), "No"),
        (json!({"text": " YES! "}), "Yes"),
    ] {
        let (got, said) = answers(&flow, json!([input]));
        assert_eq!(got, json!([{"question": "Was the agent friendly?", "answer": answer}]));
        assert_eq!(said, ["Was the agent friendly?", "Press 1 for yes, 2 for no."]);
    }
}

#[test]
fn an_open_question_takes_any_words_and_says_the_forms_text_by_default() {
    let flow = survey(COMMENTS);
    let (got, said) = answers(&flow, json!([{"text": "The agent was great"}]));
    assert_eq!(got, json!([{"question": "Any comments?", "answer": "The agent was great"}]));
    assert_eq!(said, ["Any comments?"]);
    let (got, _) = answers(&flow, json!(["42"]));
    assert_eq!(got[0]["answer"], "42");
}

#[test]
fn a_no_match_says_the_apology_and_the_reprompt_and_asks_again() {
    let (got, said) = answers(&survey(FRIENDLY), json!(["7", {"text": "no"}]));
    assert_eq!(got, json!([{"question": "Was the agent friendly?", "answer": "No"}]));
    assert_eq!(
        said,
        ["Was the agent friendly?", "Press 1 for yes, 2 for no.", "Sorry.", "Press 1 or 2."]
    );
}

#[test]
fn past_the_no_match_maximum_the_question_is_skipped_and_the_flow_goes_on() {
    let flow = survey(&format!("{FRIENDLY}{COMMENTS}"));
    let (got, said) = answers(&flow, json!(["7", {"text": "maybe"}, {"text": "fine"}]));
    assert_eq!(
        got,
        json!([
            {"question": "Was the agent friendly?", "answer": null},
            {"question": "Any comments?", "answer": "fine"},
        ])
    );
    assert_eq!(said.last().unwrap(), "Any comments?", "{said:?}");
}

#[test]
fn a_no_input_says_the_apology_and_the_reprompt_then_skips_past_the_maximum() {
    let flow = survey(&format!("{FRIENDLY}{COMMENTS}"));
    let (got, said) = answers(&flow, json!(["timeout", "1", "timeout", "timeout"]));
    assert_eq!(
        got,
        json!([
            {"question": "Was the agent friendly?", "answer": "Yes"},
            {"question": "Any comments?", "answer": null},
        ])
    );
    assert_eq!(
        said,
        [
            "Was the agent friendly?",
            "Press 1 for yes, 2 for no.",
            "I did not hear you.",
            "Please answer.",
            "Any comments?",
            "I did not hear you.",
            "Please answer.",
        ]
    );
}

#[test]
fn check_holds_each_question_to_the_survey_form() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("survey.yaml");
    let path = file.to_str().unwrap();
    std::fs::write(&file, survey(FRIENDLY)).unwrap();
    let o = flowsim(&["check", "--strict", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);

    // A question the form does not list runs as a Free text one: a warning says so.
    std::fs::write(&file, survey(&FRIENDLY.replace("agent friendly?", "agent frendly?"))).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", path]);
    assert_eq!(o.code, 0, "{}{}", o.stdout, o.stderr);
    let text = format!("{}{}", o.stdout, o.stderr);
    assert!(
        text.contains("warning[unknownSurveyQuestion]: the survey form lists no question `Was the agent frendly?`")
            && text.contains("the form lists `Was the agent friendly?`"),
        "{text}"
    );

    // A question of another form is refused.
    std::fs::write(&file, survey(&FRIENDLY.replace("Service Survey:", "Old Survey:"))).unwrap();
    let o = flowsim(&["check", "--color", "never", "--flows", path]);
    assert_eq!(o.code, 1, "{}{}", o.stdout, o.stderr);
    let text = format!("{}{}", o.stdout, o.stderr);
    assert!(
        text.contains("error[unknownSurveyQuestion]: Ask Survey Question asks a question of survey form `Old Survey`, but the flow's survey form is `Service Survey`"),
        "{text}"
    );
}
