//! Reports for people, built from a suite's report: the self-contained HTML page
//! (`flowsim test --report`, [`html`]). Library code returns text; the CLI writes it.

pub mod html;
